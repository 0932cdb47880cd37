// Binary search on sorted times (the sweeps' breakpoints, activity, call ends).

/**
 * How many elements of the ascending `sorted` are ≤ t.
 * @example countAtOrBelow(Float64Array.of(1, 2, 2, 5), 2) // 3
 */
export function countAtOrBelow(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
