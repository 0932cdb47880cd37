// The MongoDB adapter: the Storage interface over the official `mongodb` driver (MongoDB or a
// MongoDB-wire server such as FerretDB).
import { randomUUID } from 'node:crypto';
import { type Document, MongoClient } from 'mongodb';
import { DatabaseUnreachable } from '../errors.ts';
import { createMongoPipelineOps } from './mongo-pipeline-ops.ts';
import { migrateMongo } from './mongo-schema.ts';
import type { OpenOptions } from './open-storage.ts';
import { redact } from './pg-runner.ts';
import { countQuery, createQueryStats } from './query-stats.ts';
import type { Explained, Section, Storage, Trip } from './storage.ts';

/** Documents per batch the driver fetches and find_entries writes out at a time. */
const BATCH = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

function tripOf(doc: Document): Trip {
  return {
    id: String(doc._id),
    startTs: doc.start_ts,
    endTs: doc.end_ts,
    localDay: doc.local_day,
    timeZone: doc.time_zone,
    distanceM: doc.distance_m,
    start: doc.start_loc,
    end: doc.end_loc,
  };
}

/** Sections' lines are stored flat (FerretDB v1 refuses nested arrays): [lon0, lat0, lon1, lat1, …]. */
function pairs(flat: number[]): [number, number][] {
  const coordinates: [number, number][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) coordinates.push([flat[index]!, flat[index + 1]!]);
  return coordinates;
}

function sectionOf(doc: Document): Section {
  const { trip_id, start_ts, end_ts, mode, distance_m, coordinates } = doc;
  return {
    tripId: trip_id,
    startTs: start_ts,
    endTs: end_ts,
    mode,
    distanceM: distance_m,
    coordinates: pairs(coordinates),
  };
}

function planNodes(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) planNodes(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // MongoDB names stages `stage`; FerretDB reports its backend's plan (SQLite `detail`, PostgreSQL `Node Type`).
      if ((key === 'stage' || key === 'detail' || key === 'Node Type') && typeof inner === 'string')
        into.push(inner);
      else planNodes(inner, into);
    }
  }
  return into;
}

