// A crafted report and comparison shaped like tripstore's seeded bottlenecks, for the HTML report's
// tests, its headless-browser test and the README screenshot. Not produced by the analyzer: every
// number here is made up to look like a real run, and named as such.
import type { Comparison, Finding, QueryShape, Report, RouteSummary } from '@loadlens/types';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '00f067aa0ba902b74bf92f3577b34da6';
const TRACE_C = 'a3ce929d0e0e47364bf92f3577b34da6';

const missingIndex: Finding = {
  id: 'slow-query:GET /api/users/{id}/timeline:3f1c9a',
  kind: 'slow-query',
  severity: 'critical',
  title: 'Missing index: timeseries scanned by user_id and write_ts',
  route: 'GET /api/users/{id}/timeline',
  fingerprint: 'SELECT * FROM timeseries WHERE user_id = ? AND write_ts > ? ORDER BY write_ts',
  evidence: [
    { label: 'plan', value: 'Seq Scan on timeseries' },
    { label: 'rows scanned per call', value: 1_184_000 },
    { label: 'p95', value: 612, unit: 'ms' },
    { label: 'share of inactive users in the table', value: '94%' },
  ],
  impact: { msPerRequest: 588, share: 0.81, totalMs: 3_175_200 },
  suggestion:
    'CREATE INDEX ON timeseries (user_id, write_ts): the scan reads every inactive user to find one active one.',
  sampleTraceIds: [TRACE_A, TRACE_B],
};

const nPlusOne: Finding = {
  id: 'n-plus-one:GET /api/users/{id}/stats:9ad210',
  kind: 'n-plus-one',
  severity: 'high',
  title: 'N+1: one query per trip in the stats handler',
  route: 'GET /api/users/{id}/stats',
  fingerprint: 'SELECT * FROM sections WHERE trip_id = ?',
  evidence: [
    { label: 'repeats per request (median)', value: 42 },
    { label: 'time in the repeats', value: 164, unit: 'ms' },
  ],
  impact: { msPerRequest: 151, share: 0.68, totalMs: 362_400 },
  suggestion:
    'Fetch the sections of all trips at once (WHERE trip_id = ANY(?)) and group them in the handler.',
  sampleTraceIds: [TRACE_C],
};

const cpuBound: Finding = {
  id: 'cpu-bound:POST /api/usercache/put:1',
  kind: 'cpu-bound',
  severity: 'medium',
  title: 'Event loop blocked while validating uploaded entries',
  route: 'POST /api/usercache/put',
  evidence: [
    { label: 'event-loop delay p99', value: 87, unit: 'ms' },
    { label: 'CPU of the server', value: 96, unit: '%' },
  ],
  impact: { msPerRequest: 38, share: 0.41 },
  suggestion: 'Validate entries with a compiled schema once per batch instead of per entry.',
  sampleTraceIds: [],
};

function route(
  name: string,
  count: number,
  p: [number, number, number, number],
  stages: [string, number][],
): RouteSummary {
  const total = stages.reduce((sum, [, ms]) => sum + ms, 0);
  return {
    route: name,
    service: 'tripstore',
    count,
    errorCount: Math.round(count * 0.002),
    meanMs: p[0],
    p50Ms: p[1],
    p95Ms: p[2],
    p99Ms: p[3],
    stages: stages.map(([stage, meanMs]) => ({
      stage,
      meanMs,
      p50Ms: meanMs * 0.8,
      p95Ms: meanMs * 2,
      share: meanMs / total,
    })),
  };
}

function query(
  id: string,
  fingerprint: string,
  count: number,
  meanMs: number,
  p99Ms: number,
  routeName: string,
  share: number,
): QueryShape {
  return {
    id,
    fingerprint,
    system: 'postgresql',
    operation: fingerprint.split(' ')[0] as string,
    collection: /(?:FROM|INTO|UPDATE) (\w+)/.exec(fingerprint)?.[1] ?? '',
    count,
    totalMs: count * meanMs,
    meanMs,
    p50Ms: meanMs * 0.7,
    p95Ms: p99Ms * 0.8,
    p99Ms,
    maxMs: p99Ms * 1.6,
    routes: [{ route: routeName, count, share }],
    sample: fingerprint,
    sampleTraceIds: [TRACE_A],
  };
}

