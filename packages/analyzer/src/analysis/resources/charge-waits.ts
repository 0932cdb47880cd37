// Charges waiting to whoever held the resource meanwhile. At every instant the W requests waiting for a
// resource are charged, in equal parts, to the H holders occupying it: holder h's charge is
// ∫ W(t) / H(t) dt over h's interval. With G(t) = ∫ W/H dt computed once in a sweep, a holder's charge
// is G(end) − G(start), so the whole attribution costs two sorts and a binary search per holder
// instead of a walk over every active holder at every event.
import { HOLD, type IntervalLog } from './interval-log.ts';
import { observedCapacity } from './observed-capacity.ts';
import { countAtOrBelow, countAtOrBelowNear } from './sorted-search.ts';

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
const floorIndex = (sorted: Float64Array, t: number) => countAtOrBelow(sorted, t) - 1;

/**
 * Activity closer than this to a hold's start is the hold's own (its first child starts there).
 */
const EDGE_NS = 20_000;
/**
 * An event loop is held only by stretches of at least 2 ms during which the process did nothing else it
 * traces, and only by work that does that most of the time it runs (loadlens): a call in flight while
 * other requests start and finish (a query on a remote database) does not hold the loop, and a quiet
 * millisecond is the scheduler, not a holder.
 */
const BLOCK_MIN_NS = 2e6;
const BLOCKING_SHARE = 0.5;

/**
 * Holds as the sweep uses them, in parallel typed arrays: a resource can have as many holds as a run has
 * database spans, and an object per hold is what the garbage collector would spend its time on.
 */
interface Holds {
  start: Float64Array;
  end: Float64Array;
  label: Int32Array;
  count: number;
}

function holdsOf(log: IntervalLog, members: readonly number[]): Holds {
  let count = 0;
  for (const i of members) if (log.kind(i) === HOLD) count++;
  const h: Holds = {
    start: new Float64Array(count),
    end: new Float64Array(count),
    label: new Int32Array(count),
    count,
  };
  let k = 0;
  for (const i of members)
    if (log.kind(i) === HOLD) {
      h.start[k] = log.start(i);
      h.end[k] = log.end(i);
      h.label[k] = log.label(i);
      k++;
    }
  return h;
}

/** A hold with more activity inside than this was plainly not holding anything (and is not walked). */
const MAX_ACTIVITY_INSIDE = 64;

/**
 * Holds of an event loop: each reduced to its longest stretch during which nothing else the process
 * traces started or ended (activity is sorted) — where a blocking call or synchronous code froze the
 * loop — kept when that stretch is long enough and its work blocks for most of the time it runs.
 */
function blockingHolds(all: Holds, activity: Float64Array): Holds {
  const total = new Map<number, number>();
  const kept = new Map<number, number>();
  const bestStart = new Float64Array(all.count);
  const bestEnd = new Float64Array(all.count);
  for (let i = 0; i < all.count; i++) {
    const start = all.start[i] as number;
    const end = all.end[i] as number;
    const label = all.label[i] as number;
    total.set(label, (total.get(label) ?? 0) + (end - start));
    let from = start;
    let s0 = start;
    let s1 = start;
    let k = floorIndex(activity, start + EDGE_NS) + 1;
    for (let seen = 0; seen <= MAX_ACTIVITY_INSIDE; seen++, k++) {
      const t = activity[k];
      const to = t === undefined || t >= end ? end : t;
      if (to - from > s1 - s0) {
        s0 = from;
        s1 = to;
      }
      if (to === end) break;
      from = to;
    }
    bestStart[i] = s0;
    bestEnd[i] = s1;
    if (s1 - s0 >= BLOCK_MIN_NS) kept.set(label, (kept.get(label) ?? 0) + (s1 - s0));
  }
  const keep = (i: number) => {
    const label = all.label[i] as number;
    return (
      (bestEnd[i] as number) - (bestStart[i] as number) >= BLOCK_MIN_NS &&
      (kept.get(label) ?? 0) >= BLOCKING_SHARE * (total.get(label) ?? 1)
    );
  };
  let count = 0;
  for (let i = 0; i < all.count; i++) if (keep(i)) count++;
  const out: Holds = {
    start: new Float64Array(count),
    end: new Float64Array(count),
    label: new Int32Array(count),
    count,
  };
  for (let i = 0, k = 0; i < all.count; i++)
    if (keep(i)) {
      out.start[k] = bestStart[i] as number;
      out.end[k] = bestEnd[i] as number;
      out.label[k] = all.label[i] as number;
      k++;
    }
  return out;
}

