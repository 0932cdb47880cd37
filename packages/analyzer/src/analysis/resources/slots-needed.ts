// How many slots (pooled connections, workers) a load needs, by Little's law: busy slots = arrival rate ×
// hold time, kept at most 70 % busy — past that, queueing delay in an M/M/c queue climbs steeply (the usual
// capacity-planning margin), so the bare L = λW would leave the pool saturated.

export const TARGET_UTILIZATION = 0.7;

/**
 * @example slotsNeeded(900, 0.012) // { busy: 10.8, needed: 16 }
 */
export function slotsNeeded(peakPerSecond: number, holdSeconds: number): { busy: number; needed: number } {
  const busy = peakPerSecond * holdSeconds;
  return { busy, needed: Math.ceil(busy / TARGET_UTILIZATION) };
}
