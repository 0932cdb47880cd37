// Errors a user can cause, with the exit code the CLI documents. Anything else is a bug and keeps its stack.

/** The CLI's documented exit codes. */
export const ExitCode = {
  ok: 0,
  /** A threshold, SLO or regression rule failed. */
  failed: 1,
  /** Bad usage or bad input (a flag, a file). */
  input: 2,
  /** A runtime failure: target unreachable, a process crashed. */
  runtime: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the person at the terminal: printed as its message alone, no stack. */
export class LoadlensError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoadlensError';
    this.exitCode = exitCode;
  }
}

/** Bad usage or input: a malformed file, an unknown scenario, a wrong flag (exit 2). */
export class InputError extends LoadlensError {
  /** Every problem found, one line each; `message` is the first. */
  readonly problems: string[];
  constructor(problems: string | string[], options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list[0] ?? 'invalid input', ExitCode.input, options);
    this.name = 'InputError';
    this.problems = list;
  }
}

/** The world failed us: the target is unreachable or died, a child process crashed (exit 3). */
export class RuntimeFailure extends LoadlensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.runtime, options);
    this.name = 'RuntimeFailure';
  }
}

/** True for errors that should be shown to the user as one line. */
export function isLoadlensError(error: unknown): error is LoadlensError {
  return error instanceof LoadlensError;
}
