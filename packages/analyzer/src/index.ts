// @loadlens/analyzer: the OTLP collector, the span store, the span sources and the analyses.

// Analyses, renderers and comparison (issue 5 part B).
export type { AnalyzeOptions } from './analysis/analyze-options.ts';
export { analyzeSource } from './analysis/analyze-source.ts';
export type { TraceAnalysis } from './analysis/analyze-traces.ts';
export { createTraceAnalysis } from './analysis/analyze-traces.ts';
export { dataGrowthFindings, dataVolumeOf } from './analysis/data-growth.ts';
export { loadOtherRuns } from './analysis/other-runs.ts';
export { parseThresholds } from './analysis/patterns/parse-thresholds.ts';
export type { PatternThresholds } from './analysis/patterns/thresholds.ts';
export { DEFAULT_THRESHOLDS } from './analysis/patterns/thresholds.ts';
export { explainMongo } from './analysis/plans/explain-mongo.ts';
export type {
  ExplainPostgresOptions,
  ExplainResult,
  RunSimpleQuery,
} from './analysis/plans/explain-postgres.ts';
export { explainPostgres, toGenericStatement } from './analysis/plans/explain-postgres.ts';
export type { ExplainedReport } from './analysis/plans/explain-report.ts';
export { applyIndexAdvice, explainReport } from './analysis/plans/explain-report.ts';
export type { IndexAdvice, IndexProof } from './analysis/plans/index-advice.ts';
export type { ShapePlan } from './analysis/plans/shape-plan.ts';
export { reportWarnings } from './analysis/report-warnings.ts';
export type { IngestQueue, IngestStore } from './collector/ingest-queue.ts';
export { DEFAULT_LISTEN, parseListenAddress } from './collector/listen-address.ts';
export type { Collector, CollectorOptions } from './collector/start-collector.ts';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE_SPANS,
  startCollector,
} from './collector/start-collector.ts';
export { compareResults } from './compare/compare-results.ts';
export type { FailRule } from './compare/fail-on-rules.ts';
export { parseFailOn } from './compare/fail-on-rules.ts';
export { mannWhitney } from './compare/mann-whitney.ts';
export { renderComparisonMarkdown, renderComparisonText } from './compare/render-comparison.ts';
export { shapeMongo } from './fingerprint/fingerprint-mongo.ts';
export { fingerprintSql, shapeSql } from './fingerprint/fingerprint-sql.ts';
export { shapeId } from './fingerprint/shape-id.ts';
export type { ResultFile } from './inputs/read-result-file.ts';
export { readResultFile, readRunFile } from './inputs/read-result-file.ts';
export type { SpanLink, SpanScope, SpanSink } from './otlp/decoded-span.ts';
export type { MetricPoint, MetricType } from './otlp/metric-point.ts';
export { decodeOtlpJson } from './otlp/otlp-json.ts';
export { decodeOtlpJsonMetrics } from './otlp/otlp-json-metrics.ts';
export { decodeMetricsRequest } from './otlp/otlp-proto-metrics.ts';
export { decodeTraceRequest, ProtoError } from './otlp/otlp-proto-traces.ts';
export { putAttribute, stripQuery } from './otlp/semconv-attributes.ts';
export { renderJson } from './render/render-json.ts';
export { MARKDOWN_LIMIT, renderMarkdown } from './render/render-markdown.ts';
export type { RenderOptions } from './render/render-options.ts';
export { renderText } from './render/render-text.ts';
export type { HtmlReportOptions } from './render-html/render-html-report.ts';
export { renderHtmlReport } from './render-html/render-html-report.ts';
export { EXAMPLE_TRACE_URL_TEMPLATE } from './render-html/trace-links.ts';
export { openSpanSource } from './sources/open-span-source.ts';
export type { SpanSource } from './sources/span-source.ts';
export type { SpanRows } from './store/span-rows.ts';
export { emptySpanRows, pushSpanRow } from './store/span-rows.ts';
export type { SpanStore } from './store/span-store.ts';
export { openSpanStore } from './store/span-store.ts';
