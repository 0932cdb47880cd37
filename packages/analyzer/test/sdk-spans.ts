// Real spans from the OpenTelemetry SDK, for decoder tests: the official serializers turn them into the
// exact protobuf and JSON bytes an instrumented service sends.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/**
 * One trace of a tripstore-like request: a server span with old-style HTTP attributes (query string
 * included), two pg client spans with old-style db attributes, one failing with an exception event,
 * and a link. Times are fixed so durations are known exactly.
 */
export function sdkTrace(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'tripstore', 'host.name': 'box' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.200.0');
  // 2026-01-01T00:00:00.123456789Z as [seconds, nanoseconds]: not representable in a float64 of ns.
  const t0: [number, number] = [1_767_225_600, 123_456_789];
  const at = (deltaNs: number): [number, number] => [t0[0], t0[1] + deltaNs];
  const server = tracer.startSpan('GET /trips', {
    kind: SpanKind.SERVER,
    startTime: at(0),
    attributes: {
      'http.method': 'GET',
      'http.target': '/trips?user=42&token=s3cret',
      'http.status_code': 200,
    },
  });
  const parent = (span: typeof server) => trace.setSpan(ROOT_CONTEXT, span);
  const query = tracer.startSpan(
    'pg.query:SELECT',
    {
      kind: SpanKind.CLIENT,
      startTime: at(1_000),
      attributes: {
        'db.system': 'postgresql',
        'db.statement': 'SELECT * FROM trips WHERE user_id = 42',
        'net.peer.port': 5432,
      },
      links: [
        {
          context: { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 },
          attributes: { why: 'batch' },
        },
      ],
    },
    parent(server),
  );
  query.end(at(3_001));
  const failing = tracer.startSpan(
    'pg.query:INSERT',
    {
      kind: SpanKind.CLIENT,
      startTime: at(5_000),
      attributes: { 'db.system.name': 'postgresql', 'db.system': 'old', flags: [1, 2] },
    },
    parent(server),
  );
  failing.addEvent('exception', { 'exception.message': 'duplicate key' }, at(6_000));
  failing.setStatus({ code: SpanStatusCode.ERROR, message: 'duplicate key' });
  failing.end(at(7_500));
  server.setStatus({ code: SpanStatusCode.OK });
  server.end(at(10_000));
  return exporter.getFinishedSpans();
}
