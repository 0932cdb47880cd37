// MongoDB collections and indexes, and the one compound index the `index` bottleneck leaves out.
import type { Db } from 'mongodb';

export const TIMESERIES_INDEX = 'timeseries_user_key_ts';

/** Creates the indexes every deployment has, and makes the timeseries index match the fix. */
export async function migrateMongo(db: Db, indexFixed: boolean): Promise<void> {
  await db.collection('users').createIndex({ token: 1 }, { unique: true });
  await db
    .collection('usercache')
    .createIndex(
      { user_uuid: 1, type: 1, write_ts: 1, key: 1 },
      { unique: true, name: 'usercache_upsert_key' },
    );
  await db.collection('trips').createIndex({ user_uuid: 1, local_day: 1 });
  await db.collection('sections').createIndex({ trip_id: 1 });
  await db.collection('server_to_phone').createIndex({ user_uuid: 1, key: 1 }, { unique: true });
  await db.collection('pipeline_state').createIndex({ pending: 1 });
  const timeseries = db.collection('timeseries');
  if (indexFixed) {
    await timeseries.createIndex({ user_uuid: 1, key: 1, ts: 1 }, { name: TIMESERIES_INDEX });
    return;
  }
  const existing = await timeseries.indexes().catch(() => []);
  if (existing.some((index) => index.name === TIMESERIES_INDEX)) await timeseries.dropIndex(TIMESERIES_INDEX);
}
