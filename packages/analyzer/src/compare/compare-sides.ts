// What compare puts side by side: per route and per query shape of a report, per operation of a run —
// the metrics to diff and the encoded latency histogram to test.
import { errorRate } from '@loadlens/run-stats';
import type { Delta, Report, RunResult } from '@loadlens/types';
import { BACKGROUND_PREFIX } from '../analysis/request-facts.ts';

export interface Side {
  key: string;
  kind: Delta['kind'];
  count: number;
  metrics: Record<string, number>;
  histogram: string | undefined;
  /** Ran only outside any request (see Delta.background). */
  background?: boolean;
  /** The routes a query shape ran under, to tell which removed shape a new one replaces. */
  routes?: string[];
}

/** A route of a trace with no request at its root (start-up, background work). */
const isBackground = (route: string) => route.startsWith(BACKGROUND_PREFIX);

export function routeSides(report: Report): Side[] {
  return report.routes.map((r) => ({
    key: r.route,
    kind: 'route' as const,
    count: r.count,
    metrics: {
      count: r.count,
      meanMs: r.meanMs,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      errorRate: r.count ? r.errorCount / r.count : 0,
    },
    histogram: r.histogram,
    ...(isBackground(r.route) ? { background: true } : {}),
  }));
}

export function querySides(report: Report): Side[] {
  return report.queries.map((q) => ({
    key: q.fingerprint,
    kind: 'query' as const,
    count: q.count,
    metrics: {
      count: q.count,
      totalMs: q.totalMs,
      meanMs: q.meanMs,
      p50Ms: q.p50Ms,
      p95Ms: q.p95Ms,
      p99Ms: q.p99Ms,
    },
    histogram: q.histogram,
    routes: q.routes.map((r) => r.route),
    ...(q.routes.length > 0 && q.routes.every((r) => isBackground(r.route)) ? { background: true } : {}),
  }));
}

export function operationSides(run: RunResult): Side[] {
  return run.operations.map((op) => {
    const l = op.latencyMs.corrected;
    return {
      key: `${op.name} (${op.method} ${op.route})`,
      kind: 'operation' as const,
      count: l.count,
      metrics: {
        count: l.count,
        meanMs: l.mean,
        p50Ms: l.p50,
        p95Ms: l.p95,
        p99Ms: l.p99,
        errorRate: errorRate(op),
        achievedRate: op.achievedRate,
      },
      histogram: op.histograms.corrected,
    };
  });
}
