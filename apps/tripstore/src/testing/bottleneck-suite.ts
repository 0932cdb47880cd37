// Each bottleneck shown present and then gone with its fix, by counting queries, connections and
// hydrated rows and by reading query plans — never by timing. Run on PGlite by `npm test` and on
// real PostgreSQL and a MongoDB-wire server by the e2e tier.
import { afterEach, describe, expect, test } from 'vitest';
import type { Bottleneck } from '../fixes.ts';
import { resetQueryStats } from '../storage/query-stats.ts';
import { type StartedTripstore, type StartTripstore, uniqueUser } from './contract-suite.ts';
import { syntheticDay } from './synthetic-entries.ts';
import { clientOf } from './tripstore-client.ts';

export interface BottleneckOptions {
  /** Plan node names the adapter reports for a full scan and an index read. */
  scanNode: RegExp;
  indexNode: RegExp;
  /**
   * For a server whose planner never reads an index for this query (FerretDB v1 pushes filters
   * down as jsonb containment, which its expression indexes do not serve): the names of the
   * timeseries indexes, checked instead of the plan's access path.
   */
  timeseriesIndexes?: () => Promise<string[]>;
}

/** Registers one present/fixed test pair per bottleneck. */
export function describeBottlenecks(name: string, start: StartTripstore, options: BottleneckOptions): void {
  // Each test starts two servers and loads days of data: generous bounds for a shared, busy machine.
  describe(`${name} bottlenecks`, { timeout: 90_000 }, () => {
    const started: StartedTripstore[] = [];
    afterEach(async () => {
      await Promise.all(started.splice(0).map((server) => server.close()));
    });
    async function startWith(...fixed: Bottleneck[]) {
      const server = await start(new Set(fixed));
      started.push(server);
      return { server, client: clientOf(server.url), stats: server.store.stats };
    }

    test('n-plus-one: getTrips for 10 trips runs 1 + 1 + 10 queries, then 1 + 2 with the fix', async () => {
      const counts: number[] = [];
      for (const fixed of [[], ['n-plus-one']] as Bottleneck[][]) {
        const { client, stats } = await startWith(...fixed);
        const user = uniqueUser('trips');
        await client.loadDay(user, 10);
        resetQueryStats(stats);
        const reply = await client.post('/timeline/getTrips/2026-11-01', { user });
        expect(reply.body.timeline).toHaveLength(10);
        counts.push(stats.queries);
      }
      // The user lookup, the trips, then a sections query per trip — or one for all of them.
      expect(counts).toEqual([12, 3]);
    });

    test('index: the timeseries read scans every stored row, then uses the compound index', async () => {
      const plans = [];
      const indexes: string[][] = [];
      for (const fixed of [[], ['index']] as Bottleneck[][]) {
        const { server, client } = await startWith(...fixed);
        // Inactive users' history makes the table large, as in the e-mission story.
        const inactive = Array.from({ length: 30 }, (_, index) => uniqueUser(`inactive-${index}`));
        await server.store.seedBatch(
          inactive.flatMap((user, seed) => syntheticDay({ user, trips: 3, seed })),
        );
        await server.store.markPending(inactive);
        const user = uniqueUser('active');
        await client.post('/profile/create', { user });
        const { uuid } = (await client.post('/profile/create', { user })).body;
        plans.push(await server.store.explainTimeseries(uuid, 'background/location', 1793512800, 1793599200));
        if (options.timeseriesIndexes)
          indexes.push((await options.timeseriesIndexes()).filter((name) => name !== '_id_'));
      }
      expect(plans[0]!.access).toBe('scan');
      expect(plans[0]!.nodes.join(' ')).toMatch(options.scanNode);
      if (options.timeseriesIndexes) {
        expect(plans[1]!.nodes.join(' ')).toMatch(options.indexNode);
        expect(indexes).toEqual([[], ['timeseries_user_key_ts']]);
        return;
      }
      expect(plans[1]!.access).toBe('index');
      expect(plans[1]!.nodes.join(' ')).toMatch(options.indexNode);
    });

    test('serialize: find_entries hydrates every row into a model object, then none; same answer', async () => {
      const answers = [];
      const hydrated = [];
      for (const fixed of [[], ['serialize']] as Bottleneck[][]) {
        const { client, stats } = await startWith(...fixed);
        const user = uniqueUser('serialize');
        await client.loadDay(user, 3);
        resetQueryStats(stats);
        const reply = await client.post('/datastreams/find_entries/timestamp', {
          user,
          key_list: ['background/location', 'background/motion_activity'],
          start_time: 0,
          end_time: 2e9,
        });
        answers.push(reply.body);
        hydrated.push(stats.materialised);
      }
      // Every location and motion-activity entry of the day (the state transitions are not asked for).
      const rows = syntheticDay({ user: 'count', trips: 3 }).filter((entry) =>
        entry.metadata.key.startsWith('background/'),
      ).length;
      expect(answers[0].phone_data).toHaveLength(rows);
      expect(hydrated).toEqual([rows, 0]);
      expect(answers[1]).toEqual(answers[0]);
    });

    test('pool: concurrent requests share one connection, then open several', async () => {
      const opened = [];
      for (const fixed of [[], ['pool']] as Bottleneck[][]) {
        const { client, stats } = await startWith(...fixed);
        const user = uniqueUser('pool');
        await client.loadDay(user, 1);
        const body = { user, key_list: ['background/location'], start_time: 0, end_time: 2e9 };
        const replies = await Promise.all(
          Array.from({ length: 8 }, () => client.post('/datastreams/find_entries/timestamp', body)),
        );
        expect(replies.every((reply) => reply.status === 200)).toBe(true);
        opened.push(stats.connectionsOpened);
      }
      expect(opened[0]).toBe(1);
      expect(opened[1]).toBeGreaterThan(1);
    });

    test('polling: every poll queries the documents, then only when they changed (and 304 on a match)', async () => {
      const perPoll = [];
      for (const fixed of [[], ['polling']] as Bottleneck[][]) {
        const { client, stats } = await startWith(...fixed);
        const user = uniqueUser('poll');
        await client.loadDay(user, 2);
        const first = await client.post('/usercache/get', { user });
        resetQueryStats(stats);
        const second = await client.post('/usercache/get', { user });
        expect(second.body).toEqual(first.body);
        perPoll.push(stats.queries);
        if (fixed.length > 0) {
          const etag = second.headers.get('etag')!;
          const unchanged = await client.post('/usercache/get', { user }, { 'if-none-match': etag });
          expect(unchanged.status).toBe(304);
          // New trips bump the user's version: the next poll sees them.
          await client.post('/usercache/put', {
            user,
            phone_to_server: syntheticDay({ user, trips: 1, day: '2026-11-02' }).map(
              ({ user: _u, ...entry }) => entry,
            ),
          });
          await client.post('/pipeline/run', {});
          const changed = await client.post('/usercache/get', { user }, { 'if-none-match': etag });
          expect([changed.status, changed.body.server_to_phone.length]).toEqual([200, 2]);
        }
      }
      // The user lookup and the documents query each poll, or the lookup alone.
      expect(perPoll).toEqual([2, 1]);
    });
  });
}
