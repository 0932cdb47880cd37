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

/**
 * countAtOrBelow, searched outward from `hint` (doubling steps, then a binary search in the bracket):
 * the same count, but a run of queries in about ascending order costs a few steps each instead of a
 * full binary search with a cache miss per step over an array of millions.
 * @example let at = 0; for (const t of times) at = countAtOrBelowNear(sorted, t, at)
 */
export function countAtOrBelowNear(sorted: Float64Array, t: number, hint: number): number {
  const n = sorted.length;
  if (Number.isNaN(t)) return countAtOrBelow(sorted, t);
  const h = Math.min(Math.max(hint, 0), n);
  let lo: number;
  let hi: number;
  if (h < n && (sorted[h] as number) <= t) {
    // The count is above h: step right while elements are still ≤ t.
    let known = h;
    let probe = h + 1;
    for (let step = 1; probe < n && (sorted[probe] as number) <= t; step *= 2) {
      known = probe;
      probe = known + step * 2;
    }
    lo = known + 1;
    hi = Math.min(probe, n);
  } else {
    // The count is at most h: step left while elements are still > t.
    let known = h;
    let probe = h - 1;
    for (let step = 1; probe >= 0 && (sorted[probe] as number) > t; step *= 2) {
      known = probe;
      probe = known - step * 2;
    }
    lo = Math.max(probe + 1, 0);
    hi = known;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
