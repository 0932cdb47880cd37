// Errors a user of tripstore can cause, each with the exit code it documents: the demo target
// stays independent of loadlens's packages, so it carries its own two classes.

/** Bad usage: an unknown flag, a bad --fixed list, a malformed config or seed file (exit 2). */
export class UsageError extends Error {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/** The database cannot be reached or refused us (exit 3). */
export class DatabaseUnreachable extends Error {
  readonly exitCode = 3;
  override name = 'DatabaseUnreachable';
}

/** A request the client got wrong: answered with its status and `{error}`, never a stack. */
export class RequestError extends Error {
  readonly status: number;
  override name = 'RequestError';
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
