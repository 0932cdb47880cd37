// The directory one e2e run keeps its peers' temp dirs and pid files in, so that the global
// teardown and scripts/test-e2e.ts can kill whatever a crashed worker left behind.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RUN_DIR_ENV = 'LOADLENS_E2E_RUN_DIR';

/**
 * The run directory. A process that uses the harness outside `npm run test:e2e` (a benchmark, a
 * test file run on its own) gets one of its own, removed when it exits.
 */
export function runDir(): string {
  let dir = process.env[RUN_DIR_ENV];
  if (!dir) {
    const ownDir = join(tmpdir(), `loadlens-e2e-${process.pid}`);
    dir = ownDir;
    process.env[RUN_DIR_ENV] = dir;
    process.on('exit', function removeOwnRunDir() {
      rmSync(ownDir, { recursive: true, force: true });
    });
  }
  mkdirSync(join(dir, 'pids'), { recursive: true });
  return dir;
}

/** Where the pid file of a started process group lives. */
export function pidFile(pid: number): string {
  return join(runDir(), 'pids', String(pid));
}
