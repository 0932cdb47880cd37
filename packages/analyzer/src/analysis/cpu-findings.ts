// cpu-bound: routes whose time goes to application code on the critical path, with the run's process
// CPU, event-loop delay and profile frames as evidence when a run result is joined.
import type { RouteSummary } from '@loadlens/types';
import type { DraftFinding } from './pattern-findings.ts';
import type { PatternThresholds } from './patterns/thresholds.ts';

const round = (x: number) => Math.round(x * 100) / 100;

/** cpu-bound findings from the application stage of each route. */
export function cpuFindings(
  routes: RouteSummary[],
  t: PatternThresholds,
  evidence: DraftFinding['evidence'],
): DraftFinding[] {
  const out: DraftFinding[] = [];
  for (const r of routes) {
    const app = r.stages.find((s) => s.stage === 'app');
    if (!app || (app.criticalShare ?? app.share) < t.cpuAppShare || app.meanMs < t.cpuMinAppMs) continue;
    out.push({
      kind: 'cpu-bound',
      title: `Application code takes ${Math.round((app.criticalShare ?? app.share) * 100)} % of ${r.route}`,
      route: r.route,
      evidence: [
        { label: 'application self time per request (mean)', value: round(app.meanMs), unit: 'ms' },
        { label: 'application self time p95', value: round(app.p95Ms), unit: 'ms' },
        { label: 'share of the critical path', value: round((app.criticalShare ?? 0) * 100), unit: '%' },
        ...evidence,
      ],
      impact: { msPerRequest: app.meanMs, share: Math.min(1, app.share), totalMs: app.meanMs * r.count },
      suggestion:
        'Time goes to JavaScript, not to waiting: profile the route (node --cpu-prof, or a run with a CPU profile), then cache, paginate, or move row-to-object mapping and serialization off the request path.',
      sampleTraceIds: [],
    });
  }
  return out;
}
