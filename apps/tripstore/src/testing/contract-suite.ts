// The API contract every tripstore adapter must meet: run on PGlite by `npm test` and on real
// PostgreSQL and a MongoDB-wire server by the e2e tier (test/e2e/tripstore.e2e.test.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FixedSet } from '../fixes.ts';
import type { tripFeatureCollection } from '../http/timeline-geojson.ts';
import type { Storage } from '../storage/storage.ts';
import { phoneEntry, syntheticDay } from './synthetic-entries.ts';
import { clientOf } from './tripstore-client.ts';

type TripJson = ReturnType<typeof tripFeatureCollection>;

export interface StartedTripstore {
  url: string;
  store: Storage;
  close(): Promise<void>;
}

export type StartTripstore = (fixed: FixedSet) => Promise<StartedTripstore>;

/** User tokens unique per run, so suites can share one database. */
export function uniqueUser(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** Registers the contract tests for one adapter, with every bottleneck present and with all fixed. */
export function describeContract(name: string, start: StartTripstore, fixedSets: [string, FixedSet][]): void {
  for (const [label, fixed] of fixedSets) {
    describe(`${name} API contract (--fixed ${label})`, { timeout: 60_000 }, () => {
      let server: StartedTripstore;
      let client: ReturnType<typeof clientOf>;
      beforeAll(async () => {
        server = await start(fixed);
        client = clientOf(server.url);
      });
      afterAll(async () => {
        await server?.close();
      });

      test('a profile is created once per user: same token, same uuid', async () => {
        const user = uniqueUser('profile');
        const first = await client.post('/profile/create', { user });
        const again = await client.post('/profile/create', { user });
        expect(first.status).toBe(200);
        expect(first.body.uuid).toMatch(/^[0-9a-f-]{24,36}$/);
        expect(again.body).toEqual(first.body);
      });

      test('usercache/put upserts on user + type + write_ts + key', async () => {
        const user = uniqueUser('put');
        const entries = syntheticDay({ user, trips: 1 }).map(phoneEntry);
        await client.post('/profile/create', { user });
        const first = await client.post('/usercache/put', { user, phone_to_server: entries });
        const again = await client.post('/usercache/put', { user, phone_to_server: entries.slice(0, 10) });
        expect([first.status, first.body]).toEqual([200, { inserted: entries.length, updated: 0 }]);
        expect(again.body).toEqual({ inserted: 0, updated: 10 });
        // A batch that repeats an entry keeps the last copy.
        const [entry] = syntheticDay({ user, trips: 1, day: '2026-11-03' }).map(phoneEntry);
        const repeated = await client.post('/usercache/put', {
          user,
          phone_to_server: [entry, { ...entry!, data: { ...entry!.data, accuracy: 5 } }],
        });
        expect(repeated.body).toEqual({ inserted: 1, updated: 1 });
        await client.post('/pipeline/run', {});
        const ts = entry!.data.ts as number;
        const stored = await client.post('/datastreams/find_entries/timestamp', {
          user,
          key_list: [entry!.metadata.key],
          start_time: ts,
          end_time: ts,
        });
        expect(
          stored.body.phone_data.map((found: { data: { accuracy?: number } }) => found.data.accuracy),
        ).toEqual([5]);
      });

      test('the pipeline turns a day of points into trips with sections, once', async () => {
        const user = uniqueUser('day');
        const entries = await client.loadDay(user, 3);
        const trips = await client.post('/timeline/getTrips/2026-11-01', { user });
        expect(trips.status).toBe(200);
        const summary = (trips.body.timeline as TripJson[]).map((trip) => ({
          minutes: trip.properties.duration / 60,
          km: Math.round(trip.properties.distance / 100) / 10,
          day: trip.properties.start_local_day,
          features: trip.features.map((f) =>
            'sensed_mode' in f.properties ? f.properties.sensed_mode : f.properties.feature_type,
          ),
        }));
        expect(summary).toMatchInlineSnapshot(`
          [
            {
              "day": "2026-11-01",
              "features": [
                "start_place",
                "end_place",
                "WALKING",
                "IN_VEHICLE",
              ],
              "km": 6,
              "minutes": 11,
            },
            {
              "day": "2026-11-01",
              "features": [
                "start_place",
                "end_place",
                "WALKING",
                "IN_VEHICLE",
              ],
              "km": 6,
              "minutes": 11,
            },
            {
              "day": "2026-11-01",
              "features": [
                "start_place",
                "end_place",
                "WALKING",
                "IN_VEHICLE",
              ],
              "km": 6,
              "minutes": 11,
            },
          ]
        `);
        const lastPoint = entries.filter((entry) => entry.metadata.key === 'background/location').at(-1)!;
        const complete = await client.post('/pipeline/get_complete_ts', { user });
        expect(complete.body).toEqual({ complete_ts: lastPoint.data.ts });
        // A second pass with nothing new finds nothing; the day does not double.
        await client.post('/pipeline/run', {});
        const again = await client.post('/timeline/getTrips/2026-11-01', { user });
        expect(again.body.timeline).toHaveLength(3);
        const otherDay = await client.post('/timeline/getTrips/2026-11-02', { user });
        expect(otherDay.body).toEqual({ timeline: [] });
      });

      test('find_entries returns the stored entries of the keys in the time range, in time order', async () => {
        const user = uniqueUser('find');
        const entries = await client.loadDay(user, 2);
        const activities = entries.filter((entry) => entry.metadata.key === 'background/motion_activity');
        const start = activities[1]!.data.ts as number;
        const end = activities.at(-2)!.data.ts as number;
        const found = await client.post('/datastreams/find_entries/timestamp', {
          user,
          key_list: ['background/motion_activity'],
          start_time: start,
          end_time: end,
        });
        expect(found.status).toBe(200);
        expect(found.body.phone_data).toEqual(activities.slice(1, -1).map(phoneEntry));
      });

      test('usercache/get hands the phone its day documents', async () => {
        const user = uniqueUser('get');
        await client.loadDay(user, 2);
        const got = await client.post('/usercache/get', { user });
        const documents = got.body.server_to_phone as {
          metadata: { key: string };
          data: { trips: unknown[] };
        }[];
        expect(documents.map((doc) => [doc.metadata.key, doc.data.trips.length])).toEqual([
          ['diary/trips-2026-11-01', 2],
        ]);
      });

      test('bad input: malformed JSON, wrong shapes, bad day or time type → 400; unknown user → 403', async () => {
        const user = uniqueUser('bad');
        await client.post('/profile/create', { user });
        const cases = await Promise.all([
          client.post('/usercache/put', '{"user": '),
          client.post('/usercache/put', { phone_to_server: [] }),
          client.post('/usercache/put', { user, phone_to_server: {} }),
          client.post('/timeline/getTrips/2026-13-45', { user }),
          client.post('/datastreams/find_entries/local_date', {
            user,
            key_list: ['x'],
            start_time: 0,
            end_time: 1,
          }),
          client.post('/datastreams/find_entries/timestamp', {
            user,
            key_list: [],
            start_time: 0,
            end_time: 1,
          }),
          client.post('/usercache/get', { user: 'nobody-at-all' }),
          client.post('/timeline/getTrips/2026-11-01', { user: 'nobody-at-all' }),
          client.post('/no/such/endpoint', { user }),
        ]);
        expect(cases.map((reply) => `${reply.status} ${reply.body.error}`)).toMatchInlineSnapshot(`
          [
            "400 malformed JSON body: Unexpected end of JSON input",
            "400 body.user must be a non-empty string (the user token)",
            "400 body.phone_to_server must be an array of entries",
            "400 the day must be a date written YYYY-MM-DD",
            "400 time_type must be "timestamp" (start_time and end_time in Unix seconds)",
            "400 body.key_list must be a non-empty array of keys such as "background/location"",
            "403 unknown user: create a profile with POST /profile/create first",
            "403 unknown user: create a profile with POST /profile/create first",
            "404 no such endpoint",
          ]
        `);
      });

      test('a batch with one bad entry writes nothing', async () => {
        const user = uniqueUser('atomic');
        await client.post('/profile/create', { user });
        const [good, other] = syntheticDay({ user, trips: 1 }).map(phoneEntry);
        const rejected = await client.post('/usercache/put', {
          user,
          phone_to_server: [good, { ...other, metadata: { ...other!.metadata, write_ts: 'yesterday' } }],
        });
        expect(rejected.status).toBe(400);
        const accepted = await client.post('/usercache/put', { user, phone_to_server: [good] });
        expect(accepted.body).toEqual({ inserted: 1, updated: 0 });
      });

      test('health answers GET and POST', async () => {
        const got = await fetch(`${server.url}/health`);
        expect([got.status, await got.json()]).toEqual([200, { ok: true }]);
        expect((await client.post('/health', {})).body).toEqual({ ok: true });
      });
    });
  }
}
