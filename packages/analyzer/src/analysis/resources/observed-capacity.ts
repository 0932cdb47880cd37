// How many holders a resource takes at once, read from how long each count of holders lasted.

/**
 * The most holders seen at once for a real share of the time: the highest count that lasted at least 2 %
 * of the time the resource was in use (loadlens). Not the plain maximum: instrumentations end a span a
 * little after the call returned (its promise settles after the caller's continuation has issued the next
 * call), so on a busy event loop one connection's consecutive calls overlap by up to several
 * milliseconds and a pool of one would read as a pool of four.
 * @example observedCapacity(new Map([[1, 9e9], [2, 1e6]])) // 1
 */
export function observedCapacity(timeAtLevel: ReadonlyMap<number, number>): number {
  let busy = 0;
  for (const [level, ns] of timeAtLevel) if (level >= 1) busy += ns;
  if (busy <= 0) return 0;
  const levels = [...timeAtLevel.keys()].filter((l) => l >= 1).sort((a, b) => b - a);
  let atLeast = 0;
  for (const level of levels) {
    atLeast += timeAtLevel.get(level) as number;
    if (atLeast >= MIN_SHARE * busy) return level;
  }
  return 1;
}

const MIN_SHARE = 0.02;
