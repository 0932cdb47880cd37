// A pool of 3 on a real PostgreSQL, held by one slow query: past a few reports a second the quick lookups
// queue for a connection. loadlens must charge that queueing to the query holding the connections — its
// finding first, the waiting its evidence — and stay quiet about the pool when the reports are rare.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '@loadlens/types';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PostgresPeer, startPeer } from '../harness/index.ts';
import { tracedRun } from './traced-run.ts';

let postgres: PostgresPeer;
const dir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-pool-'));

beforeAll(async () => {
  postgres = await startPeer('postgres');
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query('CREATE TABLE items (id int PRIMARY KEY, owner int NOT NULL, name text NOT NULL)');
  await client.query("INSERT INTO items SELECT g, g % 50, 'item ' || g FROM generate_series(1, 5000) AS g");
  await client.end();
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function measure(name: string, reportsPerSecond: number): Promise<Report> {
  return tracedRun({
    dir,
    name,
    fixture: 'pool-server',
    databaseUrl: postgres.url,
    seconds: 10,
    operations: [
      `{ name: report, method: GET, path: /report/3, rate: ${reportsPerSecond}/s }`,
      '{ name: item, method: GET, path: /item/42, rate: 30/s }',
    ],
  });
}

test('charges the queue for the pool of 3 to the slow query holding it, ranked first', {
  timeout: 120_000,
}, async () => {
  // 18 reports a second hold 2.7 of the 3 connections on average: the lookups queue for one.
  const report = await measure('held', 18);
  const [first] = report.findings;
  expect(first?.kind).toBe('slow-query');
  expect(first?.fingerprint).toMatch(/^select count\(\*\) from items, pg_sleep\(\?\) where owner = \?$/);
  const causes = first?.evidence.find((e) => e.label.startsWith('causes waiting for a database connection'));
  expect(causes?.label, JSON.stringify(report.findings.map((f) => [f.title, f.evidence]))).toMatch(
    /^causes waiting for a database connection \(pool of 3 seen in use\) on [12] routes?$/,
  );
  expect(report.findings.filter((f) => f.kind === 'contention')).toEqual([]);
});

test('control: with two reports a second nobody queues and the pool is not mentioned', {
  timeout: 120_000,
}, async () => {
  const report = await measure('quiet', 2);
  expect(report.findings.filter((f) => f.kind === 'contention')).toEqual([]);
  expect(report.findings.flatMap((f) => f.evidence.map((e) => e.label))).not.toContainEqual(
    expect.stringMatching(/^causes waiting/),
  );
});
