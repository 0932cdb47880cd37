// Causes, not symptoms. Past the knee, waiting for a shared resource shows on every route; the fix is
// wherever the resource is held. Each resource's waiting is charged to its holders (charge-waits.ts):
// a holder with a finding of its own (a missing index, an N+1, a slow query, CPU-bound code) absorbs
// the waiting it causes, so its impact is its own time plus the queueing it creates, and the waiting
// becomes evidence under it. Only waiting that no holder explains stands as a contention finding.
import type { EvidenceItem, Impact, QueryShape, RouteSummary } from '@loadlens/types';
import { formatMs } from '../../format-duration.ts';
import { cutStatement } from '../../render/cut-statement.ts';
import type { DraftFinding } from '../pattern-findings.ts';
import type { PatternThresholds } from '../patterns/thresholds.ts';
import type { ResourceWaits } from './charge-waits.ts';
import type { Interner } from './interval-log.ts';
import { LOOP } from './record-resources.ts';
import { slotsNeeded, TARGET_UTILIZATION } from './slots-needed.ts';

/** A holder with at least this share of a resource's waiting is one of its causes (loadlens). */
const CAUSE_MIN_SHARE = 0.1;
/** A holder with at least half the waiting is *the* cause: it gets a finding even if it had none. */
const DOMINANT_SHARE = 0.5;

export interface Drafted {
  draft: DraftFinding;
  key: string;
}

export interface WaitingInputs {
  waits: ResourceWaits[];
  resources: Interner;
  labels: Interner;
  routes: Interner;
  queries: readonly QueryShape[];
  routeRows: ReadonlyMap<string, RouteSummary>;
  t: PatternThresholds;
}

/** What was charged per kind of resource, so the saturation finding can say its growth is explained. */
export interface AbsorbedWaiting {
  /** Stage name (queue, proxy) → share of that stage's waiting charged to causes. */
  shareByStage: Map<string, number>;
  /** Stage → the biggest holder, named as findings name it (a query's scrubbed sample, a route's code). */
  causeByStage: Map<string, string>;
}

const round = (x: number) => Math.round(x * 100) / 100;
const pct = (x: number) => Math.round(x * 100);

function resourceName(kind: string, capacity: number): string {
  if (kind === LOOP) return 'the application’s event loop';
  return capacity <= 1
    ? 'the single database connection'
    : `a database connection (pool of ${capacity} seen in use)`;
}

