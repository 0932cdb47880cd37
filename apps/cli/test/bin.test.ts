// The installed binary as a user runs it: a real process, on the repository's pinned Node.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../../node_modules/.bin/loadlens', import.meta.url));

describe('loadlens binary', () => {
  it('runs validate on the example and exits 0', () => {
    const result = spawnSync(bin, ['validate', 'examples/canvass-peak.yaml'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/visit\s+POST\s+\/visits\s+583\.3\/s/);
    expect(result.stdout).toMatch(/total\s+705\/s/);
  });

  it('exits 2 with a one-line message and no stack for bad input', () => {
    const result = spawnSync(bin, ['validate', 'packages/generator/test/fixtures/bad-rate.yaml'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'packages/generator/test/fixtures/bad-rate.yaml: operations[2].rate: expected a rate like "50/s", got "fast"',
    ]);
  });

  it('runs on the pinned Node 24 from npm scripts', () => {
    // vitest itself was started by `npm test`, so this is the node npm put first on PATH.
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
