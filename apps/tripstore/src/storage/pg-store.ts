// The PostgreSQL adapter: the Storage interface over `pg` (a real server or embedded PGlite).
import type { FixedSet } from '../fixes.ts';
import { createPgPipelineOps } from './pg-pipeline-ops.ts';
import { SQL } from './pg-queries.ts';
import { openPgRunner } from './pg-runner.ts';
import { migratePostgres } from './pg-schema.ts';
import { createQueryStats } from './query-stats.ts';
import type { Explained, PhoneDocument, Section, Storage, Trip } from './storage.ts';

export interface PgStoreOptions {
  fixed: FixedSet;
  /** Connections when `pool` is fixed (the bottleneck pins it to 1). */
  poolSize: number;
  /** Create tables and match the index to the fix; one process of a cluster does it. */
  migrate: boolean;
  /** Runs when the store closes (stops an embedded database). */
  onClose?: () => Promise<void>;
}

/** Rows fetched before find_entries writes a chunk of the response. */
const JSON_CHUNK = 1000;

type Row = Record<string, unknown>;

function tripOf(row: Row): Trip {
  return {
    id: row.id as string,
    startTs: row.start_ts as number,
    endTs: row.end_ts as number,
    localDay: row.local_day as string,
    timeZone: row.time_zone as string,
    distanceM: row.distance_m as number,
    start: row.start_loc as [number, number],
    end: row.end_loc as [number, number],
  };
}

function sectionOf(row: Row): Section {
  return {
    tripId: row.trip_id as string,
    startTs: row.start_ts as number,
    endTs: row.end_ts as number,
    mode: row.mode as string,
    distanceM: row.distance_m as number,
    coordinates: row.coordinates as [number, number][],
  };
}

function planNodes(plan: Row, into: string[] = []): string[] {
  into.push(String(plan['Node Type']));
  for (const child of (plan.Plans as Row[] | undefined) ?? []) planNodes(child, into);
  return into;
}

/** Connects, migrates if asked, and returns the adapter. */
export async function openPgStore(url: string, options: PgStoreOptions): Promise<Storage> {
  const stats = createQueryStats();
  const fixed = options.fixed;
  const runner = await openPgRunner(url, fixed.has('pool') ? options.poolSize : 1, stats);
  if (options.migrate) await migratePostgres(runner, fixed.has('index'));
  const { query, transaction } = runner;

  return {
    kind: 'postgres',
    fixed,
    stats,
    async createUser(token) {
      const { rows } = await query<{ uuid: string }>(SQL.createUser, [token]);
      return rows[0]!.uuid;
    },
    async findUser(token) {
      const { rows } = await query<{ uuid: string; version: number }>(SQL.findUser, [token]);
      return rows[0] ?? null;
    },
    putUsercache(uuid, entries) {
      // One statement cannot upsert the same row twice, so a batch that repeats an entry keeps its
      // last copy; the earlier copies count as updates, as they do on MongoDB's ordered upserts.
      const byIdentity = new Map<string, Row>();
      for (const entry of entries) {
        const { metadata, data } = entry;
        byIdentity.set(`${metadata.type}\u0000${entry.writeTs}\u0000${entry.key}`, {
          key: entry.key,
          type: metadata.type,
          write_ts: entry.writeTs,
          ts: entry.ts,
          metadata,
          data,
        });
      }
      const records = [...byIdentity.values()];
      return transaction(async function putInTransaction(tx) {
        const { rows } = await tx<{ inserted: boolean }>(SQL.putUsercache, [uuid, JSON.stringify(records)]);
        await tx(SQL.markPending, [uuid]);
        const inserted = rows.filter((row) => row.inserted).length;
        return { inserted, updated: entries.length - inserted };
      });
    },
    async serverToPhone(uuid) {
      const { rows } = await query<{ key: string; write_ts: number; data: Row }>(SQL.serverToPhone, [uuid]);
      return rows.map((row): PhoneDocument => ({ key: row.key, writeTs: row.write_ts, data: row.data }));
    },
    async findEntryRows(uuid, keys, start, end) {
      const { rows } = await query(SQL.timeseriesRows, [uuid, keys, start, end]);
      return rows;
    },
    async *findEntryJson(uuid, keys, start, end) {
      const { rows } = await query<{ entry: string }>(SQL.timeseriesJson, [uuid, keys, start, end]);
      for (let at = 0; at < rows.length; at += JSON_CHUNK) {
        yield rows.slice(at, at + JSON_CHUNK).map((row) => row.entry);
      }
    },
    async tripsOfDay(uuid, day) {
      const { rows } = await query(SQL.tripsOfDay, [uuid, day]);
      const trips = rows.map(tripOf);
      if (!fixed.has('n-plus-one')) {
        // The bottleneck on purpose: one round trip per trip.
        const result = [];
        for (const trip of trips) {
          const sections = await query(SQL.sectionsOfTrip, [trip.id]);
          result.push({ trip, sections: sections.rows.map(sectionOf) });
        }
        return result;
      }
      if (trips.length === 0) return [];
      const { rows: sectionRows } = await query(SQL.sectionsOfTrips, [trips.map((trip) => trip.id)]);
      const byTrip = new Map<string, Section[]>(trips.map((trip) => [trip.id, []]));
      for (const row of sectionRows) byTrip.get(row.trip_id as string)?.push(sectionOf(row));
      return trips.map((trip) => ({ trip, sections: byTrip.get(trip.id) ?? [] }));
    },
    async completeTs(uuid) {
      const { rows } = await query<{ last_ts: number | null }>(SQL.completeTs, [uuid]);
      return rows[0]?.last_ts ?? null;
    },
    ...createPgPipelineOps(runner, stats),
    async explainTimeseries(uuid, key, start, end): Promise<Explained> {
      const { rows } = await query<{ 'QUERY PLAN': [{ Plan: Row }] }>(
        `EXPLAIN (FORMAT JSON) ${SQL.timeseries}`,
        [uuid, [key], start, end],
      );
      const nodes = planNodes(rows[0]!['QUERY PLAN'][0].Plan);
      return { access: nodes.some((node) => node.includes('Index')) ? 'index' : 'scan', nodes };
    },
    async close() {
      await runner.end();
      await options.onClose?.();
    },
  };
}
