import type { NormalizedSpan, Report } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { createTraceAnalysis } from '../analysis/analyze-traces.ts';
import { craftTrace } from '../testing/crafted-traces.ts';
import { renderJson } from './render-json.ts';
import { MARKDOWN_LIMIT, renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';

/** A small run: an N+1 on the trip list, a slow report query, a failing POST, a Mongo timeline read. */
function craftedReport(): Report {
  const traces: NormalizedSpan[][] = [];
  for (let i = 0; i < 4; i++) {
    const t = craftTrace(i * 1000);
    const root = t.server('GET', '/users/:id/trips', { at: 0, ms: 150 });
    t.pg(root, `SELECT id FROM trips WHERE user_id = ${i}`, { at: 1, ms: 4 });
    for (let k = 0; k < 6; k++)
      t.pg(root, `SELECT * FROM points WHERE trip_id = ${k} AND lat > 52.52`, { at: 5 + k * 22, ms: 22 });
    traces.push(t.spans());
    const r = craftTrace(i * 1000 + 500);
    const report = r.server('GET', '/report', { at: 0, ms: 1300 });
    r.pg(report, "SELECT mode, count(*) FROM trips WHERE day >= '2026-01-01' GROUP BY mode", {
      at: 5,
      ms: 1250,
    });
    traces.push(r.spans());
    const p = craftTrace(i * 1000 + 700);
    p.server('POST', '/trips', { at: 0, ms: 12 }, i === 0 ? 503 : 201);
    traces.push(p.spans());
    const m = craftTrace(i * 1000 + 800);
    const tl = m.server('GET', '/timeline/:day', { at: 0, ms: 100 });
    m.mongo(
      tl,
      'timeseries',
      'find',
      { find: '?', filter: { user_id: '?', 'data.ts': { $gte: '?', $lt: '?' } }, sort: { 'data.ts': 1 } },
      { at: 2, ms: 75 },
    );
    traces.push(m.spans());
  }
  const a = createTraceAnalysis({
    source: { kind: 'otlp-file', location: 'run.jsonl' },
    now: () => new Date('2026-01-01T00:00:00Z'),
    traceUrlTemplate: 'http://127.0.0.1:16686/trace/{traceId}',
  });
  for (const t of traces) a.addTrace(t);
  return a.finish();
}

describe('renderers', () => {
  const report = craftedReport();

  it('renders the terminal report', () => {
    expect(renderText(report, { top: 3 })).toMatchInlineSnapshot(`
      "loadlens report — run.jsonl
      16 traces, 52 spans, 4 routes, 4 query shapes, 5 findings

      Findings (by time a fix would save)
        Ranked by the time a fix would save over the run. Waiting for a shared resource (a connection pool, a lock, the event loop) is charged to whatever held it meanwhile: the holder’s finding carries that waiting, and contention stands alone only when no holder explains it.
       1. CRITICAL Slow query (p95 1.25 s) on GET /report
          saves 1.25 s per request (96 % of the route) · slow-query · slow-query:ea13d57d49069dd4
          query: SELECT mode, count(*) FROM trips WHERE day >= ? GROUP BY mode
          - calls: 4
          - p50: 1250 ms
          - p95: 1250 ms
          - max: 1250 ms
          - share of the route’s time: 96.15 %
          → Check the plan (loadlens analyze --explain <database url>): a sequential scan or COLLSCAN here wants an index on the filter fields, then the sort fields.
          traces: http://127.0.0.1:16686/trace/00000000000000000000000000000002 http://127.0.0.1:16686/trace/00000000000000000000000000000006 http://127.0.0.1:16686/trace/0000000000000000000000000000000a
       2. CRITICAL N+1: 6 × the same query per request on GET /users/:id/trips
          saves 110 ms per request (73 % of the route) · n-plus-one · n-plus-one:eb05f267fef934a4
          query: SELECT * FROM points WHERE trip_id = ? AND lat > ?
          - requests affected: 4
          - share of the route’s requests: 100 %
          - repeats per request (mean): 6
          - repeats per request (max): 6
          - time in the repeated query per affected request: 132 ms
          - after the source query: SELECT id FROM trips WHERE user_id = ?
          → Fetch the rows in one query (WHERE id IN (…) / = ANY($1), a JOIN, or $in for MongoDB) instead of one query per item, or use the ORM’s eager loading / a DataLoader.
          traces: http://127.0.0.1:16686/trace/00000000000000000000000000000001 http://127.0.0.1:16686/trace/00000000000000000000000000000005 http://127.0.0.1:16686/trace/00000000000000000000000000000009
       3. CRITICAL One query shape takes 75 % of GET /timeline/:day
          saves 75.0 ms per request (75 % of the route) · slow-query · slow-query:9ee2b5f6c8825682
          query: timeseries.find {"filter":{"data.ts":{"$gte":"?","$lt":"?"},"user_id":"?"},"sort":{"data.ts":1}}
          - calls: 4
          - p50: 75 ms
          - p95: 75 ms
          - max: 75 ms
          - share of the route’s time: 75 %
          → Check the plan (loadlens analyze --explain <database url>): a sequential scan or COLLSCAN here wants an index on the filter fields, then the sort fields.
          traces: http://127.0.0.1:16686/trace/00000000000000000000000000000004 http://127.0.0.1:16686/trace/00000000000000000000000000000008 http://127.0.0.1:16686/trace/0000000000000000000000000000000c
          … 2 more (--top 5)

      Routes
        route                 count  errors      p50      p95      p99  stages (self time share · critical path share)
        GET /report               4       0   1.30 s   1.30 s   1.30 s  db:postgresql 96 %·96 %, app 3.8 %·3.8 %
        GET /users/:id/trips      4       0   150 ms   150 ms   150 ms  db:postgresql 91 %·91 %, app 9.3 %·9.3 %
        GET /timeline/:day        4       0   100 ms   100 ms   100 ms  db:mongodb 75 %·75 %, app 25 %·25 %
        POST /trips               4       1  12.0 ms  12.0 ms  12.0 ms  app 100 %·100 %

      Query shapes (by total time)
          total  count      p50      p95      p99      max  system      query
         5.00 s      4   1.25 s   1.25 s   1.25 s   1.25 s  postgresql  SELECT mode, count(*) FROM trips WHERE day >= ? GROUP BY mode
         528 ms     24  22.0 ms  22.0 ms  22.0 ms  22.0 ms  postgresql  SELECT * FROM points WHERE trip_id = ? AND lat > ?
         300 ms      4  75.0 ms  75.0 ms  75.0 ms  75.0 ms  mongodb     timeseries.find {"filter":{"data.ts":{"$gte":"?","$lt":"?"},"user_id":"?"},"sort":{"data.…
        16.0 ms      4  4.00 ms  4.00 ms  4.00 ms  4.00 ms  postgresql  SELECT id FROM trips WHERE user_id = ?"
    `);
  });

  it('renders the Markdown PR comment', () => {
    expect(renderMarkdown(report, { top: 2 })).toMatchInlineSnapshot(`
      "## loadlens report

      **5 findings** (5 critical or high) · 4 routes · 4 query shapes · 16 traces

      ### Top findings

      _Ranked by the time a fix would save over the run. Waiting for a shared resource (a connection pool, a lock, the event loop) is charged to whatever held it meanwhile: the holder’s finding carries that waiting, and contention stands alone only when no holder explains it._

      **1. 🔴 Slow query (p95 1.25 s) on GET /report** — saves 1.25 s/request (96 % of the route) · \`slow-query\`

      \`\`\`sql
      SELECT mode, count(*) FROM trips WHERE day >= ? GROUP BY mode
      \`\`\`

      - calls: 4
      - p50: 1250 ms
      - p95: 1250 ms
      - max: 1250 ms
      - share of the route’s time: 96.15 %

      > Check the plan (loadlens analyze --explain <database url>): a sequential scan or COLLSCAN here wants an index on the filter fields, then the sort fields.

      Traces: [00000000](http://127.0.0.1:16686/trace/00000000000000000000000000000002) [00000000](http://127.0.0.1:16686/trace/00000000000000000000000000000006) [00000000](http://127.0.0.1:16686/trace/0000000000000000000000000000000a)

      **2. 🔴 N+1: 6 × the same query per request on GET /users/:id/trips** — saves 110 ms/request (73 % of the route) · \`n-plus-one\`

      \`\`\`sql
      SELECT * FROM points WHERE trip_id = ? AND lat > ?
      \`\`\`

      - requests affected: 4
      - share of the route’s requests: 100 %
      - repeats per request (mean): 6
      - repeats per request (max): 6
      - time in the repeated query per affected request: 132 ms
      - after the source query: SELECT id FROM trips WHERE user_id = ?

      > Fetch the rows in one query (WHERE id IN (…) / = ANY($1), a JOIN, or $in for MongoDB) instead of one query per item, or use the ORM’s eager loading / a DataLoader.

      Traces: [00000000](http://127.0.0.1:16686/trace/00000000000000000000000000000001) [00000000](http://127.0.0.1:16686/trace/00000000000000000000000000000005) [00000000](http://127.0.0.1:16686/trace/00000000000000000000000000000009)

      _3 more findings not shown._

      ### Slowest query shapes

      | total | count | p50 | p95 | p99 | query |
      |--:|--:|--:|--:|--:|:--|
      | 5.00 s | 4 | 1.25 s | 1.25 s | 1.25 s | \`SELECT mode, count(*) FROM trips WHERE day >= ? GROUP BY mode\` |
      | 528 ms | 24 | 22.0 ms | 22.0 ms | 22.0 ms | \`SELECT * FROM points WHERE trip_id = ? AND lat > ?\` |
      | 300 ms | 4 | 75.0 ms | 75.0 ms | 75.0 ms | \`timeseries.find {"filter":{"data.ts":{"$gte":"?","$lt":"?"},"user_id":"?"},"sort":{"data.ts":1}}\` |
      | 16.0 ms | 4 | 4.00 ms | 4.00 ms | 4.00 ms | \`SELECT id FROM trips WHERE user_id = ?\` |

      ### Routes

      | route | count | p50 | p95 | p99 | biggest stage |
      |:--|--:|--:|--:|--:|:--|
      | \`GET /report\` | 4 | 1.30 s | 1.30 s | 1.30 s | db:postgresql 96 % |
      | \`GET /users/:id/trips\` | 4 | 150 ms | 150 ms | 150 ms | db:postgresql 91 % |
      | \`GET /timeline/:day\` | 4 | 100 ms | 100 ms | 100 ms | db:mongodb 75 % |
      | \`POST /trips\` | 4 | 12.0 ms | 12.0 ms | 12.0 ms | app 100 % |"
    `);
  });

  it('shows the capacity curve of a run and marks the knee', () => {
    const withRun: Report = {
      ...report,
      capacity: {
        kneeRate: 40,
        points: [
          { offeredRate: 20, achievedRate: 20, p50Ms: 12, p99Ms: 30, errorRate: 0, droppedRate: 0 },
          { offeredRate: 40, achievedRate: 39.96, p50Ms: 14, p99Ms: 45, errorRate: 0.001, droppedRate: 0 },
          {
            offeredRate: 80,
            achievedRate: 61.2,
            p50Ms: 160,
            p99Ms: 1900,
            errorRate: 0.02,
            droppedRate: 0.21,
          },
        ],
      },
    };
    const text = renderText(withRun, { top: 1 });
    expect(text.slice(text.indexOf('Capacity'), text.indexOf('Findings'))).toMatchInlineSnapshot(`
      "Capacity (per load phase of the run)
        offered  achieved      p50      p99  errors  dropped
           20/s      20/s  12.0 ms  30.0 ms   0.0 %    0.0 %
           40/s      40/s  14.0 ms  45.0 ms   0.1 %    0.0 %  ← knee: latency takes off after this rate
           80/s    61.2/s   160 ms   1.90 s   2.0 %     21 %

      "
    `);
    expect(renderMarkdown(withRun, { top: 1 })).toContain('| 80/s | 61.2/s | 160 ms | 1.90 s | 2.0 % |');
  });

  it('colours severities only when asked', () => {
    expect(renderText(report)).not.toContain('\u001b[');
    expect(renderText(report, { color: true })).toContain('\u001b[1;31mCRITICAL\u001b[0m');
  });

  it('writes JSON that satisfies the report contract, with the fields the issue lists', () => {
    const json = JSON.parse(renderJson(report));
    expect(json.findings[0]).toMatchObject({
      kind: expect.any(String),
      severity: expect.any(String),
      impact: { msPerRequest: expect.any(Number), share: expect.any(Number) },
    });
    expect(Object.keys(json.queries[0])).toEqual(
      expect.arrayContaining([
        'fingerprint',
        'system',
        'count',
        'totalMs',
        'p50Ms',
        'p95Ms',
        'p99Ms',
        'maxMs',
        'routes',
      ]),
    );
    expect(Object.keys(json.routes[0])).toEqual(
      expect.arrayContaining(['route', 'count', 'p50Ms', 'p95Ms', 'p99Ms', 'stages']),
    );
    expect(() => renderJson({ ...report, spanCount: -1 })).toThrow();
  });

  it('keeps the Markdown under the PR comment limit and says what it cut', () => {
    const many: Report = {
      ...report,
      findings: Array.from({ length: 400 }, (_, i) => ({
        ...report.findings[0]!,
        id: `n-plus-one:${i}`,
        title: `finding ${i} ${'x'.repeat(400)}`,
      })),
      queries: Array.from({ length: 400 }, (_, i) => ({
        ...report.queries[0]!,
        id: String(i),
        sample: `SELECT ${'c, '.repeat(150)} FROM t${i}`,
      })),
    };
    const md = renderMarkdown(many, { top: 400 });
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).toMatch(/_\d+ more findings not shown\._/);
    expect(md).toMatch(/_\d+ more query shapes not shown\._/);
  });
});
