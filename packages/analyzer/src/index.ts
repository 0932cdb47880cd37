// @loadlens/analyzer: the OTLP collector, the span store, the span sources and the analyses.

export type { SpanLink, SpanScope, SpanSink } from './otlp/decoded-span.ts';
export { decodeOtlpJson } from './otlp/otlp-json.ts';
export { putAttribute, stripQuery } from './otlp/semconv-attributes.ts';
export type { HtmlReportOptions } from './render-html/render-html-report.ts';
export { renderHtmlReport } from './render-html/render-html-report.ts';
export { DEFAULT_TRACE_URL_TEMPLATE } from './render-html/trace-links.ts';
export { openSpanSource } from './sources/open-span-source.ts';
export type { SpanSource } from './sources/span-source.ts';
