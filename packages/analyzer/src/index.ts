// @loadlens/analyzer: the OTLP collector, the span store, the span sources and the analyses.

export type { SpanLink, SpanScope, SpanSink } from './otlp/decoded-span.ts';
export { decodeOtlpJson } from './otlp/otlp-json.ts';
export { putAttribute, stripQuery } from './otlp/semconv-attributes.ts';
export type { HtmlReportOptions } from './render-html/render-html-report.ts';
export { renderHtmlReport } from './render-html/render-html-report.ts';
export { DEFAULT_TRACE_URL_TEMPLATE } from './render-html/trace-links.ts';
export { openSpanSource } from './sources/open-span-source.ts';
export type { SpanSource } from './sources/span-source.ts';
export type { Collector, CollectorOptions } from './collector/start-collector.ts';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_QUEUE_SPANS, startCollector } from './collector/start-collector.ts';
export { DEFAULT_LISTEN, parseListenAddress } from './collector/listen-address.ts';
export type { IngestQueue, IngestStore } from './collector/ingest-queue.ts';
export type { MetricPoint, MetricType } from './otlp/metric-point.ts';
export { decodeMetricsRequest } from './otlp/otlp-proto-metrics.ts';
export { decodeOtlpJsonMetrics } from './otlp/otlp-json-metrics.ts';
export { decodeTraceRequest, ProtoError } from './otlp/otlp-proto-traces.ts';
export type { SpanStore } from './store/span-store.ts';
export { openSpanStore } from './store/span-store.ts';
export type { SpanRows } from './store/span-rows.ts';
export { emptySpanRows, pushSpanRow } from './store/span-rows.ts';
