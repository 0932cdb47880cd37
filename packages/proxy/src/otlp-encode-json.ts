// Encodes proxy span records as OTLP/JSON (the `http/json` protocol of OTEL_EXPORTER_OTLP_PROTOCOL), the
// same span, attributes and events as otlp-encode.ts writes in protobuf. OTLP/JSON differs from the
// protobuf JSON mapping in two ways the receivers insist on: trace and span ids are hex strings, not
// base64, and enums are integers. 64-bit integers (times, int attributes) are decimal strings.
import { type AttributeSink, putSpanAttributes } from './span-attributes.ts';
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

function str(key: string, value: string): string {
  return `{"key":${JSON.stringify(key)},"value":{"stringValue":${JSON.stringify(value)}}}`;
}

/** Collects attributes as OTLP/JSON KeyValues: integers as intValue (decimal text), others as doubleValue. */
class JsonAttributes implements AttributeSink {
  readonly parts: string[] = [];
  attribute(key: string, value: string | number): void {
    if (typeof value === 'string') this.parts.push(str(key, value));
    else if (Number.isInteger(value))
      this.parts.push(`{"key":${JSON.stringify(key)},"value":{"intValue":"${value}"}}`);
    else this.parts.push(`{"key":${JSON.stringify(key)},"value":{"doubleValue":${value}}}`);
  }
}

/**
 * One span as an OTLP/JSON object (text), to go in ScopeSpans.spans.
 * @example jsonExportRequest([encodeSpanJson(span, target)], 'loadlens-proxy')
 */
export function encodeSpanJson(span: ProxySpanRecord, target: { host: string; port: number }): string {
  const attributes = new JsonAttributes();
  putSpanAttributes(span, target, attributes);
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
    `,"attributes":[${attributes.parts.join(',')}]` +
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
