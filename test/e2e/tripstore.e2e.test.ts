// tripstore against real peers: the API contract and the five bottlenecks on a real PostgreSQL
// server and on FerretDB (a MongoDB-wire server) through the official driver, and the `tripstore`
// binary started as a user would (one process on PostgreSQL, a node:cluster on embedded PGlite).
// FerretDB v1 never reads an index for these filters (it pushes them down as jsonb containment),
// so there the index fix is shown by the index it creates and drops, not by the plan.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { BOTTLENECKS, type FixedSet, serve } from 'tripstore';
import {
  clientOf,
  describeBottlenecks,
  describeContract,
  type StartTripstore,
  syntheticDay,
  uniqueUser,
} from 'tripstore/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type FerretDbPeer,
  freePort,
  type PostgresPeer,
  runCommand,
  startPeer,
  startProcess,
} from '../harness/index.ts';

const BIN = resolve(import.meta.dirname, '../../apps/tripstore/bin/tripstore.js');
const FIXED_SETS: [string, FixedSet][] = [
  ['none', new Set()],
  ['all', new Set(BOTTLENECKS)],
];

function startOn(db: () => string): StartTripstore {
  return async function startTripstore(fixed) {
    const running = await serve({
      port: 0,
      host: '127.0.0.1',
      db: db(),
      fixed,
      poolSize: 4,
      workers: 1,
      pipelineInterval: 0,
    });
    return { url: running.url, store: running.store!, close: running.close };
  };
}

describe('on PostgreSQL', () => {
  let postgres: PostgresPeer;
  beforeAll(async () => {
    postgres = await startPeer('postgres');
  });
  afterAll(async () => {
    await postgres?.stop();
  });
  const start = startOn(() => postgres.url);
  describeContract('postgres', start, FIXED_SETS);
  describeBottlenecks('postgres', start, { scanNode: /Seq Scan/, indexNode: /Index Scan/ });

  test('seed COPYs a JSON lines file into PostgreSQL and the pipeline finds its trips', async () => {
    const users = [uniqueUser('seeded'), uniqueUser('seeded')];
    const lines = users.flatMap((user, seed) =>
      syntheticDay({ user, trips: 3, seed }).map((entry) => JSON.stringify(entry)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'tripstore-seed-'));
    const file = join(dir, 'entries.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    try {
      const seeded = await runCommand(
        process.execPath,
        [BIN, 'seed', '--db', postgres.url, '--from', file, '--pipeline'],
        {
          timeoutMs: 60_000,
        },
      );
      expect(seeded.stderr).toBe('');
      expect(seeded.stdout).toMatch(
        new RegExp(
          `^seeded ${lines.length} entries for 2 users in [\\d.]+ s \\(\\d+ entries/s\\); pipeline found 6 trips\n$`,
        ),
      );
      const server = await start(new Set(BOTTLENECKS));
      try {
        const trips = await clientOf(server.url).post('/timeline/getTrips/2026-11-01', { user: users[1] });
        expect(trips.body.timeline).toHaveLength(3);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the binary serves a real PostgreSQL and says where it listens', async () => {
    const port = await freePort();
    const server = await startProcess(
      process.execPath,
      [
        BIN,
        '--port',
        String(port),
        '--db',
        postgres.url,
        '--fixed',
        'index,pool',
        '--pipeline-interval',
        '0',
      ],
      { name: 'tripstore', ready: { log: /^listening on http:\/\/127\.0\.0\.1:\d+$/ } },
    );
    try {
      expect(server.logs()).toContain(`listening on http://127.0.0.1:${port}`);
      const client = clientOf(`http://127.0.0.1:${port}`);
      const user = uniqueUser('binary');
      await client.loadDay(user, 2);
      expect((await client.post('/timeline/getTrips/2026-11-01', { user })).body.timeline).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });
});

describe('on FerretDB', () => {
  // FerretDB's PostgreSQL handler: its SQLite handler pushes no filter down, so every upsert
  // scans the collection and a contract run takes minutes.
  let backing: PostgresPeer;
  let ferretdb: FerretDbPeer;
  beforeAll(async () => {
    backing = await startPeer('postgres');
    ferretdb = await startPeer('ferretdb', { postgresUrl: backing.url });
  });
  afterAll(async () => {
    await ferretdb?.stop();
    await backing?.stop();
  });
  const start = startOn(() => `${ferretdb.url}tripstore`);
  describeContract('ferretdb', start, FIXED_SETS);
  describeBottlenecks('ferretdb', start, {
    scanNode: /Seq Scan/,
    indexNode: /Seq Scan/,
    async timeseriesIndexes() {
      const client = new MongoClient(ferretdb.url);
      try {
        const indexes = await client.db('tripstore').collection('timeseries').indexes();
        return indexes.map((index) => String(index.name));
      } finally {
        await client.close();
      }
    },
  });
});

test('the binary runs a node:cluster of workers on embedded PGlite', async () => {
  const port = await freePort();
  const server = await startProcess(
    process.execPath,
    [BIN, '--port', String(port), '--workers', '2', '--fixed', 'all', '--pipeline-interval', '0'],
    { name: 'tripstore-cluster', ready: { log: /^listening on / } },
  );
  try {
    const client = clientOf(`http://127.0.0.1:${port}`);
    const user = uniqueUser('cluster');
    await client.loadDay(user, 3);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => client.post('/timeline/getTrips/2026-11-01', { user })),
    );
    expect(replies.map((reply) => reply.body.timeline.length)).toEqual([3, 3, 3, 3, 3, 3]);
  } finally {
    await server.stop();
  }
});
