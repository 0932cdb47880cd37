// What two of tripstore's bottlenecks cost, each against its own fix in the same run, on a real
// PostgreSQL server started by the e2e harness:
// - index: server-side execution time of the timeseries read (one active user, one day) as
//   inactive users' history grows, without and with the compound index (EXPLAIN ANALYZE, median of 5);
// - serialize: this process's CPU per find_entries request for a month of one user's entries,
//   hydrating every row versus projecting and streaming (median of 20 requests).
// Usage: node bench/tripstore-bottlenecks.ts [inactiveUsers=300]

import { hasPeer, startPeer } from '@loadlens/e2e/harness';
import pg from 'pg';
import { type Bottleneck, SQL, serve } from 'tripstore';
import { syntheticDay } from 'tripstore/testing';

const inactiveUsers = Number(process.argv[2] ?? 300);
if (!hasPeer('postgres')) {
  console.log('skipped: no PostgreSQL binaries (run test/setup/install-peers.sh)');
  process.exit(0);
}
const postgres = await startPeer('postgres');

function start(fixed: Bottleneck[]) {
  const options = {
    port: 0,
    host: '127.0.0.1',
    db: postgres.url,
    poolSize: 4,
    workers: 1,
    pipelineInterval: 0,
  };
  return serve({ ...options, fixed: new Set(fixed) });
}

/** `days` days of one user, 3 trips a day (≈ 190 entries a day). */
function days(user: string, count: number, seed: number) {
  return Array.from({ length: count }, (_, day) =>
    syntheticDay({
      user,
      trips: 3,
      seed: seed * 100 + day,
      day: new Date(Date.UTC(2026, 10, 1 + day)).toISOString().slice(0, 10),
    }),
  ).flat();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

try {
  console.log(
    `PostgreSQL (harness, fsync off); load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
  );
  const setup = await start([]);
  await setup.store!.seedBatch(days('user-1-0', 30, 0));
  await setup.store!.markPending(['user-1-0']);
  const uuid = (await setup.store!.findUser('user-1-0'))!.uuid;
  await setup.close();
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const dayStart = Date.parse('2026-11-15T00:00:00Z') / 1000;

  async function readMs(): Promise<number> {
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${SQL.timeseries}`, [
        uuid,
        ['background/location'],
        dayStart,
        dayStart + 86_400,
      ]);
      runs.push(rows[0]['QUERY PLAN'][0]['Execution Time']);
    }
    return median(runs);
  }

  let seeded = 0;
  for (const target of [0, Math.round(inactiveUsers / 3), inactiveUsers]) {
    const store = (await start([])).store!;
    for (; seeded < target; seeded++) await store.seedBatch(days(`inactive-1-${seeded}`, 7, seeded + 1));
    await store.markPending([]);
    await store.close();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM timeseries');
    const timings: number[] = [];
    for (const fixed of [[], ['index']] as Bottleneck[][]) {
      const server = await start(fixed); // migrating drops or creates the index
      await client.query('ANALYZE timeseries');
      timings.push(await readMs());
      await server.close();
    }
    console.log(
      `index: ${rows[0].n} stored entries (${seeded} inactive users): read without index ${timings[0]!.toFixed(2)} ms, ` +
        `with index ${timings[1]!.toFixed(2)} ms, ratio ${(timings[0]! / timings[1]!).toFixed(1)}×`,
    );
  }
  await client.end();

  const cpu: number[] = [];
  for (const fixed of [['index'], ['index', 'serialize']] as Bottleneck[][]) {
    const server = await start(fixed);
    const body = JSON.stringify({
      user: 'user-1-0',
      key_list: ['background/location', 'background/motion_activity'],
      start_time: 0,
      end_time: 2e9,
    });
    const perRequest: number[] = [];
    let bytes = 0;
    for (let request = 0; request < 20; request++) {
      const before = process.cpuUsage();
      const response = await fetch(`${server.url}/datastreams/find_entries/timestamp`, {
        method: 'POST',
        body,
      });
      bytes = (await response.arrayBuffer()).byteLength;
      const used = process.cpuUsage(before);
      perRequest.push((used.user + used.system) / 1000);
    }
    cpu.push(median(perRequest));
    await server.close();
    console.log(
      `serialize ${fixed.includes('serialize') ? 'fixed' : 'present'}: ${median(perRequest).toFixed(1)} ms CPU per request (${(bytes / 1e6).toFixed(1)} MB answer)`,
    );
  }
  console.log(`serialize: CPU per request present/fixed = ${(cpu[0]! / cpu[1]!).toFixed(1)}×`);
} finally {
  await postgres.stop();
}
