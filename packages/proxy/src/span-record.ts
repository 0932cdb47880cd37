// The proxy's own spans as plain records. The proxy does not use the OpenTelemetry SDK for its own
// spans: an SDK span allocates attribute maps, context objects and processor calls per request, which
// costs more than the rest of the proxy's hot path. A record is a few fields set as the request
// progresses; attributes are built only when a batch is encoded for export, off the hot path.

/** OTLP status codes (opentelemetry-proto trace.proto Status.StatusCode). */
export const STATUS_UNSET = 0;
export const STATUS_OK = 1;
export const STATUS_ERROR = 2;

export class ProxySpanRecord {
  traceId = '';
  spanId = '';
  parentSpanId: string | undefined = undefined;
  sampled = true;
  method = '';
  /** Route template (never the raw path): `/trips/{id}`. */
  route = '';
  /** Path without the query string, for `url.path`. */
  path = '';
  /** Wall-clock start, epoch milliseconds with sub-millisecond precision. */
  startMs = 0;
  endMs = 0;
  /** When the request was handed to the upstream pool, when it was written on a connection, first byte. */
  dispatchMs = 0;
  sentMs = 0;
  firstByteMs = 0;
  httpStatus = 0;
  statusCode = STATUS_UNSET;
  errorType = '';
  errorMessage = '';
  requestBytes = 0;
  responseBytes = 0;

  /** `METHOD route`, the span name; set once when the route is known. */
  name = '';

  get durationMs(): number {
    return this.endMs - this.startMs;
  }

  /** Time the request spent upstream (sent → last byte); 0 when it never got a connection. */
  get upstreamMs(): number {
    return this.sentMs > 0 ? Math.max(0, this.endMs - this.sentMs) : 0;
  }
}
