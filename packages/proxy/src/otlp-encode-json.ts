// Encodes proxy span records as OTLP/JSON (the `http/json` protocol of OTEL_EXPORTER_OTLP_PROTOCOL), the
// same span, attributes and events as otlp-encode.ts writes in protobuf. OTLP/JSON differs from the
// protobuf JSON mapping in two ways the receivers insist on: trace and span ids are hex strings, not
// base64, and enums are integers. 64-bit integers (times, int attributes) are decimal strings.
import { type ProxySpanRecord, STATUS_ERROR } from './span-record.ts';

const KIND_SERVER = 2;
const SCOPE_NAME = '@loadlens/proxy';

/** Epoch milliseconds (fractional) as exact decimal nanoseconds: float64 cannot hold 1.8e18 to 1 ns. */
function nanos(epochMs: number): string {
  let whole = Math.floor(epochMs);
  let sub = Math.round((epochMs - whole) * 1e6);
  if (sub === 1e6) {
    whole += 1;
    sub = 0;
  }
  return `${whole}${String(sub).padStart(6, '0')}`;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

function str(key: string, value: string): string {
  return `{"key":${JSON.stringify(key)},"value":{"stringValue":${JSON.stringify(value)}}}`;
}
function int(key: string, value: number): string {
  return `{"key":${JSON.stringify(key)},"value":{"intValue":"${Math.trunc(value)}"}}`;
}
function double(key: string, value: number): string {
  return `{"key":${JSON.stringify(key)},"value":{"doubleValue":${value}}}`;
}

/**
 * One span as an OTLP/JSON object (text), to go in ScopeSpans.spans.
 * @example jsonExportRequest([encodeSpanJson(span, target)], 'loadlens-proxy')
 */
export function encodeSpanJson(span: ProxySpanRecord, target: { host: string; port: number }): string {
  const attributes = [
    str('http.request.method', span.method),
    str('http.route', span.route),
    str('url.path', span.path),
    str('server.address', target.host),
    int('server.port', target.port),
  ];
  if (span.httpStatus > 0) attributes.push(int('http.response.status_code', span.httpStatus));
  if (span.errorType !== '') attributes.push(str('error.type', span.errorType));
  if (span.sentMs > 0)
    attributes.push(double('loadlens.upstream.connect_ms', round3(span.sentMs - span.dispatchMs)));
  if (span.firstByteMs > 0) {
    attributes.push(double('loadlens.upstream.ttfb_ms', round3(span.firstByteMs - span.sentMs)));
    attributes.push(double('loadlens.upstream.transfer_ms', round3(span.endMs - span.firstByteMs)));
  }
  attributes.push(
    int('http.request.body.size', span.requestBytes),
    int('http.response.body.size', span.responseBytes),
  );
  const events: string[] = [];
  if (span.sentMs > 0) events.push(`{"timeUnixNano":"${nanos(span.sentMs)}","name":"upstream.request_sent"}`);
  if (span.firstByteMs > 0)
    events.push(`{"timeUnixNano":"${nanos(span.firstByteMs)}","name":"upstream.first_byte"}`);
  const status =
    span.statusCode === 0
      ? ''
      : `,"status":{${span.statusCode === STATUS_ERROR && span.errorMessage ? `"message":${JSON.stringify(span.errorMessage)},` : ''}"code":${span.statusCode}}`;
  return (
    `{"traceId":"${span.traceId}","spanId":"${span.spanId}"` +
    (span.parentSpanId ? `,"parentSpanId":"${span.parentSpanId}"` : '') +
    `,"name":${JSON.stringify(span.name)},"kind":${KIND_SERVER}` +
    `,"startTimeUnixNano":"${nanos(span.startMs)}","endTimeUnixNano":"${nanos(span.endMs)}"` +
    `,"attributes":[${attributes.join(',')}]` +
    (events.length > 0 ? `,"events":[${events.join(',')}]` : '') +
    `${status}}`
  );
}

/** The OTLP/JSON body of `POST /v1/traces`: span objects from encodeSpanJson() under one resource. */
export function jsonExportRequest(spans: readonly string[], serviceName: string): Buffer {
  return Buffer.from(
    `{"resourceSpans":[{"resource":{"attributes":[${str('service.name', serviceName)},${str('telemetry.sdk.name', 'loadlens')}]},` +
      `"scopeSpans":[{"scope":{"name":"${SCOPE_NAME}"},"spans":[${spans.join(',')}]}]}]}`,
  );
}
