// outside-server: with a run result joined, the latency the client measured against the duration of the
// server's own spans for the same route. A large gap is time no span covers — an untraced proxy or load
// balancer, the server's accept queue, or TCP itself (a response written in pieces without TCP_NODELAY
// waits for the client's delayed ACK) — and the stage breakdown alone would never show it.
import type { OperationResult, RouteSummary, RunResult } from '@loadlens/types';
import type { DraftFinding } from './pattern-findings.ts';
import type { PatternThresholds } from './patterns/thresholds.ts';
import { isParamSegment } from './route-segments.ts';

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * A route's method and path with every parameter segment as "*", whatever the syntax: "{id}" (loadlens,
 * OpenAPI), ":id" (Express), "<int:id>" (Flask), "[id]" (Next.js); no query string, no trailing slash.
 * @example routeKey('GET', '/customers/<int:cid>/orders') === routeKey('GET', '/customers/{id}/orders')
 */
export function routeKey(method: string, path: string): string {
  const bare = path.split('?')[0] as string;
  const segments = bare
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (isParamSegment(s) || /^(\[[^\]]+\]|\*)$/.test(s) ? '*' : s.toLowerCase()));
  return `${method.toUpperCase()} /${segments.join('/')}`;
}

/** The run's operations by route key; when several share one, the one with the most answers speaks. */
function operationsByRoute(run: RunResult): Map<string, OperationResult> {
  const out = new Map<string, OperationResult>();
  for (const op of run.operations) {
    const key = routeKey(op.method, op.route);
    const seen = out.get(key);
    if (seen === undefined || op.ok > seen.ok) out.set(key, op);
  }
  return out;
}

/** outside-server findings for routes whose client-side median is far above their spans' median. */
export function outsideServerFindings(
  routes: RouteSummary[],
  run: RunResult,
  t: PatternThresholds,
): DraftFinding[] {
  const operations = operationsByRoute(run);
  const out: DraftFinding[] = [];
  for (const r of routes) {
    const space = r.route.indexOf(' ');
    if (space <= 0) continue;
    const op = operations.get(routeKey(r.route.slice(0, space), r.route.slice(space + 1)));
    if (op === undefined || op.ok === 0) continue;
    // Uncorrected: from the actual send, as the server could see it; waiting in the client is not the gap.
    const client = op.latencyMs.uncorrected.p50;
    const gap = client - r.p50Ms;
    if (gap < t.outsideServerMinMs || gap < t.outsideServerMinShare * client) continue;
    out.push({
      kind: 'outside-server',
      title: `${Math.round(gap)} ms of each request on ${r.route} is spent outside the server's spans`,
      route: r.route,
      evidence: [
        {
          label: `client p50 (operation "${op.name}", from the actual send)`,
          value: round(client),
          unit: 'ms',
        },
        { label: 'server span p50', value: round(r.p50Ms), unit: 'ms' },
        { label: 'gap per request (p50)', value: round(gap), unit: 'ms' },
        { label: 'requests (client / traced)', value: `${op.ok} / ${r.count}` },
      ],
      impact: { msPerRequest: gap, share: Math.min(1, gap / client), totalMs: gap * op.ok },
      suggestion:
        'No span covers this time: trace the hop in between (a proxy or load balancer; `loadlens wrap` in front of the server shows queueing before the app), look at the server’s own HTTP layer before the instrumented handler (a thread or process started per request, the accept backlog), and make sure the server sets TCP_NODELAY — a response written in pieces otherwise waits for the client’s delayed ACK (≈ 40 ms on Linux).',
      sampleTraceIds: [],
    });
  }
  return out;
}
