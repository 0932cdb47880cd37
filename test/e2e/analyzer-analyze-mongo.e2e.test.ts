// `loadlens analyze --explain mongodb://…` against a real MongoDB-wire server (FerretDB): the shapes of
// MongoDB spans (as instrumentation-mongodb writes them) are explained with placeholder values, and for a
// scan of a large collection the index by ESR (equality, then sort, then range fields) is built, explained
// again and dropped. FerretDB 1.x's planner never reads through such an index (its SQLite backend pushes
// no filter down), so the known answer there is: tried, not used, not suggested — and said so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { craftTrace, otlpJsonLine } from '@loadlens/analyzer/testing';
import { main } from 'loadlens';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type FerretDbPeer, startPeer } from '../harness/index.ts';

let ferretdb: FerretDbPeer;
let dir: string;

beforeAll(async () => {
  [ferretdb, dir] = await Promise.all([
    startPeer('ferretdb'),
    mkdtemp(join(tmpdir(), 'loadlens-e2e-mongo-')),
  ]);
  const client = new MongoClient(`${ferretdb.url}tripstore`);
  await client.connect();
  try {
    const docs = Array.from({ length: 20_000 }, (_, i) => ({
      user_id: `u${i % 100}`,
      ts: 1_790_000_000 + i,
      key: 'background/location',
    }));
    await client.db().collection('timeseries').insertMany(docs);
  } finally {
    await client.close();
  }
}, 120_000);

afterAll(async () => {
  await ferretdb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a timeline read that scans the whole collection: the ESR index on user, then ts, is tried and, unused by FerretDB, not suggested', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    const t = craftTrace(i * 100);
    const root = t.server('POST', '/timeline/getTrips/:day', { at: 0, ms: 60 });
    // instrumentation-mongodb's db.statement: every scalar replaced by "?".
    t.mongo(
      root,
      'timeseries',
      'find',
      {
        find: '?',
        filter: { user_id: '?', ts: { $gte: '?', $lt: '?' } },
        sort: { ts: 1 },
        lsid: { id: '?' },
        $db: '?',
      },
      { at: 5, ms: 50 },
    );
    lines.push(otlpJsonLine(t.spans()));
  }
  const spans = join(dir, 'spans.jsonl');
  await writeFile(spans, `${lines.join('\n')}\n`);
  const indexes = async () => {
    const client = new MongoClient(`${ferretdb.url}tripstore`);
    await client.connect();
    try {
      return await client.db().collection('timeseries').listIndexes().toArray();
    } finally {
      await client.close();
    }
  };
  const before = await indexes();
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['analyze', spans, '--explain', `${ferretdb.url}tripstore`, '--format', 'json'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  expect(code).toBe(0);
  expect(err.join('\n')).toBe(
    'note: --explain did not suggest db.timeseries.createIndex({ "user_id": 1, "ts": 1 }) for ' +
      // The fingerprint, cut to 80 characters as in every --explain line.
      'timeseries.find {"filter":{"ts":{"$gte":"?","$lt":"?"},"user_id":"?"},"sort":{"t: ' +
      "the server's plan still reads the whole collection (SCAN on timeseries)",
  );
  // The probe index was dropped again.
  expect(await indexes()).toEqual(before);
  const report = JSON.parse(out.join('\n'));
  expect(report.findings.some((f: { suggestion: string }) => f.suggestion.includes('createIndex'))).toBe(
    false,
  );
}, 90_000);
