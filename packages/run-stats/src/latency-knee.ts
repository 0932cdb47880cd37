// The knee of the latency-vs-offered-rate curve: the one rule behind `Capacity.kneeRate` whichever
// command fills it (`capacity` from its steps, `analyze --run` from the run's phases).
import type { CapacityPoint } from '@loadlens/types';

/**
 * p99 has "taken off" once it exceeds twice the lowest p99 at any lower rate. Source of the 2: in an
 * M/M/1 queue the response time is S/(1−ρ), which doubles at 50 % utilization and climbs steeply after.
 */
export const KNEE_FACTOR = 2;

/**
 * The last offered rate before p99 first exceeds KNEE_FACTOR × the lowest p99 seen at lower rates, or
 * undefined when latency never takes off.
 *
 * The baseline is the running minimum, not the p99 at the lowest rate: a run's first phase is often its
 * slowest (cold JIT, cold caches, connection set-up), and measuring against it hides a real knee; nor
 * the minimum over all rates, which would call a cold first point itself the knee's far side. Points
 * where nothing completed (p99 0, e.g. every connection refused) carry no latency and are skipped.
 * @example kneeRate([{ offeredRate: 10, p99Ms: 20 }, { offeredRate: 20, p99Ms: 25 }, { offeredRate: 40, p99Ms: 90 }]) // 20
 */
export function kneeRate<P extends Pick<CapacityPoint, 'offeredRate' | 'p99Ms'>>(
  points: readonly P[],
): number | undefined {
  const sorted = points.filter((p) => p.p99Ms > 0).sort((a, b) => a.offeredRate - b.offeredRate);
  let floor = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    const point = sorted[i]!;
    if (i > 0 && point.p99Ms > KNEE_FACTOR * floor) return sorted[i - 1]!.offeredRate;
    floor = Math.min(floor, point.p99Ms);
  }
  return undefined;
}
