// @loadlens/analyzer/testing: spans, OTLP lines and reports built in memory, for the tests of this
// package and of anything that feeds the analyzer (as opentelemetry-js ships InMemorySpanExporter).

export { craftedComparison, craftedReport } from './crafted-report.ts';
export { craftTrace, EPOCH_NS } from './crafted-traces.ts';
export type { ExplainCase } from './explain-cases.ts';
export { EXPLAIN_CASES, EXPLAIN_SCHEMA, seqScansWith, sqlShape } from './explain-cases.ts';
export { otlpJsonLine } from './otlp-json-lines.ts';
export { queryShape } from './query-shapes.ts';
export type { SpanFixture } from './span-fixtures.ts';
export { spanFixture } from './span-fixtures.ts';
