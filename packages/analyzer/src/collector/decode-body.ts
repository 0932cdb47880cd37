// Turns an OTLP/HTTP request body into what the queue takes: span rows or metric points, from protobuf
// or JSON. Malformed bodies throw (ProtoError, SyntaxError or InputError); the handler answers 400.
import type { MetricPoint } from '../otlp/metric-point.ts';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import { decodeOtlpJsonMetrics } from '../otlp/otlp-json-metrics.ts';
import { decodeMetricsRequest } from '../otlp/otlp-proto-metrics.ts';
import { decodeTraceRequest } from '../otlp/otlp-proto-traces.ts';
import { emptySpanRows, pushSpanRow, type SpanRows } from '../store/span-rows.ts';
import type { Encoding } from './otlp-responses.ts';

/** The spans of an ExportTraceServiceRequest as store rows, and how many were rejected and why. */
export function decodeSpans(
  body: Uint8Array,
  encoding: Encoding,
): { rows: SpanRows; rejected: number; reason: string } {
  const rows = emptySpanRows();
  const push = (...args: Parameters<typeof pushSpanRow> extends [SpanRows, ...infer R] ? R : never) =>
    pushSpanRow(rows, ...args);
  if (encoding === 'protobuf') {
    const result = decodeTraceRequest(body, push);
    return { rows, rejected: result.rejected, reason: result.reason ?? '' };
  }
  decodeOtlpJson(JSON.parse(new TextDecoder().decode(body)), 'request body', push);
  return { rows, rejected: 0, reason: '' };
}

/** The data points of an ExportMetricsServiceRequest. */
export function decodeMetrics(body: Uint8Array, encoding: Encoding): MetricPoint[] {
  const points: MetricPoint[] = [];
  const push = (point: MetricPoint) => points.push(point);
  if (encoding === 'protobuf') decodeMetricsRequest(body, push);
  else decodeOtlpJsonMetrics(JSON.parse(new TextDecoder().decode(body)), 'request body', push);
  return points;
}