/** One resource's intervals, split by kind. */
function chargeOne(
  log: IntervalLog,
  resource: number,
  members: number[],
  activity?: Float64Array,
): ResourceWaits {
  const waits = members.filter((i) => log.kind(i) !== HOLD);
  const all = holdsOf(log, members);
  const holds = activity === undefined ? all : blockingHolds(all, activity);
  const sortedTimes = (list: number[], of: (i: number) => number) => {
    const a = new Float64Array(list.length);
    for (let k = 0; k < list.length; k++) a[k] = of(list[k] as number);
    return a.sort();
  };
  const ws = sortedTimes(waits, log.start);
  const we = sortedTimes(waits, log.end);
  const hs = holds.start.slice().sort();
  const he = holds.end.slice().sort();
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
  let lastT = 0;
  let acc = 0;
  let unheld = 0;
  // Time spent at each count of holders, indexed by the count (a Map update per event was a tenth of
  // the sweep); an Infinity after each sorted array ends the merge without bounds checks.
  const levelTime: number[] = [0];
  const INF = Number.POSITIVE_INFINITY;
  const ended = (sorted: Float64Array) => {
    const out = new Float64Array(sorted.length + 1);
    out.set(sorted);
    out[sorted.length] = INF;
    return out;
  };
  const wsI = ended(ws);
  const weI = ended(we);
  const hsI = ended(hs);
  const heI = ended(he);
  for (let k = 0; k < times.length; k++) {
    const wEnd = weI[b] as number;
    const hEnd = heI[d] as number;
    const wStart = wsI[a] as number;
    const hStart = hsI[c] as number;
    let next = Math.min(wEnd, hEnd);
    if (wStart < next) next = wStart;
    if (hStart < next) next = hStart;
    if (k > 0) {
      const dt = next - lastT;
      if (h > 0) levelTime[h] = (levelTime[h] ?? 0) + dt;
      if (w > 0) {
        if (h > 0) acc += (w * dt) / h;
        else unheld += w * dt;
      }
    }
    if (wEnd === next) {
      w--;
      b++;
    } else if (hEnd === next) {
      h--;
      d++;
    } else if (wStart === next) {
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
  const timeAtLevel = new Map<number, number>();
  for (let level = 1; level < levelTime.length; level++)
    if ((levelTime[level] ?? 0) > 0) timeAtLevel.set(level, levelTime[level] as number);
  // G at a time: the value after the last event at that time (all events at t leave G unchanged).
  // Holds are logged request by request, so their starts (and their ends) come in about time order:
  // each search starts where the previous one of its kind ended (countAtOrBelowNear), not from scratch.
  const near = { start: 0, end: 0 };
  const gAt = (t: number, which: 'start' | 'end') => {
    const count = countAtOrBelowNear(times, t, near[which]);
    near[which] = count;
    return count === 0 ? 0 : (g[count - 1] as number);
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
  // Per label sums in arrays indexed by label (labels are small dense ids), turned into Maps once.
  let maxLabel = -1;
  for (let i = 0; i < holds.count; i++)
    if ((holds.label[i] as number) > maxLabel) maxLabel = holds.label[i] as number;
  const charged = new Float64Array(maxLabel + 1);
  const heldNs = new Float64Array(maxLabel + 1);
  const heldCount = new Int32Array(maxLabel + 1);
  for (let i = 0; i < holds.count; i++) {
    const label = holds.label[i] as number;
    const start = holds.start[i] as number;
    const end = holds.end[i] as number;
    result.holdNs += end - start;
    charged[label] = (charged[label] as number) + gAt(end, 'end') - gAt(start, 'start');
    heldNs[label] = (heldNs[label] as number) + end - start;
    heldCount[label] = (heldCount[label] as number) + 1;
  }
  for (let label = 0; label <= maxLabel; label++) {
    if (heldCount[label] === 0) continue;
    result.chargedByLabel.set(label, charged[label] as number);
    result.holdByLabel.set(label, { ns: heldNs[label] as number, count: heldCount[label] as number });
  }
  return result;
}

/**
 * Per resource that anyone waited for: total waiting, by waiting route, and charged to each holder label.
 * @example chargeWaits(log).get(poolId)?.chargedByLabel.get(shapeLabel)
 */
export function chargeWaits(
  log: IntervalLog,
  /** Per resource held only while nothing else runs (an event loop): its activity times, absolute ns. */
  activity: ReadonlyMap<number, readonly number[]> = new Map(),
): Map<number, ResourceWaits> {
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
  for (const r of waited) {
    const events = activity.get(r);
    const relative = events ? Float64Array.from(events, (t) => t - log.baseNs).sort() : undefined;
    out.set(r, chargeOne(log, r, byResource.get(r) as number[], relative));
  }
  return out;
}
