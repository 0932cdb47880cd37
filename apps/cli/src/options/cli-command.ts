// A command defined by its table: main reads the command line with it, prints --help from it, and hands
// the command its parsed, validated options.
import type { CliIo } from '../main.ts';
import type { CommandSpec } from './option-spec.ts';
import type { ParsedCommandLine } from './parse-command-line.ts';

export interface CliCommand<O, P extends string> {
  spec: CommandSpec<O, P>;
  /** Returns the exit code (0 when nothing is returned). */
  run(line: ParsedCommandLine<O, P> & { io: CliIo }): Promise<number | undefined>;
}

/** Identity, for the types: `export default defineCliCommand({ spec, async run({ options }) { … } })`. */
export function defineCliCommand<O, P extends string>(command: CliCommand<O, P>): CliCommand<O, P> {
  return command;
}

// biome-ignore lint/suspicious/noExplicitAny: a command of any options type.
export function isCliCommand(value: unknown): value is CliCommand<any, string> {
  return typeof value === 'object' && value !== null && 'spec' in value && 'run' in value;
}
