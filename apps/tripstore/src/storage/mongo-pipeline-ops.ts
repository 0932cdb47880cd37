// The MongoDB adapter's pipeline and seeding operations: pending users, moving the usercache to
// the timeseries, saving trips and day documents, bulk loading.
import { type Collection, type Document, ObjectId } from 'mongodb';
import type { Entry } from '../entry-shape.ts';
import type { PipelineOps } from './storage.ts';

export interface MongoCollections {
  users: Collection;
  usercache: Collection;
  timeseries: Collection;
  trips: Collection;
  sections: Collection;
  toPhone: Collection;
  state: Collection;
}

type Counted = <T>(text: string, run: () => Promise<T>) => Promise<T>;
type TimeseriesFilter = (uuid: string, keys: string[], start: number, end: number) => Document;

/** FerretDB v1 refuses nested arrays, so a section's line is stored flat: [lon0, lat0, lon1, lat1, …]. */
function flatten(coordinates: [number, number][]): number[] {
  return coordinates.flat();
}

export function createMongoPipelineOps(
  collections: MongoCollections,
  counted: Counted,
  createUser: (token: string) => Promise<string>,
  timeseriesFilter: TimeseriesFilter,
): PipelineOps {
  const { users, usercache, timeseries, trips, sections, toPhone, state } = collections;
  const seededUsers = new Map<string, string>();
  return {
    async requeueUser(uuid) {
      await counted('pipeline_state.updateOne pending', () =>
        state.updateOne({ _id: uuid as never }, { $set: { pending: true } }, { upsert: true }),
      );
    },
    async takePendingUsers(limit) {
      const docs = await counted('pipeline_state.find pending', () =>
        state.find({ pending: true }).limit(limit).toArray(),
      );
      const ids = docs.map((doc) => doc._id);
      if (ids.length > 0)
        await counted('pipeline_state.updateMany', () =>
          state.updateMany({ _id: { $in: ids } }, { $set: { pending: false } }),
        );
      return ids.map(String);
    },
    async moveUsercache(uuid) {
      const docs = await counted('usercache.find', () => usercache.find({ user_uuid: uuid }).toArray());
      if (docs.length === 0) return 0;
      const moved = docs.map(({ _id, type: _type, ...rest }) => rest);
      await counted('timeseries.insertMany', () => timeseries.insertMany(moved, { ordered: false }));
      await counted('usercache.deleteMany', () =>
        usercache.deleteMany({ _id: { $in: docs.map((doc) => doc._id) } }),
      );
      return docs.length;
    },
    async pipelineState(uuid) {
      const doc = await counted('pipeline_state.findOne', () => state.findOne({ _id: uuid as never }));
      return { lastTs: doc?.last_ts ?? null };
    },
    async readTimeseries(uuid, keys, start, end) {
      const docs = await counted('timeseries.find', () =>
        timeseries!
          .find(timeseriesFilter(uuid, keys, start, end), { projection: { _id: 0, metadata: 1, data: 1 } })
          .sort({ ts: 1, _id: 1 })
          .toArray(),
      );
      return docs as unknown as Entry[];
    },
    async savePipelineResult(uuid, result) {
      const sectionDocs: Document[] = [];
      if (result.trips.length > 0) {
        const tripDocs = result.trips.map(({ trip }) => ({
          _id: new ObjectId(),
          user_uuid: uuid,
          start_ts: trip.startTs,
          end_ts: trip.endTs,
          local_day: trip.localDay,
          time_zone: trip.timeZone,
          distance_m: trip.distanceM,
          start_loc: trip.start,
          end_loc: trip.end,
        }));
        await counted('trips.insertMany', () => trips.insertMany(tripDocs));
        result.trips.forEach(({ sections: list }, index) => {
          for (const section of list) {
            sectionDocs.push({
              trip_id: String(tripDocs[index]!._id),
              start_ts: section.startTs,
              end_ts: section.endTs,
              mode: section.mode,
              distance_m: section.distanceM,
              coordinates: flatten(section.coordinates),
            });
          }
        });
      }
      if (sectionDocs.length > 0)
        await counted('sections.insertMany', () => sections.insertMany(sectionDocs));
      if (result.documents.length > 0) {
        const upserts = result.documents.map((doc) => ({
          updateOne: {
            filter: { user_uuid: uuid, key: doc.key },
            update: {
              $set: { write_ts: doc.writeTs },
              $push: { 'data.trips': { $each: (doc.data.trips as unknown[]) ?? [] } },
            },
            upsert: true,
          },
        }));
        await counted('server_to_phone.bulkWrite upsert', () => toPhone.bulkWrite(upserts as never));
        await counted('users.updateOne $inc', () =>
          users.updateOne({ _id: uuid as never }, { $inc: { version: 1 } }),
        );
      }
      await counted('pipeline_state.updateOne', () =>
        state.updateOne({ _id: uuid as never }, { $set: { last_ts: result.lastTs } }, { upsert: true }),
      );
    },
    async seedBatch(entries) {
      for (const { user } of entries)
        if (!seededUsers.has(user)) seededUsers.set(user, await createUser(user));
      const docs = entries.map((entry) => ({
        user_uuid: seededUsers.get(entry.user),
        key: entry.metadata.key,
        write_ts: entry.metadata.write_ts,
        ts: typeof entry.data.ts === 'number' ? entry.data.ts : entry.metadata.write_ts,
        metadata: entry.metadata,
        data: entry.data,
      }));
      await counted('timeseries.insertMany', () => timeseries.insertMany(docs, { ordered: false }));
    },
    async markPending(tokens) {
      const ids = await counted('users.find ids', () =>
        users.find({ token: { $in: tokens } }, { projection: { _id: 1 } }).toArray(),
      );
      if (ids.length === 0) return;
      const upserts = ids.map((doc) => ({
        updateOne: { filter: { _id: doc._id }, update: { $set: { pending: true } }, upsert: true },
      }));
      await counted('pipeline_state.bulkWrite', () => state.bulkWrite(upserts));
    },
  };
}
