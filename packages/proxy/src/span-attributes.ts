// The attributes of a proxy span — semconv HTTP server names plus loadlens's upstream timings — listed once
// for every encoding (OTLP protobuf, OTLP/JSON), so the protocols cannot drift apart.
import type { ProxySpanRecord } from './span-record.ts';

/** Receives a span's attributes one by one; an integer is an int attribute, any other number a double. */
export interface AttributeSink {
  attribute(key: string, value: string | number): void;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Hands each attribute of `span` to `sink` — one call per attribute, no per-span arrays: this runs for
 * every request, when its span ends.
 * @example putSpanAttributes(span, { host: '127.0.0.1', port: 8080 }, sink)
 */
export function putSpanAttributes(
  span: ProxySpanRecord,
  target: { host: string; port: number },
  sink: AttributeSink,
): void {
  sink.attribute('http.request.method', span.method);
  sink.attribute('http.route', span.route);
  sink.attribute('url.path', span.path);
  sink.attribute('server.address', target.host);
  sink.attribute('server.port', target.port);
  if (span.httpStatus > 0) sink.attribute('http.response.status_code', span.httpStatus);
  if (span.errorType !== '') sink.attribute('error.type', span.errorType);
  if (span.sentMs > 0) sink.attribute('loadlens.upstream.connect_ms', round3(span.sentMs - span.dispatchMs));
  if (span.firstByteMs > 0) {
    sink.attribute('loadlens.upstream.ttfb_ms', round3(span.firstByteMs - span.sentMs));
    sink.attribute('loadlens.upstream.transfer_ms', round3(span.endMs - span.firstByteMs));
  }
  sink.attribute('http.request.body.size', span.requestBytes);
  sink.attribute('http.response.body.size', span.responseBytes);
}
