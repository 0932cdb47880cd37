// How a command reaches the terminal: main() passes its CliIo through citty's `data`, so tests capture output.
import type { CliIo } from './main.ts';

export function ioOf(context: { data?: unknown }): CliIo {
  const io = (context.data as { io?: CliIo } | undefined)?.io;
  return (
    io ?? {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    }
  );
}
