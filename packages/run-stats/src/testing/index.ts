// @loadlens/run-stats/testing: run results built in memory for the tests of any package (like
// opentelemetry-js's InMemorySpanExporter, a seam shipped with the package rather than copied per test).

export type { CraftedPhase } from './crafted-run.ts';
export { CRAFTED_EPOCH_NS, craftOperation, craftRun, latencyHistogramOf, spread } from './crafted-run.ts';