/** Connects, migrates if asked, and returns the adapter. */
export async function openMongoStore(url: string, options: OpenOptions): Promise<Storage> {
  const stats = createQueryStats();
  const fixed = options.fixed;
  const client = new MongoClient(url, {
    maxPoolSize: fixed.has('pool') ? options.poolSize : 1,
    serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS,
  });
  client.on('connectionCreated', function countConnection() {
    stats.connectionsOpened++;
  });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => {});
    throw new DatabaseUnreachable(`cannot reach MongoDB at ${redact(url)}: ${(error as Error).message}`);
  }
  const db = client.db(client.options.dbName === 'test' ? 'tripstore' : client.options.dbName);
  if (options.migrate) await migrateMongo(db, fixed.has('index'));
  const [users, usercache, timeseries, trips, sections, toPhone, state] = [
    'users',
    'usercache',
    'timeseries',
    'trips',
    'sections',
    'server_to_phone',
    'pipeline_state',
  ].map((name) => db.collection(name));
  const counted = <T>(text: string, run: () => Promise<T>) => {
    countQuery(stats, text);
    return run();
  };
  const timeseriesFilter = (uuid: string, keys: string[], start: number, end: number) => ({
    user_uuid: uuid,
    key: { $in: keys },
    ts: { $gte: start, $lte: end },
  });

  async function createUser(token: string): Promise<string> {
    const doc = await counted('users.findOneAndUpdate upsert', () =>
      users!.findOneAndUpdate(
        { token },
        { $setOnInsert: { _id: randomUUID() as never, version: 0 } },
        { upsert: true, returnDocument: 'after' },
      ),
    );
    return String(doc!._id);
  }

  return {
    kind: 'mongodb',
    fixed,
    stats,
    createUser,
    async findUser(token) {
      const doc = await counted('users.findOne', () => users!.findOne({ token }));
      return doc ? { uuid: String(doc._id), version: doc.version ?? 0 } : null;
    },
    async putUsercache(uuid, entries) {
      const operations = entries.map((entry) => ({
        updateOne: {
          filter: { user_uuid: uuid, type: entry.metadata.type, write_ts: entry.writeTs, key: entry.key },
          update: { $set: { ts: entry.ts, metadata: entry.metadata, data: entry.data } },
          upsert: true,
        },
      }));
      const result = await counted('usercache.bulkWrite upsert', () =>
        usercache!.bulkWrite(operations, { ordered: true }),
      );
      await counted('pipeline_state.updateOne upsert', () =>
        state!.updateOne({ _id: uuid as never }, { $set: { pending: true } }, { upsert: true }),
      );
      return { inserted: result.upsertedCount, updated: result.matchedCount };
    },
    async serverToPhone(uuid) {
      const docs = await counted('server_to_phone.find', () =>
        toPhone!.find({ user_uuid: uuid }).sort({ key: 1 }).toArray(),
      );
      return docs.map((doc) => ({ key: doc.key, writeTs: doc.write_ts, data: doc.data }));
    },
    findEntryRows(uuid, keys, start, end) {
      return counted('timeseries.find', () =>
        timeseries!
          .find(timeseriesFilter(uuid, keys, start, end))
          .sort({ ts: 1, _id: 1 })
          .toArray(),
      );
    },
    async *findEntryJson(uuid, keys, start, end) {
      countQuery(stats, 'timeseries.find projected');
      const cursor = timeseries!
        .find(timeseriesFilter(uuid, keys, start, end), { projection: { _id: 0, metadata: 1, data: 1 } })
        .sort({ ts: 1, _id: 1 })
        .batchSize(BATCH);
      let chunk: string[] = [];
      for await (const doc of cursor) {
        chunk.push(JSON.stringify(doc));
        if (chunk.length >= BATCH) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    },
    async tripsOfDay(uuid, day) {
      const tripDocs = await counted('trips.find', () =>
        trips!.find({ user_uuid: uuid, local_day: day }).sort({ start_ts: 1 }).toArray(),
      );
      const list = tripDocs.map(tripOf);
      if (!fixed.has('n-plus-one')) {
        const result = [];
        for (const trip of list) {
          const docs = await counted('sections.find', () =>
            sections!.find({ trip_id: trip.id }).sort({ start_ts: 1 }).toArray(),
          );
          result.push({ trip, sections: docs.map(sectionOf) });
        }
        return result;
      }
      if (list.length === 0) return [];
      const docs = await counted('sections.find $in', () =>
        sections!
          .find({ trip_id: { $in: list.map((trip) => trip.id) } })
          .sort({ trip_id: 1, start_ts: 1 })
          .toArray(),
      );
      const byTrip = new Map<string, Section[]>(list.map((trip) => [trip.id, []]));
      for (const doc of docs) byTrip.get(doc.trip_id)?.push(sectionOf(doc));
      return list.map((trip) => ({ trip, sections: byTrip.get(trip.id) ?? [] }));
    },
    async completeTs(uuid) {
      const doc = await counted('pipeline_state.findOne', () => state!.findOne({ _id: uuid as never }));
      return doc?.last_ts ?? null;
    },
    ...createMongoPipelineOps(
      {
        users: users!,
        usercache: usercache!,
        timeseries: timeseries!,
        trips: trips!,
        sections: sections!,
        toPhone: toPhone!,
        state: state!,
      },
      counted,
      createUser,
      timeseriesFilter,
    ),
    async explainTimeseries(uuid, key, start, end): Promise<Explained> {
      const plan = await counted('timeseries.explain', () =>
        timeseries!
          .find(timeseriesFilter(uuid, [key], start, end))
          .sort({ ts: 1, _id: 1 })
          .explain('queryPlanner'),
      );
      const nodes = planNodes(plan.queryPlanner ?? plan);
      const usesIndex = nodes.some((node) => /IXSCAN|USING (COVERING )?INDEX|Index/.test(node));
      return { access: usesIndex ? 'index' : 'scan', nodes };
    },
    async close() {
      await client.close();
    },
  };
}
