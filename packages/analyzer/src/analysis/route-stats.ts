// Per-route accumulation in one pass: duration histogram, errors, and per stage a histogram of self
// time per request plus the time the stage spent on the critical path.

import { createLatencyHistogram, encodeHistogram, type Histogram, percentileMs } from '@loadlens/run-stats';
import type { RouteSummary } from '@loadlens/types';
import { recordNs } from './latency-histogram.ts';
import type { RequestFacts } from './request-facts.ts';

interface StageAccumulator {
  histogram: Histogram;
  totalNs: number;
  criticalNs: number;
}

export interface RouteAccumulator {
  route: string;
  service: string;
  count: number;
  errorCount: number;
  totalNs: number;
  histogram: Histogram;
  stages: Map<string, StageAccumulator>;
}

export function createRouteAccumulator(route: string, service: string): RouteAccumulator {
  return {
    route,
    service,
    count: 0,
    errorCount: 0,
    totalNs: 0,
    histogram: createLatencyHistogram(),
    stages: new Map(),
  };
}

/** Adds one request of this route. */
export function addRequest(acc: RouteAccumulator, request: RequestFacts): void {
  for (const [stage, ns] of request.stageSelfNs) {
    let s = acc.stages.get(stage);
    if (s === undefined) {
      s = { histogram: createLatencyHistogram(), totalNs: 0, criticalNs: 0 };
      // Earlier requests of the route had none of this stage: they count as zero so percentiles are
      // per request of the route, not per request that happened to use the stage.
      if (acc.count > 0) s.histogram.recordValueWithCount(0, acc.count);
      acc.stages.set(stage, s);
    }
    recordNs(s.histogram, ns);
    s.totalNs += ns;
  }
  for (const [stage, s] of acc.stages) if (!request.stageSelfNs.has(stage)) s.histogram.recordValue(0);
  for (const [stage, ns] of request.stageCriticalNs) {
    const s = acc.stages.get(stage);
    if (s !== undefined) s.criticalNs += ns;
  }
  acc.count++;
  if (request.error) acc.errorCount++;
  acc.totalNs += request.durationNs;
  recordNs(acc.histogram, request.durationNs);
}

const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0);

/** The route's row of the report; stages by mean self time, largest first. */
export function summarizeRoute(acc: RouteAccumulator): RouteSummary {
  const stages = [...acc.stages.entries()]
    .map(([stage, s]) => ({
      stage,
      meanMs: acc.count > 0 ? s.totalNs / acc.count / 1e6 : 0,
      p50Ms: percentileMs(s.histogram, 50),
      p95Ms: percentileMs(s.histogram, 95),
      share: share(s.totalNs, acc.totalNs),
      criticalShare: share(s.criticalNs, acc.totalNs),
    }))
    .sort((a, b) => b.meanMs - a.meanMs || a.stage.localeCompare(b.stage));
  return {
    route: acc.route,
    service: acc.service,
    count: acc.count,
    errorCount: acc.errorCount,
    meanMs: acc.count > 0 ? acc.totalNs / acc.count / 1e6 : 0,
    p50Ms: percentileMs(acc.histogram, 50),
    p95Ms: percentileMs(acc.histogram, 95),
    p99Ms: percentileMs(acc.histogram, 99),
    stages,
    histogram: encodeHistogram(acc.histogram),
  };
}
