// MongoDB-wire peer: FerretDB takes inserts and queries from the official `mongodb` driver.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type FerretDbPeer, startPeer } from '../../harness/index.ts';

let ferretdb: FerretDbPeer;

beforeAll(async () => {
  ferretdb = await startPeer('ferretdb');
});

afterAll(async () => {
  await ferretdb?.stop();
});

test('the mongodb driver inserts and finds documents', async () => {
  const client = new MongoClient(ferretdb.url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  try {
    const db = client.db('loadlens_smoke');
    const buildInfo = await db.admin().command({ buildInfo: 1 });
    // FerretDB identifies itself in buildInfo; a real mongod would not have this field.
    expect(buildInfo.ferretdbVersion).toMatch(/^v1\./);

    const places = db.collection<{ user: string; seq: number; mode: string }>('places');
    const inserted = await places.insertMany(
      Array.from({ length: 12 }, (_, seq) => ({ user: `u${seq % 4}`, seq, mode: seq % 2 ? 'walk' : 'bike' })),
    );
    expect(inserted.insertedCount).toBe(12);
    const found = await places
      .find({ user: 'u1', seq: { $gte: 4 } }, { projection: { _id: 0 } })
      .sort({ seq: 1 })
      .toArray();
    expect(found).toEqual([
      { user: 'u1', seq: 5, mode: 'walk' },
      { user: 'u1', seq: 9, mode: 'walk' },
    ]);
  } finally {
    await client.close();
  }
});
