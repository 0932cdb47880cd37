// @loadlens/analyzer/testing: spans, OTLP lines and reports built in memory, for the tests of this
// package and of anything that feeds the analyzer (as opentelemetry-js ships InMemorySpanExporter).

export { craftedComparison, craftedReport } from './crafted-report.ts';
export { craftTrace, EPOCH_NS } from './crafted-traces.ts';
export { otlpJsonLine } from './otlp-json-lines.ts';
export type { SpanFixture } from './span-fixtures.ts';
export { spanFixture } from './span-fixtures.ts';
