// @loadlens/run-stats: the arithmetic of run results — one definition of each figure a command prints.

export { capacityPoint, phasePoints } from './capacity-point.ts';
export type { Histogram } from './latency-histogram.ts';
export {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  LATENCY_SIGNIFICANT_DIGITS,
  mergeEncoded,
} from './latency-histogram.ts';
export { KNEE_FACTOR, kneeRate } from './latency-knee.ts';
export { droppedRate, errorCount, errorRate, refusedRate, totalCounters } from './outcome-rates.ts';
export { percentileMs, summarizeEncoded, summarizeLatency } from './read-percentile.ts';
