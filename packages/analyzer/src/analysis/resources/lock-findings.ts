// Lock contention is not a slow query: a statement that is fast on its own but waits for another
// request's transaction gets a contention finding naming the lock and who holds it — never index
// advice — and its slow-query findings give way when most of its time was that wait.
import type { QueryShape, RouteSummary } from '@loadlens/types';
import { formatMs } from '../../format-duration.ts';
import { cutStatement } from '../../render/cut-statement.ts';
import type { PatternThresholds } from '../patterns/thresholds.ts';
import type { Drafted } from './attribute-waiting.ts';
import type { LockWaits } from './record-locks.ts';

/** A shape whose time was at least half lock waiting is a waiter, not a slow query (loadlens). */
const WAITER_SHARE = 0.5;

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Adds a contention finding per contended table and drops slow-query findings of shapes whose time was
 * mostly waiting for the lock.
 */
export function applyLockWaits(
  drafts: Drafted[],
  locks: readonly LockWaits[],
  queries: readonly QueryShape[],
  routes: ReadonlyMap<string, RouteSummary>,
  t: PatternThresholds,
): Drafted[] {
  const shapes = new Map(queries.map((q) => [q.id, q]));
  const waiters = new Set<string>();
  const out: Drafted[] = [];
  for (const lock of locks) {
    const meanWaitMs = lock.waitNs / lock.waitCount / 1e6;
    // Judged per request of the routes that wait, as pool waits are: two waits in a run are not a finding.
    let requests = 0;
    for (const [route, w] of lock.waitByRoute) requests += routes.get(route)?.count ?? w.count;
    if (requests === 0 || lock.waitNs / requests / 1e6 < t.contentionMinWaitMs) continue;
    for (const [id, w] of lock.waitByShape) {
      const shape = shapes.get(id);
      if (shape && shape.totalMs > 0 && w.ns / 1e6 >= WAITER_SHARE * shape.totalMs)
        waiters.add(shape.fingerprint);
    }
    const holders = [...lock.holders.values()]
      .filter((h) => h.chargedNs > 0)
      .sort((a, b) => b.chargedNs - a.chargedNs);
    const top = holders[0];
    const waiting = [...lock.waitByRoute.entries()].sort((a, b) => b[1].ns - a[1].ns);
    const [route, wait] = waiting[0] ?? [null, { ns: 0, count: 0 }];
    const row = route ? routes.get(route) : undefined;
    const waiterShape = [...lock.waitByShape.entries()].sort((a, b) => b[1].ns - a[1].ns)[0];
    const waiterSample = waiterShape ? shapes.get(waiterShape[0])?.sample : undefined;
    const holderSample = top ? shapes.get(top.shape)?.sample : undefined;
    const holdMs = top ? top.holdNs / top.holds / 1e6 : 0;
    const routeTotalNs = row ? row.meanMs * row.count * 1e6 : 0;
    out.push({
      key: lock.key,
      draft: {
        kind: 'contention',
        title:
          `Requests${route ? ` on ${route}` : ''} wait ${formatMs(meanWaitMs)} for a lock on ${lock.table}` +
          (top && holderSample
            ? `, held by \`${cutStatement(holderSample, 80)}\` in a transaction of ${top.route} (open ${formatMs(holdMs)})`
            : ''),
        route,
        evidence: [
          { label: 'waits for the lock', value: lock.waitCount },
          { label: 'wait per waiting statement', value: round(meanWaitMs), unit: 'ms' },
          ...(waiterShape && waiterSample
            ? [
                { label: 'waiting statement', value: cutStatement(waiterSample, 140) },
                {
                  label: 'its duration when nobody holds the lock',
                  value: round(waiterShape[1].baselineNs / 1e6),
                  unit: 'ms',
                },
              ]
            : []),
          ...holders.slice(0, 3).map((h) => ({
            label: `held by ${cutStatement(shapes.get(h.shape)?.sample ?? 'a statement', 100)} on ${h.route}`,
            value: Math.round((h.chargedNs / lock.waitNs) * 100),
            unit: '% of the waiting',
          })),
          ...(top
            ? [{ label: 'how long the holding transaction keeps the lock', value: round(holdMs), unit: 'ms' }]
            : []),
          { label: 'lock-wait events', value: lock.lockEvents },
        ],
        impact: {
          msPerRequest: row && row.count > 0 ? wait.ns / row.count / 1e6 : meanWaitMs,
          share: routeTotalNs > 0 ? Math.min(1, wait.ns / routeTotalNs) : 0,
          totalMs: lock.waitNs / 1e6,
        },
        suggestion: top
          ? `The waiting statement is fast on its own; no index will help. The lock is held by a transaction on ${top.route} from \`${cutStatement(holderSample ?? 'its locking statement', 80)}\` to its COMMIT: take the lock as late as possible, keep slow work (HTTP calls, computation) out of the transaction, or update in one statement (UPDATE … SET n = n + 1) instead of SELECT … FOR UPDATE then UPDATE; for queue-like tables, SELECT … FOR UPDATE SKIP LOCKED.`
          : 'The statement waits for a lock while its own work is cheap; no index will help: find the transaction that holds it (pg_stat_activity, pg_locks) and shorten it.',
        sampleTraceIds: lock.sampleTraceIds,
      },
    });
  }
  const kept = drafts.filter(
    (d) =>
      !(
        d.draft.kind === 'slow-query' &&
        d.draft.fingerprint !== undefined &&
        waiters.has(d.draft.fingerprint)
      ),
  );
  return [...kept, ...out];
}
