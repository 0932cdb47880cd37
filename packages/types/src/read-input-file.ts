// Reading a file the user named (a workload, a deployment, a run or report, an access log): when it
// cannot be read, one InputError naming the file, what it was meant to be and why, in words.
import { readFile } from 'node:fs/promises';
import { InputError } from './errors.ts';

/**
 * The error for a file that cannot be opened or read.
 * @example unreadableFile('w.yaml', 'workload file', enoent).message // 'w.yaml: cannot read workload file: no such file'
 */
export function unreadableFile(file: string, what: string | undefined, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? error);
  return new InputError(`${file}: cannot read${what ? ` ${what}` : ''}: ${why}`, { cause: error });
}

/** The UTF-8 text of `file`, or an unreadableFile() error. */
export async function readInputFile(file: string, what?: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw unreadableFile(file, what, error);
  }
}
