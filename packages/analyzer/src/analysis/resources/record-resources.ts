// Reads, request by request, who waited for and who held each shared resource the traces reveal:
// a connection pool (waits: pool-checkout spans; holds: the database calls of the same service and
// system) and the application's event loop (waits: the time a request spent at the proxy before the
// application started on it; holds: what the application was doing meanwhile — its spans' self time
// and its calls in flight). The intervals go to an IntervalLog; the sweep in charge-waits.ts charges
// the waiting to the holders.
import { type NormalizedSpan, SEMCONV } from '@loadlens/types';
import type { SpanQuery } from '../../fingerprint/span-query.ts';
import type { RequestFacts } from '../request-facts.ts';
import { STAGE_PROXY, STAGE_QUEUE } from '../stage-of.ts';
import type { TraceTree } from '../trace-tree.ts';
import {
  createInterner,
  createIntervalLog,
  HOLD,
  type Interner,
  type IntervalLog,
  WAIT,
} from './interval-log.ts';

export const POOL = 'pool';
export const LOOP = 'loop';

/** A resource key: `pool|service|db system` or `loop|service`. */
export function resourceKey(kind: typeof POOL | typeof LOOP, service: string, system = ''): string {
  return kind === POOL ? `${POOL}|${service}|${system}` : `${LOOP}|${service}`;
}

/** Holder labels: a query shape (`q:` + shape id) or a route's own code (`r:` + route). */
export const shapeLabel = (shapeId: string) => `q:${shapeId}`;
export const routeLabel = (route: string) => `r:${route}`;

export interface ResourceRecorder {
  add(tree: TraceTree, request: RequestFacts): void;
  readonly log: IntervalLog;
  /**
   * Per event-loop resource, every start and end of its service's spans (absolute ns): a stretch with
   * none of them is one in which the process did nothing it traces — its loop was held.
   */
  readonly activity: Map<number, number[]>;
  readonly resources: Interner;
  readonly labels: Interner;
  readonly routes: Interner;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The database system a pool checkout is for: its own attribute, else the call that follows it. */
function systemOfWait(tree: TraceTree, i: number, members: readonly number[]): string {
  const own = text((tree.spans[i] as NormalizedSpan).attributes[SEMCONV.dbSystem]);
  if (own !== undefined) return own;
  // Rare (instrumentations name the system on the checkout span): find the parent only then.
  const parent = members.find((m) => (tree.children[m] as number[]).includes(i));
  if (parent === undefined) return '';
  const siblings = tree.children[parent] as number[];
  for (let k = siblings.indexOf(i) + 1; k < siblings.length; k++) {
    const system = text((tree.spans[siblings[k] as number] as NormalizedSpan).attributes[SEMCONV.dbSystem]);
    if (system !== undefined) return system;
  }
  return '';
}

/**
 * @example const rec = createResourceRecorder(); rec.add(tree, request); chargeWaits(rec.log)
 */
export function createResourceRecorder(): ResourceRecorder {
  const log = createIntervalLog();
  const resources = createInterner();
  const labels = createInterner();
  const routes = createInterner();
  // Per-span work is a Map lookup, never a string built: this runs for every database span of a run.
  const shapeLabels = new Map<SpanQuery, number>();
  const poolIds = new Map<string, Map<string, number>>();
  const activity = new Map<number, number[]>();
  let owner = 0;
  const labelOf = (q: SpanQuery) => {
    let id = shapeLabels.get(q);
    if (id === undefined) {
      id = labels.id(shapeLabel(q.id));
      shapeLabels.set(q, id);
    }
    return id;
  };
  // The last pool looked up: nearly every database span of a run is the same service and system.
  let lastService = '';
  let lastSystem = '';
  let lastPool = -1;
  const poolOf = (service: string, system: string) => {
    if (service === lastService && system === lastSystem && lastPool >= 0) return lastPool;
    let bySystem = poolIds.get(service);
    if (bySystem === undefined) {
      bySystem = new Map();
      poolIds.set(service, bySystem);
    }
    let id = bySystem.get(system);
    if (id === undefined) {
      id = resources.id(resourceKey(POOL, service, system));
      bySystem.set(system, id);
    }
    lastService = service;
    lastSystem = system;
    lastPool = id;
    return id;
  };
  return {
    log,
    activity,
    resources,
    labels,
    routes,
    add: function recordRequest(tree, request) {
      owner++;
      let route = -1;
      let proxied = false;
      for (const i of request.members) {
        const stage = request.stages[i] as string;
        if (stage === STAGE_PROXY) {
          proxied = true;
          continue;
        }
        const isWait = stage === STAGE_QUEUE;
        if (!isWait && !stage.startsWith('db:')) continue;
        const span = tree.spans[i] as NormalizedSpan;
        const end = span.startNs + span.durationNs;
        if (route < 0) route = routes.id(request.route);
        if (isWait) {
          log.add(
            WAIT,
            poolOf(span.service, systemOfWait(tree, i, request.members)),
            -1,
            route,
            owner,
            span.startNs,
            end,
          );
        } else {
          const q = request.queries[i];
          const label = q !== undefined ? labelOf(q) : labels.id(shapeLabel(span.name));
          // The stage is `db:` + the span's db.system.name (stageOf): read it there rather than slice it.
          const system = span.attributes[SEMCONV.dbSystem] as string;
          log.add(HOLD, poolOf(span.service, system), label, route, owner, span.startNs, end);
        }
      }
      if (proxied) recordLoop(tree, request, route < 0 ? routes.id(request.route) : route, owner);
    },
  };

  /**
   * The event loop of the application behind the proxy: the request waited from the proxy's start to
   * the application's server span; every span of the application's own service held the loop during its
   * self time (code running, or a call in flight — an embedded database runs on the loop too).
   */
  function recordLoop(tree: TraceTree, request: RequestFacts, route: number, who: number): void {
    let proxyStart = Number.POSITIVE_INFINITY;
    let app: NormalizedSpan | undefined;
    for (const i of request.members) {
      const span = tree.spans[i] as NormalizedSpan;
      if (request.stages[i] === STAGE_PROXY) proxyStart = Math.min(proxyStart, span.startNs);
      else if (span.kind === 'server' && (app === undefined || span.startNs < app.startNs)) app = span;
    }
    if (app === undefined || !Number.isFinite(proxyStart)) return;
    const loop = resources.id(resourceKey(LOOP, app.service));
    log.add(WAIT, loop, -1, route, who, proxyStart, app.startNs);
    let events = activity.get(loop);
    if (events === undefined) {
      events = [];
      activity.set(loop, events);
    }
    const code = labels.id(routeLabel(request.route));
    for (const i of request.members) {
      const span = tree.spans[i] as NormalizedSpan;
      const stage = request.stages[i];
      if (span.service !== app.service || stage === STAGE_PROXY) continue;
      events.push(span.startNs, span.startNs + span.durationNs);
      if (stage === STAGE_QUEUE) continue;
      const q = request.queries[i];
      const label = q !== undefined ? labelOf(q) : code;
      // Self segments: the span's interval minus its children's (children are sorted by start).
      let cursor = span.startNs;
      const end = span.startNs + span.durationNs;
      for (const k of tree.children[i] as number[]) {
        const kid = tree.spans[k] as NormalizedSpan;
        if (kid.startNs > cursor) log.add(HOLD, loop, label, route, who, cursor, Math.min(kid.startNs, end));
        cursor = Math.max(cursor, kid.startNs + kid.durationNs);
      }
      if (end > cursor) log.add(HOLD, loop, label, route, who, cursor, end);
    }
  }
}
