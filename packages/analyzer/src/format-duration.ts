// Durations and rates as people read them in titles and reports: "0.42 ms", "37 ms", "1.40 s".

/**
 * @example formatMs(1400.83) // "1.40 s"
 */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A share 0..1 as a percentage with one decimal below 10 %. */
export function formatShare(share: number): string {
  const pct = share * 100;
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`;
}
