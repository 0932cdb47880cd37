// When each request of an operation is due: the exact inverse of the cumulative arrival count N(t) of an
// open-model schedule (constant or linearly ramping rate per stage), so counts match the workload exactly.
import type { ResolvedOperation, ResolvedWorkload } from '@loadlens/types';

interface Segment {
  startMs: number;
  durationMs: number;
  /** Rate (req/s) at the start and end of the segment; linear in between. */
  fromRate: number;
  toRate: number;
  /** Arrivals before the segment starts. */
  countBefore: number;
  /** Arrivals inside the segment. */
  count: number;
}

export interface ArrivalSchedule {
  /** Total arrivals the schedule asks for over the whole run. */
  readonly total: number;
  /** Milliseconds from the run start at which arrival `k` (0-based, k < total) is intended. */
  intendedAt(k: number): number;
  /** Index of the stage (phase) holding arrival `k`. */
  phaseOf(k: number): number;
}

function segmentsOf(workload: ResolvedWorkload, op: ResolvedOperation): Segment[] {
  const segments: Segment[] = [];
  let countBefore = 0;
  for (const stage of workload.stages) {
    // Mirrors scaleAt(): a `users` stage leaves operations with their own rate at scale 1.
    const fixed = stage.appliesTo === 'users' && op.rateSource !== 'users';
    const fromRate = op.ratePerSecond * (fixed ? 1 : stage.fromScale);
    const toRate = op.ratePerSecond * (fixed ? 1 : stage.toScale);
    const count = ((fromRate + toRate) / 2) * (stage.durationMs / 1000);
    segments.push({
      startMs: stage.startMs,
      durationMs: stage.durationMs,
      fromRate,
      toRate,
      countBefore,
      count,
    });
    countBefore += count;
  }
  return segments;
}

/** Seconds into a segment at which `n` arrivals have happened: solves r0·τ + (r1−r0)·τ²/(2D) = n. */
function secondsToReach(segment: Segment, n: number): number {
  const d = segment.durationMs / 1000;
  const a = (segment.toRate - segment.fromRate) / (2 * d);
  const b = segment.fromRate;
  if (Math.abs(a) < 1e-12) return n / b;
  // The numerically stable root of a·τ² + b·τ − n = 0 (avoids cancellation when a is tiny).
  return (2 * n) / (b + Math.sqrt(b * b + 4 * a * n));
}

/**
 * The arrival schedule of one operation: arrival k is intended when the integral of the rate reaches k,
 * so arrival 0 is at t = 0 and a constant 100/s over 10 s gives exactly 1,000 arrivals.
 * @example const s = createArrivalSchedule(workload, op); s.intendedAt(0) // 0
 */
export function createArrivalSchedule(workload: ResolvedWorkload, op: ResolvedOperation): ArrivalSchedule {
  const segments = segmentsOf(workload, op);
  const last = segments[segments.length - 1];
  // A floating sum like 0.1 × 30 lands a hair under its integer; round those back before flooring.
  const exact = last === undefined ? 0 : last.countBefore + last.count;
  const total = Math.ceil(exact - 1e-9);
  // Arrivals are asked for in increasing k, so a cursor avoids searching the segments each time.
  let cursor = 0;

  function segmentIndexOf(k: number): number {
    if (segments[cursor] === undefined || k < (segments[cursor] as Segment).countBefore) cursor = 0;
    while (cursor < segments.length - 1) {
      const s = segments[cursor] as Segment;
      if (k < s.countBefore + s.count) break;
      cursor++;
    }
    return cursor;
  }

  function intendedAt(k: number): number {
    const index = segmentIndexOf(k);
    const segment = segments[index] as Segment;
    const n = k - segment.countBefore;
    if (n <= 0) return segment.startMs;
    const seconds = secondsToReach(segment, n);
    return segment.startMs + Math.min(seconds * 1000, segment.durationMs);
  }

  function phaseOf(k: number): number {
    return segmentIndexOf(k);
  }

  return { total, intendedAt, phaseOf };
}

/** Average offered rate (req/s) of `op` over a stage: the area under its rate ramp divided by its length. */
export function averageRate(workload: ResolvedWorkload, op: ResolvedOperation, stageIndex: number): number {
  const segment = segmentsOf(workload, op)[stageIndex];
  return segment === undefined ? 0 : (segment.fromRate + segment.toRate) / 2;
}
