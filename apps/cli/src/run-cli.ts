// Process entry: runs the CLI on argv and exits with its code.
import { main } from './main.ts';

export async function runCli(argv: readonly string[]): Promise<never> {
  const code = await main(argv);
  process.exit(code);
}
