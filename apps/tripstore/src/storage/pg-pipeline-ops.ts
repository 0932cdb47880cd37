// The PostgreSQL adapter's pipeline and seeding operations: pending users, moving the usercache
// to the timeseries, saving trips and day documents in one transaction, bulk loading.
import type { Entry } from '../entry-shape.ts';
import { SQL } from './pg-queries.ts';
import type { PgRunner } from './pg-runner.ts';
import { createPgSeeder } from './pg-seed.ts';
import type { QueryStats } from './query-stats.ts';
import type { PipelineOps, PipelineResult } from './storage.ts';

type Row = Record<string, unknown>;

export function createPgPipelineOps(runner: PgRunner, stats: QueryStats): PipelineOps {
  const { query, transaction } = runner;
  return {
    async requeueUser(uuid) {
      await query(SQL.markPending, [uuid]);
    },
    async takePendingUsers(limit) {
      const { rows } = await query<{ uuid: string }>(SQL.takePending, [limit]);
      return rows.map((row) => row.uuid);
    },
    async moveUsercache(uuid) {
      const result = await query(SQL.moveUsercache, [uuid]);
      return result.rowCount ?? 0;
    },
    async pipelineState(uuid) {
      const { rows } = await query<{ last_ts: number | null }>(SQL.completeTs, [uuid]);
      return { lastTs: rows[0]?.last_ts ?? null };
    },
    async readTimeseries(uuid, keys, start, end) {
      const { rows } = await query<Row>(SQL.timeseries, [uuid, keys, start, end]);
      return rows as unknown as Entry[];
    },
    savePipelineResult(uuid, result: PipelineResult) {
      return transaction(async function saveInTransaction(tx) {
        const sections = [];
        for (const { trip, sections: tripSections } of result.trips) {
          const { rows } = await tx<{ id: string }>(SQL.insertTrip, [
            uuid,
            trip.startTs,
            trip.endTs,
            trip.localDay,
            trip.timeZone,
            trip.distanceM,
            trip.start,
            trip.end,
          ]);
          const tripId = rows[0]!.id;
          for (const section of tripSections) {
            sections.push({
              trip_id: tripId,
              start_ts: section.startTs,
              end_ts: section.endTs,
              mode: section.mode,
              distance_m: section.distanceM,
              coordinates: section.coordinates,
            });
          }
        }
        if (sections.length > 0) await tx(SQL.insertSections, [JSON.stringify(sections)]);
        if (result.documents.length > 0) {
          const documents = result.documents.map((doc) => ({
            key: doc.key,
            write_ts: doc.writeTs,
            data: doc.data,
          }));
          await tx(SQL.upsertDocuments, [uuid, JSON.stringify(documents)]);
          await tx(SQL.bumpVersion, [uuid]);
        }
        await tx(SQL.saveProgress, [uuid, result.lastTs]);
      });
    },
    seedBatch: createPgSeeder(runner, stats, !runner.pglite),
    async markPending(tokens) {
      await query(SQL.markTokensPending, [tokens]);
      await query('ANALYZE timeseries');
    },
  };
}
