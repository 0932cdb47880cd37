// The emission family against the real tripstore: `launch` starts it from a deployment configuration,
// `synth emission --target` uploads seeded users through its API, and every emission scenario then
// produces requests tripstore accepts — reads land on the seeded users and days and find their data.
import { resolve } from 'node:path';
import { createRequestSource, type LaunchedTarget, launch } from '@loadlens/generator';
import { deploymentSchema, resolveWorkload, workloadSchema } from '@loadlens/types';
import { main } from 'loadlens';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PostgresPeer, startPeer } from '../harness/index.ts';

const BIN = resolve(import.meta.dirname, '../../apps/tripstore/bin/tripstore.js');
const SEED = 3;
const USERS = 4;
let tripstore: LaunchedTarget;

async function post(
  path: string,
  body: string | Uint8Array | undefined,
): Promise<{ status: number; json: Record<string, unknown[]> }> {
  const response = await fetch(`${tripstore.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown[]> };
}

beforeAll(async () => {
  tripstore = await launch(
    deploymentSchema.parse({
      name: 'tripstore-pglite',
      // `--fixed none`: one database connection (see the report: a pool over PGlite loses profiles).
      command: [
        process.execPath,
        BIN,
        '--port',
        '{port}',
        '--db',
        'pglite',
        '--fixed',
        'none',
        '--pipeline-interval',
        '1',
      ],
      readiness: { http: '/health', timeout: '60s' },
      stopTimeout: '5s',
    }),
  );
  const io = { out: () => {}, err: () => {} };
  expect(
    await main(
      [
        'synth',
        'emission',
        '--users',
        String(USERS),
        '--days',
        '2',
        '--seed',
        String(SEED),
        '--target',
        tripstore.url,
      ],
      io,
    ),
  ).toBe(0);
  // The intake pipeline runs every second; wait (bounded) until it has processed every seeded user.
  const deadline = Date.now() + 60_000;
  for (let i = 0; i < USERS; i++) {
    for (;;) {
      const { json } = await post('/pipeline/get_complete_ts', JSON.stringify({ user: `user-${SEED}-${i}` }));
      if ((json as unknown as { complete_ts: number | null }).complete_ts !== null) break;
      if (Date.now() > deadline) throw new Error(`pipeline did not process user-${SEED}-${i} within 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
});

afterAll(async () => {
  await tripstore?.stop();
});

test('every emission scenario yields requests tripstore accepts, and reads find the seeded data', async () => {
  const workload = resolveWorkload(
    workloadSchema.parse({
      name: 'emission-all',
      seed: SEED,
      duration: '10s',
      data: { emission: { users: USERS, days: 2, batch: 5 } },
      operations: [
        {
          name: 'profile',
          method: 'POST',
          path: '/profile/create',
          rate: 1,
          body: { scenario: 'emission.profile-create' },
        },
        { name: 'put', method: 'POST', path: '/usercache/put', rate: 1, body: { scenario: 'emission.put' } },
        { name: 'get', method: 'POST', path: '/usercache/get', rate: 1, body: { scenario: 'emission.get' } },
        {
          name: 'trips',
          method: 'POST',
          path: '/timeline/getTrips/{day}',
          rate: 1,
          body: { scenario: 'emission.get-trips' },
        },
        {
          name: 'find',
          method: 'POST',
          path: '/datastreams/find_entries/{time_type}',
          rate: 1,
          body: { scenario: 'emission.find-entries' },
        },
        {
          name: 'complete',
          method: 'POST',
          path: '/pipeline/get_complete_ts',
          rate: 1,
          body: { scenario: 'emission.complete-ts' },
        },
      ],
    }),
  );
  const source = createRequestSource(workload);
  const results: Record<string, { status: number; json: Record<string, unknown[]> }[]> = {};
  for (const [index, op] of workload.operations.entries()) {
    results[op.name] = [];
    for (let i = 0; i < 6; i++) {
      const request = source.next(index, new Map());
      results[op.name]!.push(await post(request.path, request.body));
    }
  }
  for (const [name, list] of Object.entries(results))
    expect(
      list.map((r) => r.status),
      name,
    ).toEqual([200, 200, 200, 200, 200, 200]);
  expect(results.put!.every((r) => (r.json as unknown as { inserted: number }).inserted === 7)).toBe(true);
  // Every seeded user travels every day, so every drawn (user, day) has trips.
  expect(results.trips!.every((r) => r.json.timeline!.length >= 1)).toBe(true);
  expect(
    results.complete!.every(
      (r) => typeof (r.json as unknown as { complete_ts: number }).complete_ts === 'number',
    ),
  ).toBe(true);
  // find-entries asks for a whole seeded local day, which always holds trips' locations.
  expect(results.find!.every((r) => r.json.phone_data!.length > 0)).toBe(true);
});

test('synth emission --target uploads concurrently (4 users at a time) to tripstore on PostgreSQL with a connection pool', async () => {
  let postgres: PostgresPeer | undefined;
  let pooled: LaunchedTarget | undefined;
  try {
    postgres = await startPeer('postgres');
    pooled = await launch(
      deploymentSchema.parse({
        name: 'tripstore-postgres',
        command: [
          process.execPath,
          BIN,
          '--port',
          '{port}',
          '--db',
          postgres.url,
          '--fixed',
          'all',
          '--pipeline-interval',
          '0',
        ],
        readiness: { http: '/health', timeout: '60s' },
      }),
    );
    const err: string[] = [];
    const code = await main(
      [
        'synth',
        'emission',
        '--users',
        '6',
        '--days',
        '1',
        '--seed',
        '21',
        '--inactive',
        '2',
        '--inactive-rate',
        '60s',
        '--target',
        pooled.url,
      ],
      { out: () => {}, err: (t) => err.push(t) },
    );
    // Exit 0 means every /profile/create and /usercache/put was answered 2xx (anything else exits 3).
    expect(code, err.join('\n')).toBe(0);
    const local = [
      ...(await import('@loadlens/generator')).emissionBatches({
        users: 6,
        days: 1,
        seed: 21,
        inactive: 2,
        inactiveIntervalS: 60,
      }),
    ];
    const expected = local.reduce((n, b) => n + b.entries.length, 0);
    expect(err.at(-1)).toMatch(
      new RegExp(`^${pooled.url}: ${expected} entries of 8 users in \\d+ requests, \\d+\\.\\d s$`),
    );
  } finally {
    await pooled?.stop();
    await postgres?.stop();
  }
});
