// A row lock on a real PostgreSQL: one route holds SELECT … FOR UPDATE across 80 ms of other work inside
// its transaction while another route's UPDATE of the same row waits. loadlens must name the lock, the
// holding statement and its route — not call the waiting UPDATE a slow query or advise an index — and
// must stay quiet when the transaction commits before the slow work (the fix).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '@loadlens/types';
import { main } from 'loadlens';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, type PostgresPeer, startPeer, startProcess } from '../harness/index.ts';
import { CLI, FIXTURES, startWrap } from './proxy-wrap.ts';

let postgres: PostgresPeer;
const dir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-lock-'));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  postgres = await startPeer('postgres');
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query('CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)');
  await client.query('INSERT INTO accounts SELECT g, 1000000 FROM generate_series(1, 100) AS g');
  await client.end();
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One run: collector, the fixture wrapped, `loadlens run` with the two routes, then `analyze`. */
async function measure(name: string, transferPath: string): Promise<Report> {
  const port = await freePort();
  const store = join(dir, `${name}.db`);
  const collector = await startProcess(
    process.execPath,
    [CLI, 'collect', '--listen', `127.0.0.1:${port}`, '--store', store],
    { name: 'loadlens-collect', ready: { log: /collecting OTLP\/HTTP on/ } },
  );
  const wrap = await startWrap(
    ['--otlp', `http://127.0.0.1:${port}`, '--', 'node', join(FIXTURES, 'lock-server', 'server.js')],
    { DATABASE_URL: postgres.url },
  );
  const workload = join(dir, `${name}.yaml`);
  writeFileSync(
    workload,
    [
      `name: ${name}`,
      'duration: 10s',
      'seed: 1',
      'operations:',
      `  - { name: transfer, method: POST, path: ${transferPath}, rate: 6/s }`,
      '  - { name: deposit, method: POST, path: /deposit/7, rate: 15/s }',
    ].join('\n'),
  );
  const runJson = join(dir, `${name}.run.json`);
  try {
    const run = await cli('run', workload, '--target', wrap.proxyUrl, '--out', runJson);
    expect(run.code, run.err).toBe(0);
  } finally {
    await wrap.process.stop();
    await collector.stop();
  }
  const analyzed = await cli(
    'analyze',
    store,
    '--run',
    runJson,
    '--explain',
    postgres.url,
    '--format',
    'json',
  );
  expect(analyzed.code, analyzed.err).toBe(0);
  return JSON.parse(analyzed.out) as Report;
}

test('names the row lock and the transaction holding it, and gives no index advice for the waiter', {
  timeout: 120_000,
}, async () => {
  const report = await measure('held', '/transfer/7');
  const lock = report.findings.find((f) => f.kind === 'contention');
  expect(lock?.title).toMatch(
    /^Requests on POST \/deposit\/\{id\} wait \d+(\.\d+)? ms for a lock on accounts, held by `SELECT balance FROM accounts WHERE id = \? FOR UPDATE` in a transaction of POST \/transfer\/\{id\} \(open 8\d(\.\d+)? ms\)$/,
  );
  expect(lock?.suggestion).toContain('no index will help');
  // The UPDATE that waited is not a slow query, and nothing advises an index for it.
  const waiter = report.findings.filter((f) =>
    f.fingerprint?.startsWith('update accounts set balance = balance + ?'),
  );
  expect(waiter).toEqual([]);
  expect(report.findings.some((f) => /CREATE INDEX/.test(f.suggestion))).toBe(false);
  // The top finding of the waiting route is the lock (the holding route has its own: 80 ms of work that
  // the traces cannot tell from CPU, inside the transaction).
  expect(report.findings.find((f) => f.route === 'POST /deposit/{id}')?.id).toBe(lock?.id);
});

test('control: the same routes committing before their slow work show no lock contention', {
  timeout: 120_000,
}, async () => {
  const report = await measure('quick', '/transfer-quick/7');
  expect(report.findings.filter((f) => f.kind === 'contention')).toEqual([]);
});
