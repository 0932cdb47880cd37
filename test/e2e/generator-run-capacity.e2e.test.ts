// `loadlens capacity --config a --config b` as a real process: each deployment configuration of tripstore
// is launched, searched step by step and stopped, and the "users and cost per instance size" table comes
// out side by side with one capacity file per configuration.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { capacitySchema } from '@loadlens/types';
import { expect, test } from 'vitest';
import { runCommand } from '../harness/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'apps/cli/bin/loadlens.js');
const TRIPSTORE = join(ROOT, 'apps/tripstore/bin/tripstore.js');
const dir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-capacity-'));

function deployment(name: string, fixed: string, monthlyUsd: number): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      command: [process.execPath, TRIPSTORE, '--port', '{port}', '--db', 'pglite', '--fixed', fixed],
      readiness: { http: '/health', timeout: '60s' },
      stopTimeout: '5s',
      instance: { name, monthlyUsd },
    }),
  );
  return file;
}

test('capacity --config launches each tripstore configuration and prints users and cost side by side', async () => {
  const workload = join(dir, 'signup.yaml');
  writeFileSync(
    workload,
    [
      'name: signup',
      'duration: 2s',
      'data: { emission: { users: 20, days: 1 } }',
      'users: { count: 600, perMinute: { signup: 1, health: 1 } }',
      'operations:',
      '  - { name: signup, method: POST, path: /profile/create, body: { scenario: emission.profile-create } }',
      '  - { name: health, path: /health }',
    ].join('\n'),
  );
  const out = join(dir, 'capacity.json');
  const args = [
    CLI,
    'capacity',
    workload,
    '--config',
    deployment('unfixed', 'none', 40),
    '--config',
    deployment('fixed', 'all', 80),
    '--slo',
    'p99<250ms,errors<1%',
    '--step-duration',
    '2s',
    '--max-steps',
    '4',
    '--out',
    out,
  ];
  const result = await runCommand(process.execPath, args, { timeoutMs: 110_000 });
  expect(result.code, result.stderr).toBe(0);
  for (const name of ['unfixed', 'fixed']) {
    const capacity = capacitySchema.parse(
      JSON.parse(readFileSync(join(dir, `capacity.${name}.json`), 'utf8')),
    );
    expect(capacity.instance?.name).toBe(name);
    expect(capacity.points.length).toBeGreaterThanOrEqual(2);
    // 600 users × 2 actions/min = 20/s at scale 1: the first step.
    expect(capacity.points[0]!.offeredRate).toBeCloseTo(20, 9);
    if (capacity.sustainableRate !== undefined)
      expect(capacity.usersSupported).toBeCloseTo((capacity.sustainableRate / 20) * 600, 6);
  }
  const table = result.stdout.slice(result.stdout.lastIndexOf('configuration'));
  expect(
    table
      .split('\n')
      .slice(0, 3)
      .map((line) => line.split(/\s{2,}/)[0]),
  ).toEqual(['configuration', 'unfixed', 'fixed']);
  expect(result.stderr).toMatch(
    /^capacity of "unfixed" \(http:\/\/127\.0\.0\.1:\d+\) for "signup" within p99 < 250ms, errors < 1%$/m,
  );
}, 120_000);
