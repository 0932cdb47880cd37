// Findings for calls behind a cap the application keeps (record-caps.ts): the wait is charged to the
// capped call — to its own finding when it has one, else the cap is the finding, with advice that fits
// the cap that was seen (one at a time is a lock; k at a time is a pool whose size Little's law checks).
import type { QueryShape, RouteSummary } from '@loadlens/types';
import { formatMs } from '../../format-duration.ts';
import { cutStatement } from '../../render/cut-statement.ts';
import type { Drafted } from './attribute-waiting.ts';
import type { CappedCall } from './record-caps.ts';
import { slotsNeeded, TARGET_UTILIZATION } from './slots-needed.ts';

const round = (x: number) => Math.round(x * 100) / 100;

function callName(label: string, shapes: ReadonlyMap<string, QueryShape>): string {
  if (label.startsWith('q:')) {
    const shape = shapes.get(label.slice(2));
    return shape ? `\`${cutStatement(shape.sample, 90)}\`` : 'a query';
  }
  return `\`${label.slice(2)}\``;
}

/**
 * @example drafts = applyCaps(drafts, caps.finish(t.contentionMinWaitMs), queries, byRoute)
 */
export function applyCaps(
  drafts: Drafted[],
  caps: readonly CappedCall[],
  queries: readonly QueryShape[],
  routes: ReadonlyMap<string, RouteSummary>,
): Drafted[] {
  const shapes = new Map(queries.map((q) => [q.id, q]));
  const out = [...drafts];
  for (const c of caps) {
    const name = callName(c.label, shapes);
    const holdMs = c.holdNs / c.calls / 1e6;
    const waiting = [...c.waitByRoute.entries()].sort((a, b) => b[1].ns - a[1].ns);
    const affected = waiting.reduce((n, [route, w]) => n + (routes.get(route)?.count ?? w.count), 0);
    const affectedNs = waiting.reduce((n, [route]) => {
      const row = routes.get(route);
      return n + (row ? row.meanMs * row.count * 1e6 : 0);
    }, 0);
    const meanWaitMs = affected > 0 ? c.waitNs / affected / 1e6 : 0;
    const slot =
      c.cap === 1 ? 'never more than one runs at a time' : `never more than ${c.cap} run at a time`;
    const evidence = [
      { label: `waiting before ${name}: ${slot}`, value: round(c.waitNs / 1e6), unit: 'ms' },
      { label: 'wait per request of the waiting routes', value: round(meanWaitMs), unit: 'ms' },
      { label: 'calls that waited for a slot', value: c.waits },
      { label: 'time the call holds a slot', value: round(holdMs), unit: 'ms' },
    ];
    const shape = c.label.startsWith('q:') ? shapes.get(c.label.slice(2)) : undefined;
    const own = shape
      ? out
          .filter(
            (d) =>
              (d.draft.kind === 'slow-query' || d.draft.kind === 'n-plus-one') &&
              d.draft.fingerprint === shape.fingerprint,
          )
          .sort((a, b) => (b.draft.impact.totalMs ?? 0) - (a.draft.impact.totalMs ?? 0))[0]
      : undefined;
    if (own) {
      own.draft.evidence.push(...evidence);
      const waitShare = affectedNs > 0 ? Math.min(1, c.waitNs / affectedNs) : 0;
      own.draft.impact = {
        ...own.draft.impact,
        share: Math.max(own.draft.impact.share, waitShare),
        totalMs: (own.draft.impact.totalMs ?? 0) + c.waitNs / 1e6,
      };
      continue;
    }
    const { busy: demand, needed } = slotsNeeded(c.peakCallsPerSecond, holdMs / 1000);
    const [route] = waiting[0] ?? [null];
    out.push({
      key: c.key,
      draft: {
        kind: 'contention',
        title:
          c.cap === 1
            ? `Requests wait ${formatMs(meanWaitMs)} before ${name}: ${slot} (a lock around it, or a pool of one)`
            : `Requests wait ${formatMs(meanWaitMs)} for one of ${c.cap} slots in front of ${name} (a worker pool or semaphore of ${c.cap})`,
        route: waiting.length === 1 ? route : null,
        evidence: [...evidence, { label: 'waiting routes', value: waiting.map(([r]) => r).join(', ') }],
        impact: {
          msPerRequest: meanWaitMs,
          share: affectedNs > 0 ? Math.min(1, c.waitNs / affectedNs) : 0,
          totalMs: c.waitNs / 1e6,
        },
        suggestion:
          c.cap === 1
            ? `Only one ${name} runs at a time and each holds it ${formatMs(holdMs)}: a mutex or a single-slot queue serializes the requests. More slots are not the fix if the lock protects shared state — make the held work faster or narrower (lock only what must be exclusive), or move it off the request path.`
            : `Requests queue for ${c.cap} slots. By Little's law the peak load — ${c.peakCallsPerSecond} calls/s × ${formatMs(holdMs)} each — keeps about ${round(demand)} busy${needed > c.cap ? `, so ${needed} slots would run at ${Math.round(TARGET_UTILIZATION * 100)} %: raise the pool's size if what it protects has headroom, or make the call cheaper` : ': the cap is large enough on average, so the waiting comes from bursts — smooth them or make the call cheaper'}.`,
        sampleTraceIds: c.sampleTraceIds,
      },
    });
  }
  return out;
}
