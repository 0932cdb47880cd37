// Charges waiting to whoever held the resource meanwhile. At every instant the W requests waiting for a
// resource are charged, in equal parts, to the H holders occupying it: holder h's charge is
// ∫ W(t) / H(t) dt over h's interval. With G(t) = ∫ W/H dt computed once in a sweep, a holder's charge
// is G(end) − G(start), so the whole attribution costs two sorts and a binary search per holder
// instead of a walk over every active holder at every event.
import { HOLD, type IntervalLog } from './interval-log.ts';
import { observedCapacity } from './observed-capacity.ts';

export interface ResourceWaits {
  resource: number;
  /** Sum of the wait intervals' lengths. */
  waitNs: number;
  waitCount: number;
  /** Wait time during which nothing held the resource (the holder is not in the traces). */
  unheldWaitNs: number;
  /** Per waiting route: time and number of waits. */
  waitByRoute: Map<number, { ns: number; count: number }>;
  /** Per holder label: the wait time charged to it. */
  chargedByLabel: Map<number, number>;
  /** Per holder label: the route whose request held it most (for naming a transaction's route). */
  holderRoute: Map<number, number>;
  /** Per holder label: hold time and number of holds. */
  holdByLabel: Map<number, { ns: number; count: number }>;
  /** The most waits that began within one second: the peak rate at which the resource was asked for. */
  peakArrivalsPerSecond: number;
  /** The most holders seen at once: the resource's observed capacity. */
  maxHolders: number;
  /** Sum of the hold intervals' lengths, and the span of time they cover. */
  holdNs: number;
  firstNs: number;
  lastNs: number;
}

/** Index of the last element of a sorted array that is ≤ t (-1 when none is). */
function floorIndex(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** One resource's intervals, split by kind. */
function chargeOne(log: IntervalLog, resource: number, members: number[]): ResourceWaits {
  const waits = members.filter((i) => log.kind(i) !== HOLD);
  const holds = members.filter((i) => log.kind(i) === HOLD);
  const sortedTimes = (list: number[], of: (i: number) => number) => {
    const a = new Float64Array(list.length);
    for (let k = 0; k < list.length; k++) a[k] = of(list[k] as number);
    return a.sort();
  };
  const ws = sortedTimes(waits, log.start);
  const we = sortedTimes(waits, log.end);
  const hs = sortedTimes(holds, log.start);
  const he = sortedTimes(holds, log.end);
  // Breakpoints of G: every start and end, in time order (ends first at equal times, so a handoff
  // from one holder to the next is never counted as two holders at once).
  const times = new Float64Array(ws.length + we.length + hs.length + he.length);
  const g = new Float64Array(times.length);
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let w = 0;
  let h = 0;
  let lastT = Number.NaN;
  let acc = 0;
  let unheld = 0;
  const timeAtLevel = new Map<number, number>();
  for (let k = 0; k < times.length; k++) {
    const next = Math.min(
      we[b] ?? Number.POSITIVE_INFINITY,
      he[d] ?? Number.POSITIVE_INFINITY,
      ws[a] ?? Number.POSITIVE_INFINITY,
      hs[c] ?? Number.POSITIVE_INFINITY,
    );
    if (!Number.isNaN(lastT) && h > 0) timeAtLevel.set(h, (timeAtLevel.get(h) ?? 0) + next - lastT);
    if (!Number.isNaN(lastT) && w > 0) {
      const dt = next - lastT;
      if (h > 0) acc += (w * dt) / h;
      else unheld += w * dt;
    }
    if (we[b] === next) {
      w--;
      b++;
    } else if (he[d] === next) {
      h--;
      d++;
    } else if (ws[a] === next) {
      w++;
      a++;
    } else {
      h++;
      c++;
    }
    times[k] = next;
    g[k] = acc;
    lastT = next;
  }
  // G at a time: the value after the last event at that time (all events at t leave G unchanged).
  const gAt = (t: number) => {
    const k = floorIndex(times, t);
    return k < 0 ? 0 : (g[k] as number);
  };
  // Peak demand: the most requests for the resource in any one-second window (two pointers on the starts).
  let peak = 0;
  for (let lo = 0, hi = 0; hi < ws.length; hi++) {
    while ((ws[hi] as number) - (ws[lo] as number) >= 1e9) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  const result: ResourceWaits = {
    resource,
    peakArrivalsPerSecond: peak,
    waitNs: 0,
    waitCount: waits.length,
    unheldWaitNs: unheld,
    waitByRoute: new Map(),
    chargedByLabel: new Map(),
    holderRoute: new Map(),
    holdByLabel: new Map(),
    maxHolders: observedCapacity(timeAtLevel),
    holdNs: 0,
    firstNs: Math.min(hs[0] ?? Number.POSITIVE_INFINITY, ws[0] ?? Number.POSITIVE_INFINITY),
    lastNs: Math.max(he[he.length - 1] ?? 0, we[we.length - 1] ?? 0),
  };
  for (const i of waits) {
    const ns = log.end(i) - log.start(i);
    result.waitNs += ns;
    const r = result.waitByRoute.get(log.route(i));
    if (r === undefined) result.waitByRoute.set(log.route(i), { ns, count: 1 });
    else {
      r.ns += ns;
      r.count++;
    }
  }
  const routeHold = new Map<number, Map<number, number>>();
  for (const i of holds) {
    const label = log.label(i);
    const ns = log.end(i) - log.start(i);
    result.holdNs += ns;
    const charged = gAt(log.end(i)) - gAt(log.start(i));
    result.chargedByLabel.set(label, (result.chargedByLabel.get(label) ?? 0) + charged);
    const held = result.holdByLabel.get(label);
    if (held === undefined) result.holdByLabel.set(label, { ns, count: 1 });
    else {
      held.ns += ns;
      held.count++;
    }
    let byRoute = routeHold.get(label);
    if (byRoute === undefined) {
      byRoute = new Map();
      routeHold.set(label, byRoute);
    }
    byRoute.set(log.route(i), (byRoute.get(log.route(i)) ?? 0) + ns);
  }
  for (const [label, byRoute] of routeHold) {
    let best = -1;
    let bestNs = -1;
    for (const [route, ns] of byRoute)
      if (ns > bestNs) {
        best = route;
        bestNs = ns;
      }
    result.holderRoute.set(label, best);
  }
  return result;
}

/**
 * Per resource that anyone waited for: total waiting, by waiting route, and charged to each holder label.
 * @example chargeWaits(log).get(poolId)?.chargedByLabel.get(shapeLabel)
 */
export function chargeWaits(log: IntervalLog): Map<number, ResourceWaits> {
  const byResource = new Map<number, number[]>();
  const waited = new Set<number>();
  for (let i = 0; i < log.size; i++) {
    const r = log.resource(i);
    let list = byResource.get(r);
    if (list === undefined) {
      list = [];
      byResource.set(r, list);
    }
    list.push(i);
    if (log.kind(i) !== HOLD) waited.add(r);
  }
  const out = new Map<number, ResourceWaits>();
  // Resources nobody waited for need no sweep: most of a healthy run's holds end here.
  for (const r of waited) out.set(r, chargeOne(log, r, byResource.get(r) as number[]));
  return out;
}
