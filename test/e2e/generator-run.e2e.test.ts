// `loadlens run` as a real process against real targets: the emission workload against tripstore (scenario
// bodies, keep-alive, run.json), a SIGINT mid-run (partial run.json, clean exit) and a target that dies
// mid-run (exit 3, partial run.json marked target-died).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LaunchedTarget, launch } from '@loadlens/generator';
import { deploymentSchema, runResultSchema } from '@loadlens/types';
import { main } from 'loadlens';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, runCommand, startProcess } from '../harness/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'apps/cli/bin/loadlens.js');
const TRIPSTORE = join(ROOT, 'apps/tripstore/bin/tripstore.js');
const SEED = 5;
const USERS = 3;
const dir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-run-'));
let tripstore: LaunchedTarget;

function workload(name: string, duration: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `seed: ${SEED}`,
      `duration: ${duration}`,
      `data: { emission: { users: ${USERS}, days: 1 } }`,
      'slo: { p99: 5s, errors: 1% }',
      'operations:',
      '  - { name: profile, method: POST, path: /profile/create, rate: 5/s, body: { scenario: emission.profile-create } }',
      '  - { name: poll, method: POST, path: /usercache/get, rate: 20/s, body: { scenario: emission.get } }',
      '  - { name: trips, method: POST, path: "/timeline/getTrips/{day}", rate: 5/s, body: { scenario: emission.get-trips } }',
    ].join('\n'),
  );
  return file;
}

/** Runs the CLI as a child (its own process group); `onStart` gets its pid to signal. Bounded by `timeoutMs`. */
function cli(args: string[], timeoutMs: number, onStart?: (pid: number) => void) {
  return runCommand(process.execPath, [CLI, ...args], { timeoutMs, ...(onStart ? { onStart } : {}) });
}

beforeAll(async () => {
  tripstore = await launch(
    deploymentSchema.parse({
      name: 'tripstore-run-e2e',
      command: [process.execPath, TRIPSTORE, '--port', '{port}', '--db', 'pglite', '--fixed', 'none'],
      readiness: { http: '/health', timeout: '60s' },
      stopTimeout: '5s',
    }),
  );
  const io = { out: () => {}, err: () => {} };
  const seeded = await main(
    [
      'synth',
      'emission',
      '--users',
      String(USERS),
      '--days',
      '1',
      '--seed',
      String(SEED),
      '--target',
      tripstore.url,
    ],
    io,
  );
  expect(seeded).toBe(0);
});

afterAll(async () => {
  await tripstore?.stop();
});

test('loadlens run drives the emission workload against tripstore and writes a valid run.json', async () => {
  const out = join(dir, 'run.json');
  const result = await runCommand(
    process.execPath,
    [
      CLI,
      'run',
      workload('emission', '5s'),
      '--target',
      tripstore.url,
      '--out',
      out,
      '--trace-sample',
      '0.1',
    ],
    { timeoutMs: 60_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  const run = runResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  expect(run.partial).toBe(false);
  expect(run.operations.map((op) => [op.name, op.scheduled, op.dropped])).toEqual([
    ['profile', 25, 0],
    ['poll', 100, 0],
    ['trips', 25, 0],
  ]);
  for (const op of run.operations) {
    expect(op.ok, op.name).toBe(op.sent);
    expect(op.latencyMs.corrected.p50, op.name).toBeGreaterThan(0);
    expect(op.latencyMs.corrected.p99, op.name).toBeGreaterThanOrEqual(op.latencyMs.uncorrected.p50);
  }
  expect(run.slo?.passed).toBe(true);
  expect(result.stdout).toContain(`wrote ${out}`);
});

test('SIGINT mid-run stops cleanly and still writes run.json, marked partial', async () => {
  const out = join(dir, 'interrupted.json');
  const started = Date.now();
  const result = await cli(
    ['run', workload('long', '60s'), '--target', tripstore.url, '--out', out],
    30_000,
    (pid) => setTimeout(() => process.kill(pid, 'SIGINT'), 5000),
  );
  expect(result.code, result.stderr).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(result.stdout).toContain('(partial: interrupted, stopped by an interrupt (SIGINT))');
  const run = runResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  expect([run.partial, run.stopReason]).toEqual([true, 'interrupted']);
  expect(run.operations[1]!.ok).toBeGreaterThan(0);
  expect(run.durationMs).toBeLessThan(10_000);
});

test('a target that dies mid-run ends the run with exit 3 and a partial run.json', async () => {
  const port = await freePort();
  const server = await startProcess(
    process.execPath,
    ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
    { name: 'dying-target', ready: { tcp: port } },
  );
  const out = join(dir, 'died.json');
  setTimeout(() => void server.stop(), 2000);
  const result = await cli(
    ['run', workload('dies', '60s'), '--target', `http://127.0.0.1:${port}`, '--out', out],
    30_000,
  );
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(
    /^target http:\/\/127\.0\.0\.1:\d+ died mid-run: connections to .* refused for \d s$/m,
  );
  const run = runResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  expect([run.partial, run.stopReason]).toEqual([true, 'target-died']);
  expect(run.operations.reduce((n, op) => n + op.errors.refused, 0)).toBeGreaterThan(0);
});
