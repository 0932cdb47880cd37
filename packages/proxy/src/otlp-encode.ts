// Encodes a batch of proxy span records as an OTLP ExportTraceServiceRequest (http/protobuf), field
// numbers from opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1).
import { ProtobufWriter } from './protobuf-writer.ts';
import { type ProxySpanRecord, STATUS_ERROR } from './span-record.ts';

/** OTLP Span.SpanKind SPAN_KIND_SERVER. */
const KIND_SERVER = 2;
const SCOPE_NAME = '@loadlens/proxy';

type Value = string | number | boolean;

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The attributes of a proxy span: semconv HTTP server names plus loadlens's upstream timings. */
export function proxySpanAttributes(
  span: ProxySpanRecord,
  target: { host: string; port: number },
): [string, Value][] {
  const attributes: [string, Value][] = [
    ['http.request.method', span.method],
    ['http.route', span.route],
    ['url.path', span.path],
    ['server.address', target.host],
    ['server.port', target.port],
  ];
  if (span.httpStatus > 0) attributes.push(['http.response.status_code', span.httpStatus]);
  if (span.errorType !== '') attributes.push(['error.type', span.errorType]);
  if (span.sentMs > 0)
    attributes.push(['loadlens.upstream.connect_ms', round3(span.sentMs - span.dispatchMs)]);
  if (span.firstByteMs > 0) {
    attributes.push(['loadlens.upstream.ttfb_ms', round3(span.firstByteMs - span.sentMs)]);
    attributes.push(['loadlens.upstream.transfer_ms', round3(span.endMs - span.firstByteMs)]);
  }
  attributes.push(
    ['http.request.body.size', span.requestBytes],
    ['http.response.body.size', span.responseBytes],
  );
  return attributes;
}

function writeSpan(w: ProtobufWriter, span: ProxySpanRecord, target: { host: string; port: number }): void {
  w.hex(1, span.traceId).hex(2, span.spanId);
  if (span.parentSpanId) w.hex(4, span.parentSpanId);
  w.string(5, span.name).uint(6, KIND_SERVER);
  w.fixed64Nanos(7, span.startMs).fixed64Nanos(8, span.endMs);
  for (const [key, value] of proxySpanAttributes(span, target)) w.keyValue(9, key, value);
  if (span.sentMs > 0)
    w.message(11, (e) => e.fixed64Nanos(1, span.sentMs).string(2, 'upstream.request_sent'));
  if (span.firstByteMs > 0)
    w.message(11, (e) => e.fixed64Nanos(1, span.firstByteMs).string(2, 'upstream.first_byte'));
  if (span.statusCode !== 0)
    w.message(15, (s) => {
      if (span.statusCode === STATUS_ERROR && span.errorMessage) s.string(2, span.errorMessage);
      s.uint(3, span.statusCode);
    });
}

/**
 * Appends spans `from`..`to` of `spans` as ScopeSpans.spans entries (field 2) to `w`; an export body is
 * these entries wrapped by encodeExportRequest(). Lets a batch be encoded in slices.
 */
export function encodeSpanEntries(
  w: ProtobufWriter,
  spans: readonly ProxySpanRecord[],
  from: number,
  to: number,
  target: { host: string; port: number },
): void {
  for (let i = from; i < to; i++) w.message(2, (s) => writeSpan(s, spans[i]!, target));
}

/** The protobuf body of `POST /v1/traces`: span entries from encodeSpanEntries() under one resource. */
export function encodeExportRequest(spanEntries: Uint8Array, serviceName: string): Buffer {
  const request = new ProtobufWriter(spanEntries.length + 256);
  request.message(1, (resourceSpans) => {
    resourceSpans.message(1, (resource) => {
      resource.keyValue(1, 'service.name', serviceName);
      resource.keyValue(1, 'telemetry.sdk.name', 'loadlens');
    });
    resourceSpans.message(2, (scopeSpans) => {
      scopeSpans.message(1, (scope) => scope.string(1, SCOPE_NAME));
      scopeSpans.raw(spanEntries);
    });
  });
  return request.finish();
}

/**
 * The protobuf body of `POST /v1/traces` for `spans`, all under one resource (`service.name`).
 * @example const body = encodeProxySpans(batch, 'loadlens-proxy', { host: '127.0.0.1', port: 8080 })
 */
export function encodeProxySpans(
  spans: readonly ProxySpanRecord[],
  serviceName: string,
  target: { host: string; port: number },
): Buffer {
  const entries = new ProtobufWriter(64 * 1024);
  encodeSpanEntries(entries, spans, 0, spans.length, target);
  return encodeExportRequest(entries.finish(), serviceName);
}
