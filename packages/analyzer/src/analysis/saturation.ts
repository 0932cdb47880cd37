// With a run result: joins requests to the load phases by time and names the stage whose time grows
// first as the offered rate rises (the curve and its knee are @loadlens/run-stats's).
import type { CapacityPoint, RunResult } from '@loadlens/types';
import type { DraftFinding } from './pattern-findings.ts';
import type { RequestFacts } from './request-facts.ts';
import type { AbsorbedWaiting } from './resources/attribute-waiting.ts';

/** A stage "grows" once its time per request reaches 1.5× its lowest-load value and ≥ 1 ms more (loadlens). */
const STAGE_GROWTH = 1.5;
const STAGE_MIN_GROWTH_MS = 1;

interface PhaseTotals {
  count: number;
  totalNs: number;
  stageNs: Map<string, number>;
}

/** The phase a request started in, by time, or -1 outside every phase. */
export function createPhaseLocator(run: RunResult): (startNs: number) => number {
  const runStartNs = Date.parse(run.startedAt) * 1e6;
  const bounds = run.phases.map((p) => [runStartNs + p.startMs * 1e6, runStartNs + p.endMs * 1e6] as const);
  return function phaseOf(startNs) {
    for (let i = 0; i < bounds.length; i++) {
      const b = bounds[i]!;
      if (startNs >= b[0] && startNs < b[1]) return i;
    }
    return -1;
  };
}

/**
 * Per-phase stage time, filled request by request during the streaming pass.
 * @example const s = createSaturationTotals(run); s.add(request); s.finding()
 */
export function createSaturationTotals(run: RunResult) {
  const phaseOf = createPhaseLocator(run);
  const phases: PhaseTotals[] = run.phases.map(() => ({ count: 0, totalNs: 0, stageNs: new Map() }));
  return {
    phaseOf,
    add: function addToPhase(request: RequestFacts): number {
      const p = phaseOf(request.startNs);
      const totals = phases[p];
      if (totals === undefined) return -1;
      totals.count++;
      totals.totalNs += request.durationNs;
      for (const [stage, ns] of request.stageSelfNs)
        totals.stageNs.set(stage, (totals.stageNs.get(stage) ?? 0) + ns);
      return p;
    },
    finding: function saturationFinding(
      points: CapacityPoint[],
      knee: number | undefined,
      /** Waiting already charged to its causes: a waiting stage's growth is their symptom. */
      absorbed?: AbsorbedWaiting,
    ): DraftFinding | undefined {
      const order = run.phases
        .map((phase, i) => ({ rate: phase.targetRate, totals: phases[i] as PhaseTotals }))
        .filter((p) => p.totals.count > 0)
        .sort((a, b) => a.rate - b.rate);
      const base = order[0];
      const top = order[order.length - 1];
      if (base === undefined || top === undefined || order.length < 2) return undefined;
      const perRequest = (p: { totals: PhaseTotals }, stage: string) =>
        (p.totals.stageNs.get(stage) ?? 0) / p.totals.count / 1e6;
      let first: { stage: string; rate: number; growthMs: number } | undefined;
      for (const stage of new Set(order.flatMap((p) => [...p.totals.stageNs.keys()]))) {
        const b = perRequest(base, stage);
        const hit = order.find((p) => {
          const v = perRequest(p, stage);
          return v >= STAGE_GROWTH * b && v - b >= STAGE_MIN_GROWTH_MS;
        });
        if (hit === undefined) continue;
        const growthMs = perRequest(top, stage) - b;
        if (
          first === undefined ||
          hit.rate < first.rate ||
          (hit.rate === first.rate && growthMs > first.growthMs)
        )
          first = { stage, rate: hit.rate, growthMs };
      }
      if (first === undefined && knee === undefined) return undefined;
      const topMeanMs = top.totals.totalNs / top.totals.count / 1e6;
      const kneeText =
        knee !== undefined ? `latency knee at ${round(knee)} req/s` : 'no latency knee in the tested range';
      // When the stage that grows first is waiting whose holders were named, the growth is their
      // symptom: what a fix of the saturation itself would save is only the part no cause explains.
      const explained = first ? (absorbed?.shareByStage.get(first.stage) ?? 0) : 0;
      const cause = first ? absorbed?.causeByStage.get(first.stage) : undefined;
      const kept = 1 - explained;
      return {
        kind: 'saturation',
        title: first
          ? `${capital(kneeText)}; ${first.stage} grows first (from ${round(first.rate)} req/s)`
          : capital(kneeText),
        route: null,
        evidence: [
          ...points.map((p) => ({
            label: `p99 at ${round(p.offeredRate)} req/s offered`,
            value: round(p.p99Ms),
            unit: 'ms',
          })),
          ...(first
            ? [
                {
                  label: `${first.stage} per request at ${round(base.rate)} req/s`,
                  value: round(perRequest(base, first.stage)),
                  unit: 'ms',
                },
                {
                  label: `${first.stage} per request at ${round(top.rate)} req/s`,
                  value: round(perRequest(top, first.stage)),
                  unit: 'ms',
                },
              ]
            : []),
          ...(cause
            ? [
                {
                  label: 'share of that waiting charged to its holders',
                  value: Math.round(explained * 100),
                  unit: '%',
                },
                { label: 'held mostly by', value: cause },
              ]
            : []),
        ],
        impact: {
          msPerRequest: Math.max(0, (first?.growthMs ?? 0) * kept),
          share: first && topMeanMs > 0 ? Math.min(1, Math.max(0, (first.growthMs * kept) / topMeanMs)) : 0,
          totalMs: Math.max(0, (first?.growthMs ?? 0) * top.totals.count * kept),
        },
        suggestion: first
          ? cause && explained >= 0.5
            ? `This waiting is a symptom: ${Math.round(explained * 100)} % of it passed while the resource was held by the work of the findings above (most of it: ${cause}). Fix that first; ${growthAdvice(first.stage).charAt(0).toLowerCase()}${growthAdvice(first.stage).slice(1)}`
            : growthAdvice(first.stage)
          : 'Latency takes off past the knee: run a capacity search around it to find the sustainable rate.',
        sampleTraceIds: [],
      };
    },
  };
}

/** What the first stage to slow down says about the resource that saturates, stage by stage. */
export function growthAdvice(stage: string): string {
  if (stage === 'queue')
    return 'Requests wait for a pooled database connection first: the pool (or the database behind it) is the resource that saturates — widen the pool only if the database has headroom, else make the queries holding connections cheaper (see the slow-query findings).';
  if (stage === 'proxy')
    return 'Requests wait in front of the application before it starts on them: its event loop or accept queue is busy — CPU-bound code or synchronous work on the loop (an embedded database, JSON of large rows) saturates first; profile it with `loadlens wrap --profile cpu`.';
  if (stage.startsWith('db:'))
    return `The database (${stage.slice(3)}) slows down first: its queries are the resource that saturates — start with the costliest shapes and their plans (--explain).`;
  if (stage === 'http')
    return 'Outbound HTTP calls slow down first: the service they call saturates before this one.';
  return `${stage} is the first stage to slow down as load rises: the application's own CPU saturates first — profile it (loadlens wrap --profile cpu) or add instances.`;
}

const round = (x: number) => Math.round(x * 10) / 10;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
