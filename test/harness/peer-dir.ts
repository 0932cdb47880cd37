// Throwaway directories for one peer instance, inside the run directory.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './run-dir.ts';

/** Creates an empty directory for one peer instance; its stop() removes it. */
export function makePeerDir(name: string): string {
  return mkdtempSync(join(runDir(), `${name}-`));
}
