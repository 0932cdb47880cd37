// The query digest: per query shape, count, total time, percentiles from a histogram, and the share of
// each calling route's time — accumulated span by span, never keeping the spans.

import { createLatencyHistogram, encodeHistogram, type Histogram, percentileMs } from '@loadlens/run-stats';
import type { QueryShape } from '@loadlens/types';
import type { SpanQuery } from '../fingerprint/span-query.ts';
import { recordNs } from './latency-histogram.ts';
import { createTraceSampler, SAMPLE_TRACES, type TraceSampler } from './trace-sampler.ts';

export interface ShapeAccumulator {
  query: SpanQuery;
  count: number;
  totalNs: number;
  histogram: Histogram;
  /** Per calling route: spans and time. */
  routes: Map<string, { count: number; ns: number }>;
  traces: TraceSampler;
}

export function createShapeAccumulator(query: SpanQuery): ShapeAccumulator {
  return {
    query,
    count: 0,
    totalNs: 0,
    histogram: createLatencyHistogram(),
    routes: new Map(),
    traces: createTraceSampler(SAMPLE_TRACES),
  };
}

export function addQuerySpan(
  acc: ShapeAccumulator,
  route: string,
  durationNs: number,
  traceId: string,
): void {
  acc.count++;
  acc.totalNs += durationNs;
  recordNs(acc.histogram, durationNs);
  const r = acc.routes.get(route);
  if (r === undefined) acc.routes.set(route, { count: 1, ns: durationNs });
  else {
    r.count++;
    r.ns += durationNs;
  }
  acc.traces.offer(durationNs, traceId);
}

/** The shape's row; `routeTotalNs` gives each route's total time, for the shares. */
export function summarizeShape(acc: ShapeAccumulator, routeTotalNs: (route: string) => number): QueryShape {
  const q = acc.query;
  return {
    id: q.id,
    fingerprint: q.fingerprint,
    system: q.system,
    ...(q.operation !== undefined ? { operation: q.operation } : {}),
    ...(q.collection !== undefined ? { collection: q.collection } : {}),
    count: acc.count,
    totalMs: acc.totalNs / 1e6,
    meanMs: acc.count > 0 ? acc.totalNs / acc.count / 1e6 : 0,
    p50Ms: percentileMs(acc.histogram, 50),
    p95Ms: percentileMs(acc.histogram, 95),
    p99Ms: percentileMs(acc.histogram, 99),
    maxMs: acc.histogram.maxValue / 1000,
    routes: [...acc.routes.entries()]
      .map(([route, r]) => {
        const total = routeTotalNs(route);
        return { route, count: r.count, share: total > 0 ? Math.min(1, r.ns / total) : 0 };
      })
      .sort((a, b) => b.share - a.share || a.route.localeCompare(b.route)),
    sample: q.sample,
    sampleTraceIds: acc.traces.ids(),
    histogram: encodeHistogram(acc.histogram),
  };
}