export const craftedReport: Report = {
  schema: 'loadlens.report/v1',
  generatedAt: '2026-11-22T01:00:00.000Z',
  source: { kind: 'store', location: 'loadlens-demo/spans.duckdb' },
  run: {
    id: 'run-7f3a',
    workload: 'emission-ramp',
    target: 'http://127.0.0.1:8080',
    startedAt: '2026-11-22T00:57:10.000Z',
    partial: false,
  },
  spanCount: 412_380,
  traceCount: 18_204,
  // In the order the analyzer ranks them (sortFindings: time a fix saves over the run).
  findings: [missingIndex, nPlusOne, cpuBound],
  routes: [
    route(
      'GET /api/users/{id}/timeline',
      5400,
      [726, 640, 1380, 2210],
      [
        ['postgresql', 611],
        ['app', 92],
        ['proxy', 12],
      ],
    ),
    route(
      'GET /api/users/{id}/stats',
      2400,
      [222, 205, 390, 540],
      [
        ['postgresql', 164],
        ['app', 51],
        ['proxy', 7],
      ],
    ),
    route(
      'POST /api/usercache/put',
      7800,
      [93, 61, 240, 410],
      [
        ['app', 61],
        ['postgresql', 24],
        ['proxy', 8],
      ],
    ),
    route(
      'GET /api/trips/{id}',
      2604,
      [14, 11, 31, 58],
      [
        ['postgresql', 8.5],
        ['app', 4.1],
        ['proxy', 1.4],
      ],
    ),
  ],
  queries: [
    query(
      '3f1c9a',
      missingIndex.fingerprint as string,
      5400,
      588,
      1290,
      'GET /api/users/{id}/timeline',
      0.81,
    ),
    query('9ad210', nPlusOne.fingerprint as string, 100_800, 3.6, 11, 'GET /api/users/{id}/stats', 0.68),
    query(
      '51be07',
      'INSERT INTO usercache (user_id, key, data, write_ts) VALUES (?, ?, ?, ?)',
      31_200,
      5.8,
      21,
      'POST /api/usercache/put',
      0.26,
    ),
    query(
      'c0ffee',
      'SELECT id, start_ts, end_ts FROM trips WHERE user_id = ? ORDER BY start_ts DESC LIMIT ?',
      2400,
      9.1,
      25,
      'GET /api/users/{id}/stats',
      0.04,
    ),
    query('7d41aa', 'SELECT * FROM trips WHERE id = ?', 2604, 6.2, 19, 'GET /api/trips/{id}', 0.44),
  ],
  capacity: {
    sustainableRate: 180,
    kneeRate: 220,
    failureMode: 'latency',
    failureDetail: 'p99 2.2 s > 500 ms at 260 req/s',
    usersSupported: 10_800,
    instance: { name: 'c7g.large', monthlyUsd: 52.56 },
    costPerUserMonthlyUsd: 0.0049,
    costPerMillionRequestsUsd: 0.11,
    slo: { latencyMs: { p99: 500 }, errorRate: 0.01 },
    points: [
      [40, 40, 18, 64],
      [80, 80, 21, 88],
      [120, 119.6, 26, 142],
      [160, 159.1, 34, 260],
      [200, 198.2, 52, 455],
      [220, 216.8, 88, 720],
      [240, 232.5, 190, 1340],
      [260, 241.0, 410, 2210],
    ].map(([offeredRate, achievedRate, p50Ms, p99Ms]) => ({
      offeredRate: offeredRate as number,
      achievedRate: achievedRate as number,
      p50Ms: p50Ms as number,
      p99Ms: p99Ms as number,
      errorRate: 0,
      droppedRate: 0,
      passed: (p99Ms as number) < 500,
    })),
  },
};

export const craftedComparison: Comparison = {
  schema: 'loadlens.comparison/v1',
  generatedAt: '2026-11-22T01:04:00.000Z',
  base: { label: 'main', location: 'base/report.json' },
  head: { label: 'pr-128', location: 'head/report.json' },
  deltas: [
    {
      key: 'GET /api/users/{id}/stats',
      kind: 'route',
      verdict: 'regression',
      metrics: [{ metric: 'p95 ms', base: 210, head: 390, change: 0.857 }],
      pValue: 0.0004,
      test: 'Mann-Whitney U',
    },
    {
      key: 'GET /api/trips/{id}',
      kind: 'route',
      verdict: 'unchanged',
      metrics: [{ metric: 'p95 ms', base: 30, head: 31, change: 0.033 }],
      pValue: 0.61,
      test: 'Mann-Whitney U',
    },
    {
      key: 'SELECT * FROM sections WHERE trip_id = ?',
      kind: 'query',
      verdict: 'new',
      metrics: [{ metric: 'calls', base: null, head: 100_800, change: null }],
    },
  ],
  newFindings: [nPlusOne],
  resolvedFindings: [],
  rules: [
    { rule: 'p95 +20%', tripped: true, detail: 'GET /api/users/{id}/stats p95 210 ms → 390 ms (+85.7%)' },
  ],
  failed: true,
};
