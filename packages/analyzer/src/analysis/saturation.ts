// With a run result: joins requests to the load phases by time, builds the latency-vs-offered-rate
// curve from the run's own histograms, finds its knee, and names the stage whose time grows first.
import type { CapacityPoint, PhaseResult, RunResult } from '@loadlens/types';
import { createLatencyHistogram, decodeHistogram, percentileMs } from './latency-histogram.ts';
import type { DraftFinding } from './pattern-findings.ts';
import type { RequestFacts } from './request-facts.ts';

/**
 * The knee: the last offered rate before p99 exceeds twice its value at the lowest rate. Source: in an
 * M/M/1 queue the response time is S/(1−ρ), which doubles at 50 % utilization and climbs steeply after.
 */
const KNEE_FACTOR = 2;
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

/** The capacity curve of a run: one point per phase, latency from its operations' corrected histograms. */
export function capacityPoints(run: RunResult): CapacityPoint[] {
  return run.phases.map((phase) => pointOf(phase));
}

function pointOf(phase: PhaseResult): CapacityPoint {
  const merged = createLatencyHistogram();
  let completed = 0;
  let errors = 0;
  let dropped = 0;
  let scheduled = 0;
  let achieved = 0;
  for (const op of phase.operations) {
    merged.add(decodeHistogram(op.histograms.corrected));
    completed += op.completed;
    dropped += op.dropped;
    scheduled += op.scheduled;
    achieved += op.achievedRate;
    const e = op.errors;
    errors += e.timeout + e.refused + e.reset + e.http4xx + e.http5xx + e.other;
  }
  return {
    offeredRate: phase.targetRate,
    achievedRate: achieved,
    p50Ms: percentileMs(merged, 50),
    p95Ms: percentileMs(merged, 95),
    p99Ms: percentileMs(merged, 99),
    errorRate: completed + errors > 0 ? Math.min(1, errors / Math.max(completed, errors)) : 0,
    droppedRate: scheduled > 0 ? dropped / scheduled : 0,
  };
}

/** The knee rate of a curve (see KNEE_FACTOR), or undefined when latency never takes off. */
export function kneeRate(points: readonly CapacityPoint[]): number | undefined {
  const sorted = [...points].sort((a, b) => a.offeredRate - b.offeredRate);
  const base = sorted[0];
  if (base === undefined) return undefined;
  for (let i = 1; i < sorted.length; i++)
    if ((sorted[i] as CapacityPoint).p99Ms > KNEE_FACTOR * base.p99Ms)
      return (sorted[i - 1] as CapacityPoint).offeredRate;
  return undefined;
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
        ],
        impact: {
          msPerRequest: Math.max(0, first?.growthMs ?? 0),
          share: first && topMeanMs > 0 ? Math.min(1, Math.max(0, first.growthMs / topMeanMs)) : 0,
          totalMs: Math.max(0, (first?.growthMs ?? 0) * top.totals.count),
        },
        suggestion: first
          ? `${first.stage} is the first stage to slow down as load rises: that is the resource to widen (pool size, indexes, an instance with more CPU) before anything else.`
          : 'Latency takes off past the knee: run a capacity search around it to find the sustainable rate.',
        sampleTraceIds: [],
      };
    },
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
