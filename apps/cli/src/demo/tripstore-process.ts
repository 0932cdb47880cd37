// Where the demo finds tripstore (the repository's demo target) and how it runs its seed step as a
// child process, the same way a person would from the shell.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RuntimeFailure } from '@loadlens/types';

/** tripstore ships in this repository next to the CLI, not on npm: the demo needs a clone. */
export const TRIPSTORE_BIN = fileURLToPath(new URL('../../../tripstore/bin/tripstore.js', import.meta.url));

export function assertTripstorePresent(): void {
  if (!existsSync(TRIPSTORE_BIN))
    throw new RuntimeFailure(
      `demo: tripstore not found at ${TRIPSTORE_BIN}; the demo runs from a clone of the loadlens repository`,
    );
}

/**
 * Runs `tripstore <args>` to completion, passing each output line to `onLine`; a failing exit is a
 * RuntimeFailure carrying its last lines.
 */
export function runTripstore(
  args: string[],
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRIPSTORE_BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    const tail: string[] = [];
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 5) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new RuntimeFailure(`tripstore ${args[0]} exited with ${code}: ${tail.join(' | ')}`));
    });
  });
}
