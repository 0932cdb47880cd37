// `loadlens analyze` on real traces: an unchanged Node server with an N+1 on a real PostgreSQL, wrapped by
// `loadlens wrap` (proxy + zero-code OpenTelemetry) exporting to Jaeger v2, read back through /api/v3 —
// then `--explain` against the same PostgreSQL turns the sequential scan into an index suggestion.
import { join } from 'node:path';
import { spanFixture } from '@loadlens/analyzer/testing';
import { main } from 'loadlens';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type JaegerPeer, type PostgresPeer, startPeer } from '../harness/index.ts';
import { eventually, FIXTURES, startWrap, type WrapProcess } from './proxy-wrap.ts';

const SERVICE = 'proxy-fixture-esm';
const SECRET = 'secret-literal-4242';

let postgres: PostgresPeer;
let jaeger: JaegerPeer;
let wrap: WrapProcess;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  [postgres, jaeger] = await Promise.all([startPeer('postgres'), startPeer('jaeger')]);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  // 100,000 trips over 100 users and no index on user_id: each request lists 1,000 trips with a sequential
  // scan, then fetches them one by one (the fixture server's N+1). A thousand repeats keep the N+1 above
  // Sentry's 100 ms total even on a fast, idle machine (a primary-key fetch takes ~0.2 ms here).
  await client.query('CREATE TABLE trips (id serial PRIMARY KEY, user_id int NOT NULL, km numeric NOT NULL)');
  await client.query(
    'INSERT INTO trips (user_id, km) SELECT g % 100, g FROM generate_series(1, 100000) AS g',
  );
  await client.query('ANALYZE trips');
  await client.end();
  wrap = await startWrap(
    ['--otlp', jaeger.otlpHttpUrl, '--', 'node', join(FIXTURES, 'esm-server', 'server.js')],
    {
      DATABASE_URL: postgres.url,
    },
  );
  for (let i = 0; i < 6; i++)
    expect((await fetch(`${wrap.proxyUrl}/users/${i + 1}/trips?token=${SECRET}`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await wrap?.process.stop();
  await Promise.all([postgres?.stop(), jaeger?.stop()]);
});

test('finds the N+1 and the proxy hop in traces read from Jaeger v2, with no literal in any output', async () => {
  const source = `jaeger:${jaeger.queryUrl}?service=${SERVICE}&since=10m`;
  const report = await eventually(async () => {
    const r = await cli('analyze', source, '--format', 'json');
    if (r.code !== 0) throw new Error(r.err);
    const parsed = JSON.parse(r.out);
    // Jaeger may hold a trace whose proxy span has not arrived yet: wait for six whole requests.
    const counted =
      parsed.routes.find((r: { route: string }) => r.route === 'GET /users/{id}/trips')?.count ?? 0;
    if (counted < 6) throw new Error(`only ${counted} complete requests in Jaeger so far`);
    return parsed;
  }, 60_000);
  const nPlusOne = report.findings.find((f: { kind: string }) => f.kind === 'n-plus-one');
  expect(nPlusOne).toMatchObject({
    fingerprint: 'select id, km from trips where id = ?',
    evidence: expect.arrayContaining([{ label: 'repeats per request (max)', value: 1000 }]),
  });
  const route = report.routes.find((r: { route: string }) => r.route === nPlusOne.route);
  expect(route.count).toBe(6);
  expect(route.stages.map((s: { stage: string }) => s.stage)).toEqual(
    expect.arrayContaining(['db:postgresql', 'proxy', 'app']),
  );
  expect(report.queries.map((q: { fingerprint: string }) => q.fingerprint)).toEqual(
    expect.arrayContaining([
      'select id, km from trips where id = ?',
      'select id from trips where user_id = ? order by id',
    ]),
  );
  for (const format of ['text', 'md', 'json']) {
    const r = await cli('analyze', source, '--format', format);
    expect(r.out).not.toContain(SECRET);
  }
}, 90_000);

test('--explain turns the sequential scan of the trip list into an index on the filter, then sort fields', async () => {
  const r = await cli(
    'analyze',
    `jaeger:${jaeger.queryUrl}?service=${SERVICE}&since=10m`,
    '--explain',
    postgres.url,
    '--format',
    'json',
  );
  expect(r.err).toBe('');
  const report = JSON.parse(r.out);
  const advised = report.findings.find((f: { suggestion: string }) => f.suggestion.includes('CREATE INDEX'));
  expect(advised).toMatchObject({
    fingerprint: 'select id from trips where user_id = ? order by id',
    suggestion: expect.stringContaining('Add an index: CREATE INDEX ON trips (user_id, id);'),
    evidence: expect.arrayContaining([{ label: 'plan: Seq Scan on trips', value: 100000, unit: 'rows' }]),
  });
}, 60_000);

test('--explain says which shapes the database could not plan, and still reports', async () => {
  // The crafted fixture's queries name a `points` table this database does not have.
  const fixture = spanFixture('trips-head.jsonl');
  const r = await cli('analyze', fixture, '--explain', postgres.url, '--format', 'json');
  expect(r.code).toBe(0);
  expect(r.err).toContain(
    'warning: --explain could not plan select * from points where trip_id = ? and lat > ?: relation "points" does not exist',
  );
  expect(JSON.parse(r.out).findings.length).toBeGreaterThan(0);
}, 60_000);
