// Runs the CLI in-process on the given arguments and collects what it printed: how the command tests
// call `loadlens` without spawning a process.
import { main } from '../src/main.ts';

export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

export async function runCli(...args: string[]): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
