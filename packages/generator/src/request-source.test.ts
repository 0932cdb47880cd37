import { resolveWorkload, type WorkloadInput, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { loadWorkload } from './load-workload.ts';
import { CaptureNotReady, createRequestSource } from './request-source.ts';

const NOW = Date.UTC(2026, 10, 3, 12, 0, 0); // a fixed clock for time-stamped bodies
const fixedClock = () => NOW;

function workload(spec: Partial<WorkloadInput> & Pick<WorkloadInput, 'operations'>) {
  return resolveWorkload(workloadSchema.parse({ name: 'w', duration: '1s', seed: 3, ...spec }));
}

const empty = new Map<string, string[]>();

describe('createRequestSource', () => {
  it('serializes a literal JSON body once and reports the operation as static', () => {
    const source = createRequestSource(
      workload({
        operations: [{ name: 'a', method: 'POST', path: '/x', rate: 1, body: { json: { a: 1 } } }],
      }),
    );
    expect(source.isStatic(0)).toBe(true);
    const first = source.next(0, empty);
    expect(first).toEqual({ path: '/x', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(source.next(0, empty)).toBe(first);
  });

  it('keeps a text body with its content type and the operation headers', () => {
    const source = createRequestSource(
      workload({
        operations: [
          {
            name: 'a',
            method: 'POST',
            path: '/x',
            rate: 1,
            headers: { 'x-k': 'v' },
            body: { text: 'hi', contentType: 'text/csv' },
          },
        ],
      }),
    );
    expect(source.next(0, empty)).toEqual({
      path: '/x',
      body: 'hi',
      headers: { 'content-type': 'text/csv', 'x-k': 'v' },
    });
  });

  it('fills a path param from captured values, seeded', () => {
    const spec = workload({
      operations: [
        { name: 'create', method: 'POST', path: '/items', rate: 1, capture: { item: '/id' } },
        { name: 'read', path: '/items/{item}', rate: 1 },
      ],
    });
    const captured = new Map([['item', ['a', 'b', 'c', 'd']]]);
    const paths = (s: ReturnType<typeof createRequestSource>) =>
      Array.from({ length: 8 }, () => s.next(1, captured).path);
    const one = paths(createRequestSource(spec));
    expect(one).toEqual(paths(createRequestSource(spec)));
    expect(new Set(one).size).toBeGreaterThan(1);
    expect(one.every((p) => /^\/items\/[abcd]$/.test(p))).toBe(true);
    const source = createRequestSource(spec);
    expect(source.isStatic(1)).toBe(false);
    expect(source.needsCaptures(1)).toEqual(['item']);
    expect(() => source.next(1, empty)).toThrow(CaptureNotReady);
  });

  it('prefers captured values but falls back to a family variable before anything is captured', () => {
    const source = createRequestSource(
      workload({
        operations: [
          { name: 'create', method: 'POST', path: '/trips', rate: 1, capture: { id: '/id' } },
          { name: 'read', path: '/trips/{id}', rate: 1 },
        ],
      }),
    );
    expect(source.needsCaptures(1)).toEqual([]);
    expect(source.next(1, empty).path).toMatch(/^\/trips\/\d+$/);
    expect(source.next(1, new Map([['id', ['t-9']]])).path).toBe('/trips/t-9');
  });

  it('rejects a param nothing fills, an unknown scenario and an unknown family with one line each', () => {
    expect(() =>
      createRequestSource(workload({ operations: [{ name: 'r', path: '/a/{nope}', rate: 1 }] })),
    ).toThrow(
      /^operation "r": nothing fills "\{nope\}" in \/a\/\{nope\}: capture it from an earlier response, use a scenario variable, or a synthetic one \(.*\{id\}, \{uuid\}, \{hex\}, \{date\}/,
    );
    expect(() =>
      createRequestSource(
        workload({ operations: [{ name: 'r', path: '/a', rate: 1, body: { scenario: 'emission.nope' } }] }),
      ),
    ).toThrow(
      /^operation "r": unknown scenario "emission.nope" \(known: emission.profile-create, emission.put/,
    );
    expect(() =>
      createRequestSource(
        workload({ data: { emision: {} }, operations: [{ name: 'r', path: '/a', rate: 1 }] }),
      ),
    ).toThrow('data.emision: unknown scenario family "emision" (known: emission, canvass, template)');
    expect(() =>
      createRequestSource(
        workload({ data: { emission: { users: 0 } }, operations: [{ name: 'r', path: '/a', rate: 1 }] }),
      ),
    ).toThrow('data.emission.users: expected an integer from 1 to 10000000');
  });

  it('draws emission requests for seeded users and days', () => {
    const source = createRequestSource(
      workload({
        data: { emission: { users: 5, days: 3, batch: 2 } },
        operations: [
          {
            name: 'trips',
            method: 'POST',
            path: '/timeline/getTrips/{day}',
            rate: 1,
            body: { scenario: 'emission.get-trips' },
          },
          {
            name: 'put',
            method: 'POST',
            path: '/usercache/put',
            rate: 1,
            body: { scenario: 'emission.put' },
          },
          {
            name: 'find',
            method: 'POST',
            path: '/datastreams/find_entries/{time_type}',
            rate: 1,
            body: { scenario: 'emission.find-entries' },
          },
        ],
      }),
      { now: fixedClock },
    );
    for (let i = 0; i < 20; i++) {
      const trips = source.next(0, empty);
      expect(trips.path).toMatch(/^\/timeline\/getTrips\/2026-11-0[123]$/);
      expect(JSON.parse(trips.body as string).user).toMatch(/^user-3-[0-4]$/);
    }
    const put = JSON.parse(source.next(1, empty).body as string);
    expect(put.phone_to_server.map((e: { metadata: { key: string } }) => e.metadata.key)).toEqual([
      'background/location',
      'background/location',
      'background/motion_activity',
      'statemachine/transition',
    ]);
    expect(put.phone_to_server[3].data).toEqual({
      ts: NOW / 1000,
      currState: 'STATE_ONGOING_TRIP',
      transition: 'T_DATA_PUSHED',
    });
    const find = source.next(2, empty);
    expect(find.path).toBe('/datastreams/find_entries/timestamp');
    const body = JSON.parse(find.body as string);
    expect(body.end_time - body.start_time).toBe(86_400);
    expect(body.key_list).toEqual(['background/location']);
    expect(body.start_time).toBeGreaterThanOrEqual(Date.UTC(2026, 9, 31) / 1000);
    expect(body.end_time).toBeLessThanOrEqual(Date.UTC(2026, 10, 5) / 1000);
  });

  it('makes examples/canvass-peak.yaml runnable: visits drawn, {locality} filled from the canvass family', async () => {
    const { resolved } = await loadWorkload(
      new URL('../../../examples/canvass-peak.yaml', import.meta.url).pathname,
    );
    const source = createRequestSource(resolved, { now: fixedClock });
    const visit = source.next(0, empty);
    expect(visit.headers).toEqual({ 'content-type': 'application/json' });
    const body = JSON.parse(visit.body as string);
    expect(body.volunteer).toMatch(/^vol-7-\d+$/);
    expect(body.intentions.length).toBeLessThanOrEqual(5);
    expect(source.next(1, empty).path).toMatch(/^\/localities\/loc-7-\d+\/intentions$/);
    expect(source.isStatic(2)).toBe(true);
  });

  it('draws every operation of the emission fixture workload for tripstore', async () => {
    const { resolved } = await loadWorkload(
      new URL('../test/fixtures/emission-tripstore.yaml', import.meta.url).pathname,
    );
    const source = createRequestSource(resolved, { now: fixedClock });
    const drawn = resolved.operations.map((op, i) => {
      const request = source.next(i, empty);
      return [op.name, request.path, JSON.parse(request.body as string).user];
    });
    expect(
      drawn.map(([name, path]) => `${name} ${String(path).replace(/\d{4}-\d{2}-\d{2}/, 'DAY')}`),
    ).toEqual([
      'put /usercache/put',
      'poll /usercache/get',
      'trips /timeline/getTrips/DAY',
      'find /datastreams/find_entries/timestamp',
      'complete /pipeline/get_complete_ts',
      'profile /profile/create',
    ]);
    expect(drawn.every(([, , user]) => /^user-1-([0-9]|[1-4][0-9])$/.test(user))).toBe(true);
  });
});
