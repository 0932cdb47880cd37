// `loadlens capacity` for one target: runs the step/bisect search with real constant-rate runs and turns
// it into the capacity contract (sustainable rate, failure mode, users, cost).
import { kneeRate } from '@loadlens/run-stats';
import {
  type Capacity,
  capacitySchema,
  check,
  InputError,
  type ResolvedSlo,
  type ResolvedWorkload,
} from '@loadlens/types';
import { probeTarget } from '../engine/probe-target.ts';
import { runWorkload } from '../engine/run-workload.ts';
import type { RequestSourceLike } from '../engine/types.ts';
import { targetText } from '../target-url.ts';
import { capacityEconomics } from './capacity-cost.ts';
import { judgeStep, type StepVerdict } from './judge-step.ts';
import { scaleWorkload } from './scale-workload.ts';
import { type SearchOutcome, searchCapacity } from './search-capacity.ts';

export interface CapacityOptions {
  workload: ResolvedWorkload;
  /** Parsed once by targetUrl. */
  target: URL;
  /** Builds a fresh request source per step (captures start empty each step). */
  requests: (workload: ResolvedWorkload) => RequestSourceLike;
  slo: ResolvedSlo;
  stepDurationMs: number;
  maxSteps: number;
  /** First step's total offered rate (req/s); default the workload's own total rate. */
  startRate?: number;
  growth?: number;
  precision?: number;
  connections?: number;
  queue?: number;
  instance?: { name: string; monthlyUsd: number };
  onStep?: (scale: number, verdict: StepVerdict) => void;
  signal?: AbortSignal;
}

/** Defaults: double per step; bisect until within 5 % (finer than run-to-run noise on a shared machine). */
export const DEFAULT_GROWTH = 2;
export const DEFAULT_PRECISION = 0.05;

/**
 * The capacity contract of a finished search: the sustainable rate, what ended it, the knee of the
 * judged steps' curve (the shared rule `analyze --run` applies to a run's phases), users and cost.
 */
export function capacityOfSearch(
  search: SearchOutcome,
  workload: ResolvedWorkload,
  slo: ResolvedSlo,
  instance: Capacity['instance'],
): Capacity {
  const points = search.steps.map((s) => s.verdict.point);
  const knee = kneeRate(points);
  return {
    ...(search.passScale === undefined
      ? {}
      : { sustainableRate: workload.totalRatePerSecond * search.passScale }),
    ...(knee === undefined ? {} : { kneeRate: knee }),
    failureMode: search.failVerdict?.failure ?? 'none',
    ...(search.failVerdict?.detail === undefined
      ? {}
      : {
          failureDetail: `${search.failVerdict.detail} at ${Math.round(search.failVerdict.point.offeredRate)}/s`,
        }),
    ...(search.passScale === undefined ? {} : capacityEconomics(workload, search.passScale, instance)),
    ...(instance === undefined ? {} : { instance }),
    points,
    slo,
  };
}

export async function runCapacity(options: CapacityOptions): Promise<Capacity> {
  const { workload, slo } = options;
  if (workload.totalRatePerSecond <= 0)
    throw new InputError(`workload "${workload.name}" has a total rate of 0/s: nothing to scale`);
  let steps = 0;
  const startScale = options.startRate === undefined ? 1 : options.startRate / workload.totalRatePerSecond;
  const search = await searchCapacity({
    startScale,
    growth: options.growth ?? DEFAULT_GROWTH,
    maxSteps: options.maxSteps,
    precision: options.precision ?? DEFAULT_PRECISION,
    ...(options.onStep ? { onStep: options.onStep } : {}),
    async measure(scale) {
      const stepWorkload = scaleWorkload(workload, scale, options.stepDurationMs);
      // One probe per step. Unreachable before the first step is the user's to fix (exit 3), not a
      // capacity of zero; after an earlier step it is that rate's failure mode.
      const first = steps++ === 0;
      try {
        await probeTarget(options.target);
      } catch (error) {
        if (first) throw error;
        return {
          point: {
            offeredRate: workload.totalRatePerSecond * scale,
            achievedRate: 0,
            p50Ms: 0,
            p99Ms: 0,
            errorRate: 1,
            droppedRate: 0,
            passed: false,
          },
          failure: 'refused',
          detail: `target ${targetText(options.target)} refused connections`,
        };
      }
      const { result } = await runWorkload({
        workload: stepWorkload,
        target: options.target,
        requests: options.requests(stepWorkload),
        probed: true,
        ...(options.connections === undefined ? {} : { connections: options.connections }),
        ...(options.queue === undefined ? {} : { queue: options.queue }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return judgeStep(result, slo);
    },
  });
  const capacity = capacityOfSearch(search, workload, slo, options.instance ?? workload.instance);
  // A result that does not match its own contract is a bug in loadlens (keeps its stack), not bad input.
  const checked = check(capacitySchema, capacity, 'capacity result');
  if (!checked.ok) throw new Error(`internal error: invalid capacity result: ${checked.problems.join('; ')}`);
  return checked.value;
}
