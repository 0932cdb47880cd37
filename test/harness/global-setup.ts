// vitest globalSetup for the e2e tier: one run directory shared with the workers, and a sweep of
// every process group still recorded there when the run ends, failed or not.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killRecordedGroups } from './kill-groups.ts';
import { RUN_DIR_ENV } from './run-dir.ts';

export default function setup(): () => void {
  // Set before the workers fork, so they inherit it. Under /tmp so that peers running as another
  // user (PostgreSQL as `postgres` when we are root) can reach their directories.
  const ownDir = !process.env[RUN_DIR_ENV];
  const dir = process.env[RUN_DIR_ENV] ?? mkdtempSync(join(tmpdir(), 'loadlens-e2e-'));
  chmodSync(dir, 0o755);
  process.env[RUN_DIR_ENV] = dir;
  return function teardown() {
    const killed = killRecordedGroups(dir);
    if (killed.length > 0) console.error(`e2e teardown killed leftover peers: ${killed.join(', ')}`);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
}