function routeList(names: string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Charges each resource's waiting to the findings of its holders; returns the drafts with the charges
 * applied, symptom findings only where the waiting is unexplained.
 */
export function attributeWaiting(
  drafts: Drafted[],
  input: WaitingInputs,
): { drafts: Drafted[]; absorbed: AbsorbedWaiting } {
  const out = [...drafts];
  const shapes = new Map(input.queries.map((q) => [q.id, q]));
  const stageWait = new Map<
    string,
    { total: number; absorbed: number; cause?: { title: string; ns: number } }
  >();
  for (const r of input.waits) {
    const key = input.resources.text(r.resource);
    const kind = key.split('|')[0] as string;
    const service = key.split('|')[1] as string;
    const waitingRoutes = [...r.waitByRoute.entries()]
      .map(([route, w]) => ({ route: input.routes.text(route), ...w }))
      .sort((a, b) => b.ns - a.ns);
    const affected = waitingRoutes.reduce((n, w) => n + (input.routeRows.get(w.route)?.count ?? w.count), 0);
    const affectedNs = waitingRoutes.reduce((n, w) => {
      const row = input.routeRows.get(w.route);
      return n + (row ? row.meanMs * row.count * 1e6 : 0);
    }, 0);
    const meanWaitMs = affected > 0 ? r.waitNs / affected / 1e6 : 0;
    if (meanWaitMs < input.t.contentionMinWaitMs) continue;
    const name = resourceName(kind, r.maxHolders);
    const stage = kind === LOOP ? 'proxy' : 'queue';
    const stageTotals = stageWait.get(stage) ?? { total: 0, absorbed: 0 };
    stageTotals.total += r.waitNs;
    stageWait.set(stage, stageTotals);
    const holders = [...r.chargedByLabel.entries()]
      .map(([label, ns]) => ({
        label: input.labels.text(label),
        ns,
        share: r.waitNs > 0 ? ns / r.waitNs : 0,
        id: label,
      }))
      .sort((a, b) => b.ns - a.ns);
    const waitEvidence = (chargedNs: number, share: number): EvidenceItem[] => [
      {
        label: `causes waiting for ${name} on ${waitingRoutes.length} route${waitingRoutes.length === 1 ? '' : 's'}`,
        value: round(chargedNs / 1e6),
        unit: 'ms',
      },
      { label: 'wait per request of those routes', value: round(meanWaitMs), unit: 'ms' },
      { label: 'share of that waiting during which it held the resource', value: pct(share), unit: '%' },
      { label: 'routes that wait', value: routeList(waitingRoutes.map((w) => w.route)) },
    ];
    let absorbedNs = 0;
    for (const h of holders) {
      if (h.share < CAUSE_MIN_SHARE) break;
      const target = causeOf(out, h.label, shapes);
      if (target) {
        target.draft.evidence.push(...waitEvidence(h.ns, h.share));
        target.draft.impact = {
          ...target.draft.impact,
          totalMs: (target.draft.impact.totalMs ?? 0) + h.ns / 1e6,
        };
        absorbedNs += h.ns;
        noteCause(stageTotals, holderName(h.label, shapes), h.ns);
      } else if (h.share >= DOMINANT_SHARE) {
        const created = holderFinding(h.label, r, h.id, name, shapes, input);
        if (created === undefined) continue;
        created.evidence.push(...waitEvidence(h.ns, h.share));
        created.impact = charged(created.impact, h.ns, affectedNs);
        out.push({ draft: created, key: `${key}\u0000${h.label}` });
        absorbedNs += h.ns;
        noteCause(stageTotals, holderName(h.label, shapes), h.ns);
      }
    }
    stageTotals.absorbed += absorbedNs;
    if (absorbedNs >= DOMINANT_SHARE * r.waitNs) continue;
    // An event loop nobody held: the wait is the process not getting a core (a busy machine) or spread
    // over all of its work. The saturation finding ("proxy grows first") says that; a contention finding
    // here would name a holder that was not there.
    if (kind === LOOP) continue;
    // Nobody with a fix of their own explains most of it: the resource itself is the finding.
    const unexplainedNs = r.waitNs - absorbedNs;
    const top = holders[0];
    const topName = top ? holderName(top.label, shapes) : undefined;
    const topRoute = waitingRoutes[0]?.route ?? null;
    out.push({
      key,
      draft: {
        kind: 'contention',
        title:
          `Requests wait ${formatMs(meanWaitMs)} for ${name} on ${routeList(waitingRoutes.map((w) => w.route))}` +
          (top && topName ? `; no single holder: ${topName} holds it ${pct(top.share)} % of that time` : ''),
        route: waitingRoutes.length === 1 ? topRoute : null,
        evidence: [
          { label: 'wait per request of the waiting routes', value: round(meanWaitMs), unit: 'ms' },
          { label: 'waits', value: r.waitCount },
          {
            label: kind === LOOP ? 'service' : 'pool',
            value:
              kind === LOOP
                ? service
                : `${service}: ${r.maxHolders} connection${r.maxHolders === 1 ? '' : 's'} seen in use at most`,
          },
          ...holders.slice(0, 3).map((h) => ({
            label: `held by ${holderName(h.label, shapes)}`,
            value: pct(h.share),
            unit: '% of the waiting',
          })),
          ...(r.unheldWaitNs > 0
            ? [
                {
                  label: 'waiting while no traced work held it',
                  value: pct(r.unheldWaitNs / r.waitNs),
                  unit: '%',
                },
              ]
            : []),
        ],
        impact: {
          msPerRequest: affected > 0 ? unexplainedNs / affected / 1e6 : 0,
          share: affectedNs > 0 ? Math.min(1, unexplainedNs / affectedNs) : 0,
          totalMs: unexplainedNs / 1e6,
        },
        suggestion: advice(kind, r, holders.length > 0),
        sampleTraceIds: [],
      },
    });
  }
  const absorbed: AbsorbedWaiting = { shareByStage: new Map(), causeByStage: new Map() };
  for (const [stage, s] of stageWait) {
    absorbed.shareByStage.set(stage, s.total > 0 ? s.absorbed / s.total : 0);
    if (s.cause) absorbed.causeByStage.set(stage, s.cause.title);
  }
  return { drafts: out, absorbed };
}

/**
 * A cause's impact with the waiting it creates added: over the run, and as a share — the larger of its
 * own route's share and the share of the waiting routes' time that it holds them up for, so a query that
 * stalls five routes is as severe as the stall.
 */
function charged(impact: Impact, chargedNs: number, affectedNs: number): Impact {
  const share = affectedNs > 0 ? Math.min(1, chargedNs / affectedNs) : 0;
  return {
    ...impact,
    share: Math.max(impact.share, share),
    totalMs: (impact.totalMs ?? 0) + chargedNs / 1e6,
  };
}

function noteCause(totals: { cause?: { title: string; ns: number } }, title: string, ns: number): void {
  if (totals.cause === undefined || ns > totals.cause.ns) totals.cause = { title, ns };
}

/** The finding that is about this holder: its shape's biggest slow-query or N+1, or its route's CPU finding. */
function causeOf(drafts: Drafted[], label: string, shapes: Map<string, QueryShape>): Drafted | undefined {
  let best: Drafted | undefined;
  const consider = (d: Drafted) => {
    if (best === undefined || (d.draft.impact.totalMs ?? 0) > (best.draft.impact.totalMs ?? 0)) best = d;
  };
  if (label.startsWith('q:')) {
    const shape = shapes.get(label.slice(2));
    if (shape === undefined) return undefined;
    for (const d of drafts)
      if (
        (d.draft.kind === 'slow-query' || d.draft.kind === 'n-plus-one') &&
        d.draft.fingerprint === shape.fingerprint
      )
        consider(d);
  } else {
    const route = label.slice(2);
    for (const d of drafts) if (d.draft.kind === 'cpu-bound' && d.draft.route === route) consider(d);
  }
  return best;
}

function holderName(label: string, shapes: Map<string, QueryShape>): string {
  if (label.startsWith('r:')) return `the code of ${label.slice(2)}`;
  const shape = shapes.get(label.slice(2));
  return shape ? `\`${cutStatement(shape.sample, 100)}\`` : 'an unnamed query';
}

/** A finding for a holder that had none: the query (or route code) that holds the resource. */
function holderFinding(
  label: string,
  r: ResourceWaits,
  labelId: number,
  name: string,
  shapes: Map<string, QueryShape>,
  input: WaitingInputs,
): DraftFinding | undefined {
  const held = r.holdByLabel.get(labelId);
  const share = r.waitNs > 0 ? (r.chargedByLabel.get(labelId) ?? 0) / r.waitNs : 0;
  if (label.startsWith('q:')) {
    const shape = shapes.get(label.slice(2));
    const top = shape?.routes[0];
    if (shape === undefined || top === undefined) return undefined;
    const route = input.routeRows.get(top.route);
    const ownNs = top.share * (route?.meanMs ?? 0) * (route?.count ?? 0) * 1e6;
    return {
      kind: 'slow-query',
      title: `One query holds ${name} during ${pct(share)} % of the time requests wait for it (${formatMs(shape.meanMs)} a call, on ${top.route})`,
      route: top.route,
      fingerprint: shape.fingerprint,
      evidence: [
        { label: 'calls', value: shape.count },
        { label: 'p50', value: round(shape.p50Ms), unit: 'ms' },
        { label: 'p95', value: round(shape.p95Ms), unit: 'ms' },
        ...(held ? [{ label: 'time it held the resource', value: round(held.ns / 1e6), unit: 'ms' }] : []),
      ],
      impact: {
        msPerRequest: route && route.count > 0 ? ownNs / route.count / 1e6 : 0,
        share: Math.min(1, top.share),
        totalMs: ownNs / 1e6,
      },
      suggestion:
        'Make this query cheaper — check its plan (loadlens analyze --explain <database url>) for a scan an index would avoid — or run it off the request path: every request that needs the resource waits while it runs.',
      sampleTraceIds: shape.sampleTraceIds,
    };
  }
  const routeName = label.slice(2);
  const route = input.routeRows.get(routeName);
  if (route === undefined) return undefined;
  const app = route.stages.find((s) => s.stage === 'app');
  const ownNs = (app?.meanMs ?? 0) * route.count * 1e6;
  return {
    kind: 'cpu-bound',
    title: `The code of ${routeName} holds ${name} during ${pct(share)} % of the time requests wait for it`,
    route: routeName,
    evidence: [
      { label: 'requests', value: route.count },
      { label: 'application self time per request', value: round(app?.meanMs ?? 0), unit: 'ms' },
    ],
    impact: {
      msPerRequest: app?.meanMs ?? 0,
      share: Math.min(1, app?.share ?? 0),
      totalMs: ownNs / 1e6,
    },
    suggestion:
      'Synchronous work in this route blocks the event loop for every request: move it off the loop (a worker thread, streaming JSON instead of one large JSON.stringify, paging large result sets), or profile it with `loadlens wrap --profile cpu`.',
    sampleTraceIds: [],
  };
}

/** Advice that fits what was observed: no "raise the pool" for a pool of one. */
function advice(kind: string, r: ResourceWaits, held: boolean): string {
  if (kind === LOOP)
    return 'Requests wait in front of the application while its event loop is busy: CPU-bound code or synchronous work on the loop (an embedded database, JSON of large rows) delays every request; profile it with `loadlens wrap --profile cpu` and move that work off the loop.';
  if (r.maxHolders <= 1)
    return `Only one database call ever ran at a time: the pool has a single connection (an embedded database such as PGlite or SQLite, or a lock around the calls), so a bigger pool is not the fix — make the calls that hold it faster${held ? ' (the holders above)' : ''}, or move the work off the request path.`;
  // Little's law: connections busy = arrival rate × hold time. The arrival rate is the peak rate of
  // checkouts (each wait span is one), the hold time what the calls of one checkout took on average.
  const holdPerCheckoutS = r.waitCount > 0 ? r.holdNs / r.waitCount / 1e9 : 0;
  const { busy: demand, needed } = slotsNeeded(r.peakArrivalsPerSecond, holdPerCheckoutS);
  if (needed > r.maxHolders)
    return `The pool had ${r.maxHolders} connections busy at most. By Little's law (arrival rate × hold time) the peak load — ${r.peakArrivalsPerSecond} checkouts/s × ${formatMs(holdPerCheckoutS * 1000)} held each — keeps about ${round(demand)} connections busy, so a pool of ${needed} would run at ${pct(TARGET_UTILIZATION)} %: raise it if the database has headroom (max_connections, CPU), or make the queries that hold connections cheaper.`;
  return `Requests wait for a connection although the peak load keeps only about ${round(demand)} of ${r.maxHolders} busy with queries: connections are held outside queries (long transactions, work done between BEGIN and COMMIT, a client not released) — shorten what runs while a connection is checked out before widening the pool.`;
}
