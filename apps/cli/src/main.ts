// The CLI's dispatcher: picks the command, rejects unknown flags, runs it, and turns errors into the
// documented exit codes — 0 ok, 1 a threshold/SLO/regression failed, 2 usage or input error, 3 runtime failure.

import { ExitCode, InputError, isLoadlensError } from '@loadlens/types';
import { type ArgsDef, renderUsage, runCommand } from 'citty';
import { commands } from './commands.ts';
import { isCliCommand } from './options/cli-command.ts';
import { parseCommandLine } from './options/parse-command-line.ts';
import { renderHelp } from './options/render-help.ts';
import { rejectUnknownFlags } from './strict-args.ts';
import { LOADLENS_VERSION } from './version.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function topUsage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `loadlens ${LOADLENS_VERSION} — how much load does your HTTP service take, and what breaks first?`,
    '',
    'Usage: loadlens <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    'Run "loadlens <command> --help" for a command’s options.',
    'Exit codes: 0 ok · 1 a threshold, SLO or regression rule failed · 2 usage or input error · 3 runtime failure',
  ].join('\n');
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Runs the CLI on `rawArgs` and returns the exit code; never calls process.exit (tests call this).
 * @example const code = await main(['validate', 'workload.yaml'])
 */
export async function main(rawArgs: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = rawArgs;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(topUsage());
      return name === undefined ? ExitCode.input : ExitCode.ok;
    }
    if (name === '--version' || name === '-v') {
      io.out(LOADLENS_VERSION);
      return ExitCode.ok;
    }
    const entry = commands[name];
    if (!entry) throw new InputError(`unknown command "${name}" (see loadlens --help)`);
    const loaded = await entry.load();
    if (isCliCommand(loaded)) {
      // Help, parsing and validation all come from the command's table of options.
      if (wantsHelp(rest)) {
        io.out(renderHelp(loaded.spec, LOADLENS_VERSION));
        return ExitCode.ok;
      }
      const code = await loaded.run({ ...parseCommandLine(loaded.spec, rest), io });
      return code ?? ExitCode.ok;
    }
    // A command still written as a citty definition.
    const command = loaded;
    command.meta = { ...(command.meta as object), name: `loadlens ${name}`, version: LOADLENS_VERSION };
    if (wantsHelp(rest)) {
      const usage = await renderUsage(command);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: drops citty's colour codes off a terminal.
      io.out(process.stdout.isTTY ? usage : usage.replace(/\u001b\[[0-9;]*m/g, ''));
      return ExitCode.ok;
    }
    const argsDef = (
      typeof command.args === 'function' ? await command.args() : await command.args
    ) as ArgsDef;
    rejectUnknownFlags(rest, argsDef ?? {}, name);
    const { result } = await runCommand(command, { rawArgs: [...rest], data: { io } });
    return typeof result === 'number' ? result : ExitCode.ok;
  } catch (error) {
    if (isLoadlensError(error)) {
      const lines = error instanceof InputError ? error.problems : [error.message];
      for (const line of lines) io.err(line);
      return error.exitCode;
    }
    // citty's own usage errors (a missing required argument) are the user's, not a bug.
    if (error instanceof Error && error.name === 'CLIError') {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colour codes citty puts in messages.
      io.err(`${error.message.replace(/\u001b\[[0-9;]*m/g, '')} (see loadlens ${name ?? ''} --help)`);
      return ExitCode.input;
    }
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return ExitCode.runtime;
  }
}
