// The Mann-Whitney U test run directly on two HDR histograms (their distinct values and counts), so two
// latency distributions can be compared without the samples: ties are whole histogram buckets.
import type { Histogram } from '@loadlens/run-stats';
import { recordedValues } from '../analysis/latency-histogram.ts';

export interface RankTest {
  /** Two-sided p-value (normal approximation with tie and continuity corrections). */
  pValue: number;
  /**
   * Vargha–Delaney A: the probability that a head request is slower than a base one (ties count half).
   * 0.5 = no difference; ≥ 0.56 small, ≥ 0.64 medium, ≥ 0.71 large (Vargha & Delaney, 2000).
   */
  effect: number;
}

/** Standard normal CDF via Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * @example const { pValue, effect } = mannWhitney(baseHistogram, headHistogram)
 */
export function mannWhitney(base: Histogram, head: Histogram): RankTest | undefined {
  const a = recordedValues(base);
  const b = recordedValues(head);
  let n1 = 0;
  let n2 = 0;
  for (const [, c] of a) n1 += c;
  for (const [, c] of b) n2 += c;
  if (n1 === 0 || n2 === 0) return undefined;
  // Merge the two sorted value lists; each distinct value is one tie group.
  let i = 0;
  let j = 0;
  let rank = 0;
  let rankSumHead = 0;
  let tieTerm = 0;
  while (i < a.length || j < b.length) {
    const va = i < a.length ? (a[i] as [number, number])[0] : Infinity;
    const vb = j < b.length ? (b[j] as [number, number])[0] : Infinity;
    const v = Math.min(va, vb);
    const ca = va === v ? (a[i++] as [number, number])[1] : 0;
    const cb = vb === v ? (b[j++] as [number, number])[1] : 0;
    const t = ca + cb;
    const meanRank = rank + (t + 1) / 2;
    rankSumHead += cb * meanRank;
    tieTerm += t * t * t - t;
    rank += t;
  }
  const n = n1 + n2;
  const uHead = rankSumHead - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1) || 1));
  const effect = uHead / (n1 * n2);
  if (variance <= 0) return { pValue: 1, effect };
  const z = (Math.abs(uHead - mean) - 0.5) / Math.sqrt(variance);
  return { pValue: Math.min(1, Math.max(0, 2 * (1 - normalCdf(Math.max(0, z))))), effect };
}
