// The capacity search: raise the offered load by a factor per step until a step fails, then bisect between
// the last passing and the first failing scale. Every step is a short, real, constant-rate run.
import type { StepVerdict } from './judge-step.ts';

export interface SearchOptions {
  /** Runs one step at `scale` × the workload's base rates and judges it. */
  measure: (scale: number) => Promise<StepVerdict>;
  startScale: number;
  /** Factor between steps while climbing (2 = double each time). */
  growth: number;
  /** Upper bound on steps (climbing + bisecting); each costs one step duration. */
  maxSteps: number;
  /** Stop bisecting once the failing scale is within this fraction of the passing one. */
  precision: number;
  /** Told after each step (for progress lines). */
  onStep?: (scale: number, verdict: StepVerdict) => void;
}

export interface SearchOutcome {
  /** Highest scale that passed, if any did. */
  passScale?: number;
  /** Lowest scale that failed, with its verdict; undefined if nothing failed within maxSteps. */
  failScale?: number;
  failVerdict?: StepVerdict;
  steps: { scale: number; verdict: StepVerdict }[];
}

/**
 * @example await searchCapacity({ measure, startScale: 1, growth: 2, maxSteps: 10, precision: 0.05 })
 */
export async function searchCapacity(options: SearchOptions): Promise<SearchOutcome> {
  const steps: SearchOutcome['steps'] = [];
  let passScale: number | undefined;
  let failScale: number | undefined;
  let failVerdict: StepVerdict | undefined;

  async function step(scale: number): Promise<boolean> {
    const verdict = await options.measure(scale);
    steps.push({ scale, verdict });
    options.onStep?.(scale, verdict);
    const passed = verdict.failure === undefined;
    if (passed) passScale = Math.max(passScale ?? 0, scale);
    else if (failScale === undefined || scale < failScale) {
      failScale = scale;
      failVerdict = verdict;
    }
    return passed;
  }

  // Climb (or, when the very first step fails, descend) until the pass/fail edge is bracketed.
  let scale = options.startScale;
  while (steps.length < options.maxSteps) {
    const passed = await step(scale);
    if (passed && failScale !== undefined) break;
    if (!passed && passScale !== undefined) break;
    scale = passed ? scale * options.growth : scale / options.growth;
  }
  // Bisect the bracket.
  while (
    steps.length < options.maxSteps &&
    passScale !== undefined &&
    failScale !== undefined &&
    (failScale - passScale) / passScale > options.precision
  ) {
    await step((passScale + failScale) / 2);
  }
  return {
    ...(passScale === undefined ? {} : { passScale }),
    ...(failScale === undefined ? {} : { failScale }),
    ...(failVerdict === undefined ? {} : { failVerdict }),
    steps,
  };
}
