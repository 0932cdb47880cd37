// Resources the application keeps to itself — a mutex around a call, a worker pool, a semaphore — leave
// no span of their own. They show in what they do to the calls behind them: never more than k of the
// same call run at once, the call stays at that cap most of the time it runs, and requests sit idle
// right before it (the gap since the request's previous step) until one of the k finishes: their start
// is a handoff from another call's end. That gap is the wait; the capped calls are its holders.
import type { NormalizedSpan } from '@loadlens/types';
import { SEMCONV } from '@loadlens/types';
import type { SpanQuery } from '../../fingerprint/span-query.ts';
import { type RequestFacts, templatedSpanName } from '../request-facts.ts';
import { STAGE_PROXY, STAGE_QUEUE } from '../stage-of.ts';
import type { TraceTree } from '../trace-tree.ts';
import { observedCapacity } from './observed-capacity.ts';
import { countAtOrBelow } from './sorted-search.ts';

/** A wait ends in a handoff when the call starts within 1 ms of another call of its kind ending (loadlens). */
const HANDOFF_NS = 1e6;
/** The call runs at its cap for at least half of the time any of it runs (loadlens). */
const AT_CAP_SHARE = 0.5;
/** At least a fifth of the calls started on a handoff after a wait: the cap, not chance, made them wait. */
const HANDOFF_SHARE = 0.2;
/**
 * A call that starts up to this long *before* another call's recorded end still took that call's slot:
 * instrumentations end a span a little after the call returned, once the caller has moved on.
 */
const HANDOFF_AFTER_NS = 2e6;

export interface CappedCall {
  /** `service|call`. */
  key: string;
  /** The call: a query shape id (`q:`) or the span's name (`s:`). */
  label: string;
  cap: number;
  waitNs: number;
  waits: number;
  calls: number;
  holdNs: number;
  waitByRoute: Map<string, { ns: number; count: number }>;
  /** The most calls that began within one second, for Little's law. */
  peakCallsPerSecond: number;
  sampleTraceIds: string[];
}

interface Group {
  key: string;
  label: string;
  starts: number[];
  ends: number[];
  gaps: number[];
  /** Route per call, interned (strings per call would double this recorder's memory). */
  routes: number[];
  gapNs: number;
  /** The trace of the longest wait so far: the one sample a finding shows. */
  worstGapNs: number;
  worstTrace: string;
}

export interface CapRecorder {
  add(tree: TraceTree, request: RequestFacts): void;
  finish(minWaitMs: number): CappedCall[];
}

/**
 * @example const caps = createCapRecorder(); caps.add(tree, request); caps.finish(5)
 */
export function createCapRecorder(): CapRecorder {
  // Lookups by object and by the span's own strings, so no key is built per span: this sees every call.
  const byShape = new Map<string, Map<SpanQuery, Group>>();
  const byName = new Map<string, Map<string, Map<string, Group>>>();
  const all: Group[] = [];
  const routeNames: string[] = [];
  const routeIds = new Map<string, number>();
  const group = (service: string, q: SpanQuery | undefined, span: NormalizedSpan): Group => {
    let g: Group | undefined;
    if (q !== undefined) {
      let m = byShape.get(service);
      if (m === undefined) {
        m = new Map();
        byShape.set(service, m);
      }
      g = m.get(q);
      if (g === undefined) {
        g = newGroup(service, `q:${q.id}`);
        m.set(q, g);
      }
    } else {
      // By name, then peer: no string is built per span (only once, when a group is new) — except for a
      // name carrying a raw path ("GET /quotes/42?token=…"), which is templated as routes are, so calls
      // that differ only by ids are one group and no literal reaches a finding.
      const peerValue = span.attributes[SEMCONV.serverAddress];
      const peer = typeof peerValue === 'string' ? peerValue : '';
      const name = span.name.includes(' /') ? templatedSpanName(span.name) : span.name;
      let names = byName.get(service);
      if (names === undefined) {
        names = new Map();
        byName.set(service, names);
      }
      let peers = names.get(name);
      if (peers === undefined) {
        peers = new Map();
        names.set(name, peers);
      }
      g = peers.get(peer);
      if (g === undefined) {
        g = newGroup(service, `s:${peer === '' ? name : `${name} ${peer}`}`);
        peers.set(peer, g);
      }
    }
    return g;
  };
  const newGroup = (service: string, label: string): Group => {
    const g: Group = {
      key: `${service}|${label}`,
      label,
      starts: [],
      ends: [],
      gaps: [],
      routes: [],
      gapNs: 0,
      worstGapNs: 0,
      worstTrace: '',
    };
    all.push(g);
    return g;
  };
  return {
    add: function recordCalls(tree, request) {
      let route = routeIds.get(request.route);
      if (route === undefined) {
        route = routeNames.length;
        routeNames.push(request.route);
        routeIds.set(request.route, route);
      }
      for (const p of request.members) {
        const kids = tree.children[p] as number[];
        if (kids.length === 0) continue;
        const parent = tree.spans[p] as NormalizedSpan;
        let busyUntil = parent.startNs;
        for (const k of kids) {
          const span = tree.spans[k] as NormalizedSpan;
          const stage = request.stages[k];
          const gap = span.startNs > busyUntil ? span.startNs - busyUntil : 0;
          const end = span.startNs + span.durationNs;
          if (end > busyUntil) busyUntil = end;
          if (span.kind === 'server' || stage === STAGE_QUEUE || stage === STAGE_PROXY) continue;
          const g = group(span.service, request.queries[k], span);
          g.starts.push(span.startNs);
          g.ends.push(end);
          g.gaps.push(gap);
          g.routes.push(route);
          g.gapNs += gap;
          if (gap > g.worstGapNs) {
            g.worstGapNs = gap;
            g.worstTrace = request.traceId;
          }
        }
      }
    },
    finish: function cappedCalls(minWaitMs) {
      const out: CappedCall[] = [];
      for (const g of all) {
        // Cheap filter first: a call that requests never sat idle before cannot be behind a cap.
        if (g.gapNs / g.starts.length / 1e6 < minWaitMs * HANDOFF_SHARE) continue;
        const found = judge(g.key, g, minWaitMs, routeNames);
        if (found) out.push(found);
      }
      return out;
    },
  };
}

