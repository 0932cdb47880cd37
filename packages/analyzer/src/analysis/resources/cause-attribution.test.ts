import type { NormalizedSpan, Report } from '@loadlens/types';
import { reportSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import {
  arrivals,
  poissonArrivals,
  simulateLoop,
  simulatePool,
  simulateSlots,
} from '../../../test/simulated-service.ts';
import { createTraceAnalysis } from '../analyze-traces.ts';

const source = { kind: 'otlp-file', location: 'spans.jsonl' } as const;

function analyze(traces: NormalizedSpan[][]): Report {
  const a = createTraceAnalysis({ source, now: () => new Date('2026-01-01T00:00:00Z') });
  for (const t of traces) a.addTrace(t);
  return reportSchema.parse(a.finish());
}

const SEQ_SCAN = 'SELECT * FROM timeseries WHERE user_uuid = 4 AND ts >= 1700000000';
const FAST = ['SELECT * FROM profiles WHERE id = 3', 'SELECT * FROM usercache WHERE user_id = 9'];

/** tripstore on one connection: one route runs a 150 ms scan; four others run 2 ms lookups. */
function onePoolWorkload(scanMs: number) {
  const scans = arrivals(3, 20, (i, at) => ({
    at: at + 37,
    method: 'POST',
    route: '/datastreams/find_entries',
    queries: [{ sql: `${SEQ_SCAN} + ${i}`, ms: scanMs }],
    appMs: 2,
  }));
  const others = ['/usercache/get', '/profile/get', '/pipeline/get_range', '/timeline/day'].flatMap(
    (route, k) =>
      arrivals(5, 20, (i, at) => ({
        at: at + k * 11,
        method: 'POST',
        route,
        queries: [{ sql: `${FAST[k % 2]} + ${i}`, ms: 2 }],
        appMs: 1,
      })),
  );
  return simulatePool(1, [...scans, ...others]);
}

describe('cause attribution: a pool of one held by one slow shape', () => {
  it('ranks the holder first and carries the waiting on every route as its evidence', () => {
    const report = analyze(onePoolWorkload(150));
    const [first] = report.findings;
    expect(first).toMatchObject({
      kind: 'slow-query',
      route: 'POST /datastreams/find_entries',
      severity: 'critical',
    });
    expect(first?.fingerprint).toContain('from timeseries');
    const causes = first?.evidence.find((e) =>
      e.label.startsWith('causes waiting for the single database connection'),
    );
    expect(causes?.label).toBe('causes waiting for the single database connection on 5 routes');
    expect(Number(causes?.value)).toBeGreaterThan(10_000);
    const held = first?.evidence.find((e) => e.label.startsWith('share of that waiting'));
    expect(Number(held?.value)).toBeGreaterThanOrEqual(90);
    // The symptom is evidence, not five separate findings, and nobody is told to raise a pool of one.
    expect(report.findings.filter((f) => f.kind === 'contention')).toEqual([]);
    expect(report.findings.some((f) => /raise the (connection )?pool/i.test(f.suggestion))).toBe(false);
  });

  it('control: the same service with a fast query has no finding', () => {
    expect(analyze(onePoolWorkload(2)).findings).toEqual([]);
  });

  it('gives a holder that had no finding of its own one, ranked first', () => {
    // A 40 ms query: under the 50 ms a dominant shape must cost its own route, so no slow-query finding
    // of its own — but it holds the only connection 60 % of the time and the other routes wait for it.
    const report = analyze(
      simulatePool(1, [
        ...arrivals(15, 20, (i, at) => ({
          at: at + 5,
          method: 'GET',
          route: '/report',
          queries: [{ sql: `SELECT sum(km) FROM trips WHERE day = ${i}`, ms: 40 }],
          appMs: 20,
        })),
        ...['/a', '/b', '/c'].flatMap((route, k) =>
          arrivals(10, 20, (i, at) => ({
            at: at + k * 17,
            method: 'GET',
            route,
            queries: [{ sql: `SELECT * FROM users WHERE id = ${i}`, ms: 1 }],
          })),
        ),
      ]),
    );
    const [first] = report.findings;
    expect(first?.kind).toBe('slow-query');
    expect(first?.title).toMatch(
      /^One query holds the single database connection during \d+ % of the time requests wait for it \(40\.0 ms a call, on GET \/report\)$/,
    );
    expect(first?.fingerprint).toBe('select sum(km) from trips where day = ?');
  });
});

/** A pool of 10 and one 12 ms query per request on six routes: it serves 833 req/s at most. */
function tenPoolWorkload(rate: number) {
  const routes = ['/a', '/b', '/c', '/d', '/e', '/f'];
  return simulatePool(
    10,
    arrivals(rate, 3, (i, at) => ({
      at,
      method: 'GET',
      route: routes[i % routes.length] as string,
      queries: [{ sql: `SELECT * FROM t${i % 6} WHERE id = ${i}`, ms: 12 }],
    })),
  );
}

describe('cause attribution: a pool of ten exhausted by many fast queries', () => {
  it('makes the pool the finding, with its observed size and the size Little’s law suggests', () => {
    const report = analyze(tenPoolWorkload(900));
    const [first] = report.findings;
    expect(first?.kind).toBe('contention');
    expect(first?.title).toMatch(
      /^Requests wait \d+ ms for a database connection \(pool of 10 seen in use\) on GET \/\w, GET \/\w, GET \/\w and 3 more; no single holder: `SELECT \* FROM t\d WHERE id = \?` holds it 1\d % of that time$/,
    );
    expect(first?.evidence).toContainEqual({
      label: 'pool',
      value: 'tripstore: 10 connections seen in use at most',
    });
    // 900 checkouts/s × 12 ms = 10.8 connections busy: at 70 % that is a pool of 16.
    expect(first?.suggestion).toContain(
      '900 checkouts/s × 12.0 ms held each — keeps about 10.8 connections busy, so a pool of 16 would run at 70 %',
    );
  });

  it('control: at half the rate nobody waits and there is no finding', () => {
    expect(analyze(tenPoolWorkload(400)).findings).toEqual([]);
  });
});

/** Behind the proxy: one route serializes 120 ms of JSON on the loop; three others are quick. */
function loopWorkload(syncMs: number) {
  const exports = arrivals(2, 15, (_, at) => ({
    at: at + 13,
    method: 'GET',
    route: '/export',
    dbMs: 3,
    syncMs,
  }));
  const others = ['/a', '/b', '/c'].flatMap((route, k) =>
    arrivals(10, 15, (_, at) => ({ at: at + k * 7, method: 'GET', route, dbMs: 2, syncMs: 0.5 })),
  );
  return simulateLoop([...exports, ...others]);
}

describe('cause attribution: the event loop blocked by synchronous JSON', () => {
  it('names the route whose code holds the loop, with the waiting of the others as evidence', () => {
    const report = analyze(loopWorkload(120));
    const [first] = report.findings;
    expect(first).toMatchObject({ kind: 'cpu-bound', route: 'GET /export' });
    const causes = first?.evidence.find((e) =>
      e.label.startsWith('causes waiting for the application’s event loop'),
    );
    expect(causes?.label).toBe('causes waiting for the application’s event loop on 4 routes');
    expect(report.findings.filter((f) => f.kind === 'contention')).toEqual([]);
  });

  it('control: with 1 ms of JSON there is no finding', () => {
    expect(analyze(loopWorkload(1)).findings).toEqual([]);
  });

  it('control: waiting at the proxy that nothing in the app explains (a busy machine) names no holder', () => {
    // Every request waits 0–16 ms before the app starts on it while the loop is free: the process is not
    // being scheduled. The queries in flight meanwhile run on a remote database and hold nothing.
    const requests = ['/a', '/b', '/c'].flatMap((route, k) =>
      arrivals(20, 15, (_, at) => ({ at: at + k * 7, method: 'GET', route, dbMs: 4, syncMs: 0.5 })),
    );
    const report = analyze(simulateLoop(requests, 5, (i) => (i * 7919) % 17));
    expect(
      report.routes.find((r) => r.route === 'GET /a')?.stages.find((s) => s.stage === 'proxy')?.meanMs,
    ).toBeGreaterThan(5);
    expect(report.findings).toEqual([]);
  });
});

/** A mutex around a 20 ms query (45 req/s: 90 % busy) on two routes, or no mutex (the control). */
function mutexWorkload(slots: number) {
  return simulateSlots(
    slots,
    poissonArrivals(45, 20, (i, at) => ({
      at,
      method: 'POST',
      route: i % 2 ? '/points' : '/trips',
      beforeMs: 1,
      call: { sql: `UPDATE counters SET n = n + 1 WHERE name = 'visits${i}'`, ms: 20 },
    })),
  );
}

describe('cause attribution: an in-process mutex around a database call', () => {
  it('names the call behind the lock as the holder, and gives lock advice, not pool advice', () => {
    const report = analyze(mutexWorkload(1));
    const [first] = report.findings;
    expect(first?.kind).toBe('contention');
    expect(first?.title).toMatch(
      /^Requests wait \d+(\.\d)? ms before `UPDATE counters SET n = n \+ \? WHERE name = \?`: never more than one runs at a time \(a lock around it, or a pool of one\)$/,
    );
    expect(first?.evidence).toContainEqual({ label: 'time the call holds a slot', value: 20, unit: 'ms' });
    expect(first?.suggestion).not.toMatch(/raise/i);
  });

  it('control: the same calls without the mutex give no finding', () => {
    expect(analyze(mutexWorkload(Number.POSITIVE_INFINITY)).findings).toEqual([]);
  });
});

/** A worker pool of 3 in front of a 100 ms HTTP call, at 27 calls/s (90 % busy) or 10/s (the control). */
function workerPoolWorkload(rate: number) {
  return simulateSlots(
    3,
    poissonArrivals(
      rate,
      30,
      (_, at) => ({
        at,
        method: 'GET',
        route: '/quotes',
        beforeMs: 2,
        call: { host: 'pricing.internal:8080', ms: 100 },
      }),
      7,
    ),
  );
}

describe('cause attribution: a worker pool of three in front of a slow call', () => {
  it('names the pool and its size, and sizes it by Little’s law', () => {
    const report = analyze(workerPoolWorkload(27));
    const [first] = report.findings;
    expect(first?.kind).toBe('contention');
    expect(first?.route).toBe('GET /quotes');
    expect(first?.title).toMatch(
      /^Requests wait \d+(\.\d)? ms for one of 3 slots in front of `GET pricing.internal:8080` \(a worker pool or semaphore of 3\)$/,
    );
    expect(first?.suggestion).toMatch(/keeps about \d(\.\d+)? busy, so \d+ slots would run at 70 %/);
  });

  it('control: at a third of the load there is no finding', () => {
    expect(analyze(workerPoolWorkload(10)).findings).toEqual([]);
  });

  it('names calls whose span names carry raw paths by their template: one pool, no literal', () => {
    // Some instrumentations name a client span after the raw request line: ids and tokens included.
    const traces = workerPoolWorkload(27).map((spans, i) =>
      spans.map((s) =>
        s.kind === 'client' ? { ...s, name: `GET /quotes/${4000 + i}?token=s3cret${i}` } : s,
      ),
    );
    const report = analyze(traces);
    expect(report.findings[0]?.title).toContain('`GET /quotes/{id} pricing.internal:8080`');
    expect(JSON.stringify(report)).not.toMatch(/s3cret|\/quotes\/4\d{3}/);
  });
});
