import type { NormalizedSpan, Report } from '@loadlens/types';
import { reportSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { craftTrace } from '../testing/crafted-traces.ts';
import type { AnalyzeOptions } from './analyze-options.ts';
import { createTraceAnalysis } from './analyze-traces.ts';

const source = { kind: 'otlp-file', location: 'spans.jsonl' } as const;

function analyze(traces: NormalizedSpan[][], options: Partial<AnalyzeOptions> = {}): Report {
  const a = createTraceAnalysis({ source, now: () => new Date('2026-01-01T00:00:00Z'), ...options });
  for (const t of traces) a.addTrace(t);
  return reportSchema.parse(a.finish());
}

/** GET /users/:id/trips: one list query, then one query per trip (the N+1), then rendering. */
function tripsTrace(startMs: number, trips: number, perTripMs: number) {
  const t = craftTrace(startMs);
  const end = 2 + 5 + trips * perTripMs + 3;
  const root = t.server('GET', '/users/:id/trips', { at: 0, ms: end });
  t.pg(root, `SELECT id FROM trips WHERE user_id = ${startMs + 7} ORDER BY start_ts DESC`, { at: 2, ms: 5 });
  for (let i = 0; i < trips; i++)
    t.pg(root, `SELECT * FROM points WHERE trip_id = ${1000 + i} AND lat > 52.${i}`, {
      at: 7 + i * perTripMs,
      ms: perTripMs,
    });
  return t.spans();
}

describe('query digest', () => {
  it('folds statements with different literals into shapes with counts, percentiles and route shares', () => {
    const report = analyze([tripsTrace(0, 10, 20), tripsTrace(1000, 10, 20)]);
    expect(report.traceCount).toBe(2);
    expect(report.spanCount).toBe(24);
    const [points, trips] = report.queries;
    expect(points).toMatchObject({
      fingerprint: 'select * from points where trip_id = ? and lat > ?',
      sample: 'SELECT * FROM points WHERE trip_id = ? AND lat > ?',
      system: 'postgresql',
      operation: 'SELECT',
      count: 20,
      totalMs: 400,
      meanMs: 20,
      routes: [{ route: 'GET /users/:id/trips', count: 20, share: 400 / 420 }],
    });
    expect(points?.p50Ms).toBeCloseTo(20, 0);
    expect(points?.maxMs).toBeCloseTo(20, 0);
    expect(trips).toMatchObject({
      fingerprint: 'select id from trips where user_id = ? order by start_ts desc',
      count: 2,
    });
  });
});

describe('stage breakdown', () => {
  it('splits route time into app and database self time, with the critical path aggregated', () => {
    const report = analyze([tripsTrace(0, 10, 20), tripsTrace(1000, 10, 20)]);
    const route = report.routes[0]!;
    expect(route).toMatchObject({ route: 'GET /users/:id/trips', count: 2, errorCount: 0, meanMs: 210 });
    const r3 = (x: number | undefined) => Math.round((x ?? 0) * 1000) / 1000;
    expect(route.stages.map((s) => [s.stage, r3(s.meanMs), r3(s.share), r3(s.criticalShare)])).toEqual([
      ['db:postgresql', 205, 0.976, 0.976],
      ['app', 5, 0.024, 0.024],
    ]);
  });

  it('counts parallel calls once on the critical path and names the proxy hop', () => {
    const t = craftTrace(0, 'proxy');
    const proxy = t.server('GET', '', { at: 0, ms: 100 });
    const spans = t.spans();
    // The app's server span, 4 ms inside the proxy's; two parallel queries of 30 and 60 ms.
    const app = craftTrace(0);
    const root = app.server('GET', '/dashboard', { at: 4, ms: 90 }, 200, proxy);
    app.pg(root, 'SELECT count(*) FROM trips', { at: 10, ms: 30 });
    app.pg(root, 'SELECT count(*) FROM users', { at: 10, ms: 60 });
    const merged = [...spans, ...app.spans().map((s) => ({ ...s, traceId: spans[0]!.traceId }))];
    delete (merged[0]!.attributes as Record<string, unknown>)['http.route'];
    const report = analyze([merged]);
    const route = report.routes[0]!;
    expect(route.route).toBe('GET /dashboard');
    // Self time sums both parallel queries (90 ms); the critical path counts only the longer one.
    const r3 = (x: number | undefined) => Math.round((x ?? 0) * 1000) / 1000;
    expect(
      Object.fromEntries(route.stages.map((s) => [s.stage, [r3(s.meanMs), r3(s.criticalShare)]])),
    ).toEqual({
      'db:postgresql': [90, 0.6],
      app: [30, 0.3],
      proxy: [10, 0.1],
    });
  });
});

describe('patterns', () => {
  it('flags an N+1 with its source query, saving all but one of the repeats', () => {
    const report = analyze([tripsTrace(0, 10, 20), tripsTrace(1000, 10, 20), tripsTrace(2000, 2, 20)]);
    const finding = report.findings.find((f) => f.kind === 'n-plus-one')!;
    expect(finding).toMatchObject({
      title: 'N+1: 10 × the same query per request on GET /users/:id/trips',
      route: 'GET /users/:id/trips',
      fingerprint: 'select * from points where trip_id = ? and lat > ?',
      severity: 'critical',
      impact: { msPerRequest: 120, totalMs: 360 },
    });
    expect(finding.evidence).toContainEqual({
      label: 'after the source query',
      value: 'SELECT id FROM trips WHERE user_id = ? ORDER BY start_ts DESC',
    });
    expect(finding.sampleTraceIds).toHaveLength(2);
  });

  it('does not flag repeats under Sentry’s 5 spans / 100 ms defaults, and honours lowered thresholds', () => {
    expect(analyze([tripsTrace(0, 4, 50)]).findings.filter((f) => f.kind === 'n-plus-one')).toEqual([]);
    expect(analyze([tripsTrace(0, 5, 19)]).findings.filter((f) => f.kind === 'n-plus-one')).toEqual([]);
    const lowered = analyze([tripsTrace(0, 4, 50)], { thresholds: { nPlusOneMinRepeats: 3 } });
    expect(lowered.findings.filter((f) => f.kind === 'n-plus-one')).toHaveLength(1);
  });

  it('with nPlusOneMinShare, also flags repeats under 100 ms that are that share of the request', () => {
    // 5 × 19 ms = 95 ms of a 105 ms request (90 %): below Sentry's 100 ms, above a 50 % share.
    const nPlusOnes = (share: number) =>
      analyze([tripsTrace(0, 5, 19)], { thresholds: { nPlusOneMinShare: share } }).findings.filter(
        (f) => f.kind === 'n-plus-one',
      );
    expect(nPlusOnes(0.5).map((f) => f.title)).toEqual([
      'N+1: 5 × the same query per request on GET /users/:id/trips',
    ]);
    expect(nPlusOnes(0.95)).toEqual([]);
  });

  it('flags independent sequential calls of any client kind and what parallelizing saves', () => {
    const t = craftTrace(0);
    const root = t.server('GET', '/profile', { at: 0, ms: 400 });
    t.pg(root, "SELECT * FROM users WHERE token = 'tok_123'", { at: 5, ms: 100 });
    t.redis(root, 'GET session:abc', { at: 110, ms: 80 });
    t.http(root, 'GET', 'weather.internal', { at: 200, ms: 150 });
    const f = analyze([t.spans()]).findings.find((x) => x.kind === 'sequential-calls')!;
    expect(f.title).toBe('3 independent calls run one after another on GET /profile');
    expect(f.impact.msPerRequest).toBe(180);
    expect(f.evidence).toContainEqual({
      label: 'calls',
      value: 'select * from users where token = ? → redis GET → HTTP GET weather.internal/x',
    });
  });

  it('does not flag calls that already overlap', () => {
    const t = craftTrace(0);
    const root = t.server('GET', '/profile', { at: 0, ms: 400 });
    t.pg(root, 'SELECT 1', { at: 5, ms: 100 });
    t.redis(root, 'GET a', { at: 50, ms: 80 });
    t.http(root, 'GET', 'weather.internal', { at: 60, ms: 150 });
    expect(analyze([t.spans()]).findings.filter((x) => x.kind === 'sequential-calls')).toEqual([]);
  });

  it('flags slow queries (≥ 1 s) and shapes dominating a route', () => {
    const t = craftTrace(0);
    const root = t.server('GET', '/report', { at: 0, ms: 1500 });
    t.pg(root, "SELECT * FROM trips WHERE mode = 'walk'", { at: 10, ms: 1400 });
    const f = analyze([t.spans()]).findings.filter((x) => x.kind === 'slow-query');
    expect(f.map((x) => [x.title, x.severity, Math.round(x.impact.share * 100)])).toEqual([
      ['Slow query (p95 1.40 s) on GET /report', 'critical', 93],
    ]);
  });

  it('groups failed requests by failure', () => {
    const traces = [0, 1, 2, 3].map((i) => {
      const t = craftTrace(i * 100);
      t.server('POST', '/trips', { at: 0, ms: 10 }, i === 0 ? 500 : 201);
      return t.spans();
    });
    const f = analyze(traces).findings.find((x) => x.kind === 'errors')!;
    expect(f).toMatchObject({
      title: '25 % of POST /trips fail (HTTP 500)',
      severity: 'high',
      impact: { share: 0.25, msPerRequest: 2.5 },
    });
  });

  it('flags cpu-bound routes where application code dominates the critical path', () => {
    const t = craftTrace(0);
    const root = t.server('GET', '/timeline', { at: 0, ms: 200 });
    t.pg(root, 'SELECT * FROM trips', { at: 2, ms: 20 });
    const f = analyze([t.spans()]).findings.find((x) => x.kind === 'cpu-bound')!;
    expect(f).toMatchObject({
      title: 'Application code takes 90 % of GET /timeline',
      impact: { msPerRequest: 180 },
    });
  });
});

describe('cpu-bound with a run result', () => {
  it('adds process CPU, event-loop delay and the top profile frames as evidence', async () => {
    const { craftRun } = await import('@loadlens/run-stats/testing');
    const run = {
      ...craftRun([{ rate: 10, latenciesMs: [200, 210] }]),
      resources: [
        {
          timeMs: Date.parse('2026-01-01T00:00:01Z'),
          source: 'target',
          cpuPercent: 97,
          eventLoopDelayP99Ms: 180,
        },
        { timeMs: Date.parse('2026-01-01T00:00:02Z'), source: 'machine', cpuPercent: 60 },
      ],
      profile: {
        kind: 'cpu' as const,
        topFrames: [
          {
            functionName: 'rowToObject',
            url: 'file:///srv/app/orm/hydrate.js',
            line: 88,
            selfMs: 5200,
            share: 0.41,
          },
        ],
      },
    };
    const t = craftTrace(100);
    const root = t.server('GET', '/timeline', { at: 0, ms: 200 });
    t.pg(root, 'SELECT * FROM trips', { at: 2, ms: 20 });
    const f = analyze([t.spans()], { run }).findings.find((x) => x.kind === 'cpu-bound')!;
    expect(f.evidence.slice(3)).toEqual([
      { label: 'peak process CPU (near a full core)', value: 97, unit: '%' },
      { label: 'peak event-loop delay p99 (loop blocked)', value: 180, unit: 'ms' },
      { label: 'profile: rowToObject hydrate.js:88', value: 41, unit: '%' },
    ]);
  });
});

/** A trace of one SERVER span: http.route `route` (none when absent), url.path `path`, optional span name. */
function oneServerSpan(i: number, s: { route?: string; path: string; name?: string }): NormalizedSpan[] {
  const t = craftTrace(i * 100);
  const root = t.server('GET', s.route ?? 'x', { at: 0, ms: 5 });
  const span = t.spans().find((x) => x.spanId === root)!;
  if (s.route === undefined) delete span.attributes['http.route'];
  if (s.name !== undefined) span.name = s.name;
  span.attributes['url.path'] = s.path;
  return t.spans();
}

const routesOf = (traces: NormalizedSpan[][]) =>
  analyze(traces)
    .routes.map((r) => r.route)
    .sort();

describe('routes', () => {
  it('prefer the app’s http.route over a proxy’s, and template a bare url.path without leaking it', () => {
    const proxied = craftTrace(0, 'proxy');
    const proxy = proxied.server('GET', '/users/{id}/trips', { at: 0, ms: 20 });
    const app = craftTrace(0);
    app.server('GET', '/users/:id/trips', { at: 1, ms: 18 }, 200, proxy);
    const merged = [...proxied.spans(), ...app.spans().map((s) => ({ ...s, traceId: proxied.traceId }))];
    const bare = craftTrace(100);
    const root = bare.server('GET', 'x', { at: 0, ms: 5 });
    const span = bare.spans().find((s) => s.spanId === root)!;
    delete span.attributes['http.route'];
    span.name = 'GET';
    span.attributes['url.path'] = '/users/42/trips/tok_AbCdEf0123456789xyzQ';
    const report = analyze([merged, bare.spans()]);
    expect(report.routes.map((r) => r.route).sort()).toEqual([
      'GET /users/:id/trips',
      'GET /users/{id}/trips/{token}',
    ]);
  });

  it('take the router’s template from the span name when no http.route carries it and it fits the path', () => {
    // Go's otelhttp around a whole ServeMux: span "GET /tags/{tag}", url.path /tags/lamp, no http.route.
    const spans = [
      ['GET /tags/{tag}', '/tags/lamp'],
      ['GET /tags/{tag}', '/tags/chair'],
      ['GET /files/{path...}', '/files/a/b/c.txt'],
      ['GET /tags/{tag}', '/other/lamp'], // does not fit: the raw path is templated as before
    ].map(([name, path], i) => oneServerSpan(i, { name: name as string, path: path as string }));
    expect(routesOf(spans)).toEqual(['GET /files/{path...}', 'GET /other/lamp', 'GET /tags/{tag}']);
  });

  it('name a request by its templated path when http.route is only the mount point above it', () => {
    // The JDK HttpServer under the Java agent: http.route "/orders/" for /orders/181 and for /orders/7/items.
    const spans = ['/orders/181', '/orders/7/items', '/orders/'].map((path, i) =>
      oneServerSpan(i, { route: '/orders/', path }),
    );
    expect(routesOf(spans)).toEqual(['GET /orders/', 'GET /orders/{id}', 'GET /orders/{id}/items']);
  });
});

describe('orphaned spans', () => {
  it('join their trace’s request instead of becoming routes', () => {
    const t = craftTrace(0);
    const root = t.server('GET', '/trips', { at: 0, ms: 30 });
    t.pg(root, 'SELECT 1', { at: 1, ms: 5 });
    const lostParent = t.internal(root, 'handler', { at: 10, ms: 15 });
    t.pg(lostParent, 'SELECT * FROM trips WHERE id = 3', { at: 12, ms: 10 });
    // The handler span was never exported: its query's parent is missing.
    const spans = t.spans().filter((s) => s.spanId !== lostParent);
    const report = analyze([spans]);
    expect(report.routes.map((r) => [r.route, r.count])).toEqual([['GET /trips', 1]]);
    expect(report.queries.map((q) => [q.fingerprint, q.routes.map((r) => r.route)])).toEqual([
      ['select * from trips where id = ?', ['GET /trips']],
      ['select ?', ['GET /trips']],
    ]);
  });
});

describe('N+1 over HTTP', () => {
  it('flags the same outbound call repeated per item, named without ids or query strings', () => {
    const t = craftTrace(0);
    const root = t.server('GET', '/feed', { at: 0, ms: 300 });
    for (let i = 0; i < 8; i++) {
      const call = t.http(root, 'GET', 'profiles.internal', { at: 5 + i * 30, ms: 30 });
      t.spans().find((s) => s.spanId === call)!.attributes['url.full'] =
        `http://profiles.internal/users/${1000 + i}?token=tk_${i}`;
    }
    const f = analyze([t.spans()]).findings.find((x) => x.kind === 'n-plus-one')!;
    expect(f.title).toBe('N+1: 8 × the same HTTP call per request on GET /feed');
    expect(f.evidence).toContainEqual({ label: 'call', value: 'GET profiles.internal/users/{id}' });
    expect(f.impact.msPerRequest).toBe(210);
  });
});

describe('bounded memory', () => {
  it('templates raw paths in span names and folds routes beyond 2,000 into one row', () => {
    const traces = Array.from({ length: 2_100 }, (_, i) => {
      const t = craftTrace(i);
      const root = t.server('GET', 'x', { at: 0, ms: 1 });
      const span = t.spans().find((s) => s.spanId === root)!;
      delete span.attributes['http.route'];
      // A raw path per request: templated, so these are all one route…
      span.name = i < 10 ? `GET /users/${i}/trips?token=t${i}` : `GET /page-${i}`;
      return t.spans();
    });
    const report = analyze(traces);
    expect(report.routes.find((r) => r.route === 'GET /users/{id}/trips')?.count).toBe(10);
    // …while the 2,090 literal names exceed the bound: 1,999 fill it up to 2,000 routes, 91 share one row.
    expect(report.routes).toHaveLength(2_001);
    expect(report.routes.find((r) => r.route === '(other routes)')?.count).toBe(91);
    expect(JSON.stringify(report)).not.toContain('token=');
  });
});

describe('waiting and background work', () => {
  it('judges a dominant shape against the route’s work, not the time its requests wait', () => {
    // 300 ms waiting for the one pooled connection, then a 160 ms query and 40 ms of the app's own code:
    // the query is 32 % of the route's time but 80 % of its work, and it is what everyone waits for.
    const traces = [0, 1, 2].map((i) => {
      const t = craftTrace(i * 1000);
      const root = t.server('POST', '/entries', { at: 0, ms: 500 });
      t.pool(root, { at: 0, ms: 300 });
      t.pg(root, `SELECT * FROM timeseries WHERE user_uuid = '${i}' AND ts >= ${i}`, { at: 300, ms: 160 });
      return t.spans();
    });
    const f = analyze(traces).findings.filter((x) => x.kind === 'slow-query');
    expect(f.map((x) => x.title)).toEqual(['One query shape takes 80 % of the work of POST /entries']);
    expect(f[0]?.impact.msPerRequest).toBeCloseTo(160, 6);
  });

  it('does not flag a shape that dominates a fast route (under 50 ms per request)', () => {
    const t = craftTrace(0);
    const root = t.server('POST', '/pipeline/get_complete_ts', { at: 0, ms: 12 });
    t.pg(root, "SELECT last_ts FROM pipeline_state WHERE user_uuid = 'u'", { at: 1, ms: 10 });
    expect(analyze([t.spans()]).findings.filter((x) => x.kind === 'slow-query')).toEqual([]);
  });

  it('still ignores a shape that is a small part of the work', () => {
    const t = craftTrace(0);
    const root = t.server('POST', '/entries', { at: 0, ms: 500 });
    t.pool(root, { at: 0, ms: 300 });
    t.pg(root, 'SELECT 1', { at: 300, ms: 40 });
    expect(analyze([t.spans()]).findings.filter((x) => x.kind === 'slow-query')).toEqual([]);
  });

  it('reports traces without a server root as background work, not as routes users call', () => {
    const job = craftTrace(0);
    job.pg(undefined as unknown as string, 'ANALYZE timeseries', { at: 0, ms: 1200 });
    const report = analyze([job.spans()]);
    expect(report.routes.map((r) => r.route)).toEqual(['(background) pg.query:ANALYZE tripstore']);
  });

  it('with a run result, leaves out work that started before or after the run (start-up, shutdown)', async () => {
    const { craftRun } = await import('@loadlens/run-stats/testing');
    const run = craftRun([{ rate: 1, latenciesMs: [20, 20] }]);
    const startup = craftTrace(-5_000);
    startup.pg(startup.server('GET', '/health', { at: 0, ms: 1500 }), 'CREATE INDEX ON t (a)', {
      at: 1,
      ms: 1400,
    });
    const during = craftTrace(2_000);
    during.pg(during.server('GET', '/trips', { at: 0, ms: 25 }), 'SELECT * FROM trips', { at: 1, ms: 5 });
    const report = analyze([startup.spans(), during.spans()], { run });
    expect(report.routes.map((r) => r.route)).toEqual(['GET /trips']);
    expect(report.findings.filter((x) => x.kind === 'slow-query')).toEqual([]);
  });

  it('carries the workload’s SLO into the capacity section, for the latency chart’s SLO line', async () => {
    const { craftRun } = await import('@loadlens/run-stats/testing');
    const run = craftRun([{ rate: 1, latenciesMs: [20] }]);
    run.workload.spec = { slo: { latencyMs: { p99: 500 }, errorRate: 0.01 } };
    const report = analyze([], { run });
    expect(report.capacity?.slo).toEqual({ latencyMs: { p99: 500 }, errorRate: 0.01 });
  });
});