function judge(
  key: string,
  g: Group,
  minWaitMs: number,
  routeNames: readonly string[],
): CappedCall | undefined {
  const n = g.starts.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (g.starts[a] as number) - (g.starts[b] as number),
  );
  const ends = Float64Array.from(g.ends).sort();
  const starts = Float64Array.from(g.starts).sort();
  // Calls in flight over time: the cap is the highest count held for a real share of it.
  let level = 0;
  const levelTime = new Map<number, number>();
  let busyNs = 0;
  let last = Number.NaN;
  for (let a = 0, b = 0; a < n || b < n; ) {
    const isEnd = b < n && (a >= n || (ends[b] as number) <= (starts[a] as number));
    const t = isEnd ? (ends[b] as number) : (starts[a] as number);
    if (level > 0 && !Number.isNaN(last)) {
      busyNs += t - last;
      levelTime.set(level, (levelTime.get(level) ?? 0) + t - last);
    }
    if (isEnd) {
      level--;
      b++;
    } else {
      level++;
      a++;
    }
    last = t;
  }
  const cap = observedCapacity(levelTime);
  if (cap === 0 || busyNs <= 0) return undefined;
  let atCapNs = 0;
  for (const [l, ns] of levelTime) if (l >= cap) atCapNs += ns;
  if (atCapNs / busyNs < AT_CAP_SHARE) return undefined;
  // Waits that ended in a handoff: the call started as *another* call of its kind ended (its own end
  // can fall in the window too when the call is short, so it is taken off the count).
  const handoff = (i: number) => {
    const start = g.starts[i] as number;
    const from = start - HANDOFF_NS;
    const to = start + HANDOFF_AFTER_NS;
    const own = (g.ends[i] as number) >= from && (g.ends[i] as number) <= to ? 1 : 0;
    return countAtOrBelow(ends, to) - countAtOrBelow(ends, from - 1) - own > 0;
  };
  const result: CappedCall = {
    key,
    label: g.label,
    cap,
    waitNs: 0,
    waits: 0,
    calls: n,
    holdNs: 0,
    waitByRoute: new Map(),
    peakCallsPerSecond: 0,
    sampleTraceIds: [],
  };
  for (const i of order) {
    result.holdNs += (g.ends[i] as number) - (g.starts[i] as number);
    const gap = g.gaps[i] as number;
    if (gap <= 0 || !handoff(i)) continue;
    result.waitNs += gap;
    result.waits++;
    const route = routeNames[g.routes[i] as number] as string;
    const r = result.waitByRoute.get(route) ?? { ns: 0, count: 0 };
    r.ns += gap;
    r.count++;
    result.waitByRoute.set(route, r);
  }
  // Calls start near another call's end by chance too, the more often the more calls there are: the
  // handoffs must be well above that rate (3×, up to 80 % of the calls) to be a cap's doing.
  const spanNs = (starts[n - 1] as number) - (starts[0] as number);
  const chance = spanNs > 0 ? (n / spanNs) * (HANDOFF_NS + HANDOFF_AFTER_NS) : 0;
  const needed = Math.max(HANDOFF_SHARE, Math.min(0.8, 3 * chance));
  if (result.waits < needed * n || result.waitNs / n / 1e6 < minWaitMs) return undefined;
  for (let lo = 0, hi = 0; hi < n; hi++) {
    while ((starts[hi] as number) - (starts[lo] as number) >= 1e9) lo++;
    result.peakCallsPerSecond = Math.max(result.peakCallsPerSecond, hi - lo + 1);
  }
  if (g.worstTrace !== '') result.sampleTraceIds.push(g.worstTrace);
  return result;
}
