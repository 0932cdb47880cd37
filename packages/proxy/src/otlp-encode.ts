// Encodes a batch of proxy span records as an OTLP ExportTraceServiceRequest (http/protobuf), field
// numbers from opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1).
import { ProtobufWriter } from './protobuf-writer.ts';
import { type AttributeSink, putSpanAttributes } from './span-attributes.ts';
import { type ProxySpanRecord, STATUS_ERROR } from './span-record.ts';

/** OTLP Span.SpanKind SPAN_KIND_SERVER. */
const KIND_SERVER = 2;
const SCOPE_NAME = '@loadlens/proxy';

/**
 * Writes each attribute straight into the batch's writer as a KeyValue field (Span.attributes = 9). One
 * sink for the process, pointed at the writer before each span: no object per span on this hot path.
 */
class ProtobufAttributes implements AttributeSink {
  w: ProtobufWriter | undefined;
  attribute(key: string, value: string | number): void {
    (this.w as ProtobufWriter).keyValue(9, key, value);
  }
}
const protobufAttributes = new ProtobufAttributes();

function writeSpan(w: ProtobufWriter, span: ProxySpanRecord, target: { host: string; port: number }): void {
  w.hex(1, span.traceId).hex(2, span.spanId);
  if (span.parentSpanId) w.hex(4, span.parentSpanId);
  w.string(5, span.name).uint(6, KIND_SERVER);
  w.fixed64Nanos(7, span.startMs).fixed64Nanos(8, span.endMs);
  protobufAttributes.w = w;
  putSpanAttributes(span, target, protobufAttributes);
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

/** Appends `span` as one ScopeSpans.spans entry (field 2) to `w`; encodeExportRequest() wraps the entries. */
export function encodeSpanEntry(
  w: ProtobufWriter,
  span: ProxySpanRecord,
  target: { host: string; port: number },
): void {
  w.message(2, (s) => writeSpan(s, span, target));
}

/** The encoded Resource field and InstrumentationScope field, the same for every batch of a service. */
const envelopeParts = new Map<string, { resource: Buffer; scope: Buffer }>();

function partsOf(serviceName: string): { resource: Buffer; scope: Buffer } {
  let parts = envelopeParts.get(serviceName);
  if (parts === undefined) {
    const resource = new ProtobufWriter(128).message(1, (r) => {
      r.keyValue(1, 'service.name', serviceName);
      r.keyValue(1, 'telemetry.sdk.name', 'loadlens');
    });
    const scope = new ProtobufWriter(64).message(1, (sc) => sc.string(1, SCOPE_NAME));
    parts = { resource: Buffer.from(resource.finish()), scope: Buffer.from(scope.finish()) };
    envelopeParts.set(serviceName, parts);
  }
  return parts;
}

/**
 * The bytes of an ExportTraceServiceRequest that come before `entriesLength` bytes of span entries
 * (ResourceSpans → Resource, ScopeSpans → Scope, then the spans): header + entries is the whole body.
 */
export function exportRequestHeader(entriesLength: number, serviceName: string): Buffer {
  const { resource, scope } = partsOf(serviceName);
  const scopeSpansLength = scope.length + entriesLength;
  const scopeSpansPrefix = new ProtobufWriter(16).lengthPrefix(2, scopeSpansLength).finish();
  const resourceSpansLength = resource.length + scopeSpansPrefix.length + scopeSpansLength;
  return new ProtobufWriter(resource.length + scope.length + 32)
    .lengthPrefix(1, resourceSpansLength)
    .raw(resource)
    .raw(scopeSpansPrefix)
    .raw(scope)
    .finish();
}

/** The protobuf body of `POST /v1/traces`: span entries from encodeSpanEntry() under one resource. */
export function encodeExportRequest(spanEntries: Uint8Array, serviceName: string): Buffer {
  return Buffer.concat([exportRequestHeader(spanEntries.length, serviceName), spanEntries]);
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
  for (const span of spans) encodeSpanEntry(entries, span, target);
  return encodeExportRequest(entries.finish(), serviceName);
}
