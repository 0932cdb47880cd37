// Contention: requests wait longer for a shared resource (a pooled connection, a lock) as load rises,
// while the database's own service time stays flat — the resource, not the work, is the bottleneck.
import type { Finding } from '@loadlens/types';
import type { RequestFacts } from '../request-facts.ts';
import { STAGE_QUEUE } from '../stage-of.ts';
import type { PatternThresholds } from './thresholds.ts';

interface Window {
  /** Requests per second offered in this window (its load). */
  load: number;
  count: number;
  waitNs: number;
  serviceNs: number;
  lockEvents: number;
}

/** Span events that mark waiting on a lock, as database instrumentations and apps name them. */
const LOCK_EVENT = /lock|wait/i;

export interface ContentionInput {
  route: string;
  routeCount: number;
  routeTotalNs: number;
  windows: Window[];
  traceIds: string[];
}

/**
 * Per route and load window (a phase of the run, or one second of traces): wait and service time.
 * @example const c = createContentionTotals(); c.add(request, windowKey, load); c.inputs()
 */
export function createContentionTotals() {
  const byRoute = new Map<string, Map<string, Window>>();
  const traces = new Map<string, { ns: number; id: string }>();
  return {
    add: function addContention(
      request: RequestFacts,
      spans: readonly { events: readonly { name: string }[] }[],
      windowKey: string,
      load: number,
    ): void {
      let waitNs = 0;
      let serviceNs = 0;
      let lockEvents = 0;
      for (const [stage, ns] of request.stageSelfNs) {
        if (stage === STAGE_QUEUE) waitNs += ns;
        else if (stage.startsWith('db:')) serviceNs += ns;
      }
      for (const i of request.members) {
        const events = spans[i]?.events;
        if (events) for (const e of events) if (LOCK_EVENT.test(e.name)) lockEvents++;
      }
      let windows = byRoute.get(request.route);
      if (windows === undefined) {
        windows = new Map();
        byRoute.set(request.route, windows);
      }
      let w = windows.get(windowKey);
      if (w === undefined) {
        w = { load: 0, count: 0, waitNs: 0, serviceNs: 0, lockEvents: 0 };
        windows.set(windowKey, w);
      }
      w.count++;
      w.load = load < 0 ? w.count : load;
      w.waitNs += waitNs;
      w.serviceNs += serviceNs;
      w.lockEvents += lockEvents;
      const best = traces.get(request.route);
      if (waitNs > 0 && (best === undefined || waitNs > best.ns))
        traces.set(request.route, { ns: waitNs, id: request.traceId });
    },
    findings: function contentionFindings(
      routeTotals: (route: string) => { count: number; totalNs: number },
      t: PatternThresholds,
    ): Omit<Finding, 'id' | 'severity'>[] {
      const out: Omit<Finding, 'id' | 'severity'>[] = [];
      for (const [route, windows] of byRoute) {
        const list = [...windows.values()].sort((a, b) => a.load - b.load);
        if (list.length < 2) continue;
        const third = Math.max(1, Math.floor(list.length / 3));
        const low = mean(list.slice(0, third));
        const high = mean(list.slice(-third));
        const extraWaitMs = (high.wait - low.wait) / 1e6;
        if (high.wait < t.contentionWaitGrowth * low.wait || extraWaitMs < t.contentionMinWaitMs) continue;
        const serviceGrowth = low.service > 0 ? high.service / low.service : high.service > 0 ? Infinity : 1;
        if (serviceGrowth >= t.contentionServiceGrowth) continue;
        const totals = routeTotals(route);
        let waitNs = 0;
        let locks = 0;
        for (const w of list) {
          waitNs += w.waitNs;
          locks += w.lockEvents;
        }
        const msPerRequest = totals.count > 0 ? waitNs / totals.count / 1e6 : 0;
        out.push({
          kind: 'contention',
          title: `Requests queue for a database connection as load rises on ${route}`,
          route,
          evidence: [
            { label: 'wait per request at low load', value: round(low.wait / 1e6), unit: 'ms' },
            { label: 'wait per request at high load', value: round(high.wait / 1e6), unit: 'ms' },
            { label: 'database time per request at low load', value: round(low.service / 1e6), unit: 'ms' },
            { label: 'database time per request at high load', value: round(high.service / 1e6), unit: 'ms' },
            { label: 'lock-wait events', value: locks },
          ],
          impact: {
            msPerRequest,
            share: totals.totalNs > 0 ? Math.min(1, waitNs / totals.totalNs) : 0,
            totalMs: waitNs / 1e6,
          },
          suggestion:
            'Waiting grows with load while the queries themselves do not slow down: raise the connection pool size (and the database max_connections to match), shorten transactions that hold a connection, or move lock-holding work out of the request.',
          sampleTraceIds: traces.get(route) ? [traces.get(route)!.id] : [],
        });
      }
      return out;
    },
  };
}

function mean(ws: Window[]): { wait: number; service: number } {
  let count = 0;
  let wait = 0;
  let service = 0;
  for (const w of ws) {
    count += w.count;
    wait += w.waitNs;
    service += w.serviceNs;
  }
  return { wait: count ? wait / count : 0, service: count ? service / count : 0 };
}

const round = (x: number) => Math.round(x * 100) / 100;
