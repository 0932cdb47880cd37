// The preload's OTLP export (plain CommonJS): spans encoded in protobuf and in OTLP/JSON carry the same
// fields, and the exporter follows the OTEL_EXPORTER_OTLP_* / OTEL_BSP_* variables to a loopback sink.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type OtlpEndpoint, resolveOtlpEndpoint } from '../src/otlp-endpoint.ts';
import { decodeSpans } from '../src/testing/index.ts';
import type { RecordedSpan } from './recorded-span.ts';

/** The endpoint as wrap resolves it from these variables and hands it to the preload. */
function endpointFrom(env: NodeJS.ProcessEnv): OtlpEndpoint {
  const endpoint = resolveOtlpEndpoint(undefined, env);
  if (!endpoint) throw new Error('no endpoint in the test environment');
  return endpoint;
}

const require = createRequire(import.meta.url);

type SpanLike = Omit<RecordedSpan, 'localRoot'>;
const { encodeSpansJson, encodeSpansProtobuf } = require('../preload/tracing/otlp-spans.cjs') as {
  encodeSpansJson(resource: object, spans: SpanLike[]): Buffer;
  encodeSpansProtobuf(resource: object, spans: SpanLike[]): Buffer;
};
const { createSpanExporter } = require('../preload/tracing/span-exporter.cjs') as {
  createSpanExporter(options: {
    resource: object;
    endpoint: OtlpEndpoint | undefined;
    env: NodeJS.ProcessEnv;
  }): { onEnd(span: SpanLike): void; dropped: number; shutdown(): Promise<void> } | undefined;
};

const HTTP_SCOPE = { name: '@loadlens/proxy/http-server', version: '0.1.0' };
const PG_SCOPE = { name: '@opentelemetry/instrumentation-pg', version: '0.77.0' };

function span(overrides: Partial<SpanLike> = {}): SpanLike {
  return {
    name: 'GET /trips/:id',
    kind: 1,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: undefined,
    parentIsRemote: false,
    startMs: 1795000000000.25,
    endMs: 1795000000012.75,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, ratio: 0.5, cached: false },
    droppedAttributes: 0,
    events: [],
    droppedEvents: 0,
    links: [],
    droppedLinks: 0,
    status: { code: 0 },
    scope: HTTP_SCOPE,
    ...overrides,
  };
}

const SPANS = [
  span(),
  span({
    name: 'pg.query:SELECT trips',
    kind: 2,
    spanId: 'c7ad6b7169203332',
    parentSpanId: 'b7ad6b7169203331',
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM trips WHERE id = $1' },
    status: { code: 2, message: 'relation "trips" does not exist' },
    events: [
      {
        name: 'exception',
        timeMs: 1795000000011,
        attributes: { 'exception.type': 'error' },
        droppedAttributes: 0,
      },
    ],
    scope: PG_SCOPE,
  }),
];
const RESOURCE = { 'service.name': 'tripstore', 'process.pid': 4242 };

describe('OTLP encoding of the preload spans', () => {
  it('writes protobuf that decodes to the same names, ids, times, attributes, status and events', () => {
    const decoded = decodeSpans(encodeSpansProtobuf(RESOURCE, SPANS));
    expect(decoded).toHaveLength(2);
    expect(decoded[0]).toMatchObject({
      service: 'tripstore',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: undefined,
      name: 'GET /trips/:id',
      kind: 2,
      status: 0,
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        ratio: 0.5,
        cached: false,
      },
    });
    expect(decoded[0]?.durationMs).toBeCloseTo(12.5, 6);
    expect(decoded[1]).toMatchObject({
      parentSpanId: 'b7ad6b7169203331',
      kind: 3,
      status: 2,
      events: ['exception'],
      attributes: { 'db.query.text': 'SELECT * FROM trips WHERE id = $1' },
    });
  });

  it('writes OTLP/JSON with one ScopeSpans per instrumentation scope and nanosecond strings', () => {
    const json = JSON.parse(encodeSpansJson(RESOURCE, SPANS).toString()) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: Record<string, unknown> }[] };
        scopeSpans: { scope: { name: string }; spans: Record<string, unknown>[] }[];
      }[];
    };
    const rs = json.resourceSpans[0];
    expect(rs?.resource.attributes).toContainEqual({ key: 'process.pid', value: { intValue: '4242' } });
    expect(rs?.scopeSpans.map((s) => s.scope.name)).toEqual([HTTP_SCOPE.name, PG_SCOPE.name]);
    const server = rs?.scopeSpans[0]?.spans[0];
    expect(server).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      kind: 2,
      startTimeUnixNano: '1795000000000250000',
      endTimeUnixNano: '1795000000012750000',
    });
    expect(server?.attributes).toContainEqual({ key: 'ratio', value: { doubleValue: 0.5 } });
    expect(rs?.scopeSpans[1]?.spans[0]?.status).toEqual({
      code: 2,
      message: 'relation "trips" does not exist',
    });
  });
});

describe('span exporter', () => {
  let sink: Server | undefined;
  afterEach(() => {
    sink?.close();
    vi.restoreAllMocks();
  });

  async function startSink(): Promise<{
    url: string;
    bodies: { headers: IncomingHttpHeaders; url: string; body: Buffer }[];
  }> {
    const bodies: { headers: IncomingHttpHeaders; url: string; body: Buffer }[] = [];
    sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ headers: req.headers, url: req.url ?? '', body: Buffer.concat(chunks) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => sink?.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(sink.address() as { port: number }).port}`, bodies };
  }

  it('is off without an endpoint', () => {
    expect(createSpanExporter({ resource: RESOURCE, endpoint: undefined, env: {} })).toBeUndefined();
  });

  it('posts protobuf to the base endpoint + /v1/traces with the configured headers, in batches', async () => {
    const { url, bodies } = await startSink();
    const exporter = createSpanExporter({
      resource: RESOURCE,
      endpoint: endpointFrom({
        OTEL_EXPORTER_OTLP_ENDPOINT: `${url}/`,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=payments,authorization=Bearer%20abc',
      }),
      env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2' },
    });
    for (let i = 0; i < 5; i++) exporter?.onEnd(span({ spanId: `${i}`.padStart(16, 'a') }));
    await exporter?.shutdown();
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(bodies[0]?.url).toBe('/v1/traces');
    expect(bodies[0]?.headers['content-type']).toBe('application/x-protobuf');
    expect(bodies[0]?.headers.authorization).toBe('Bearer abc');
    expect(bodies[0]?.headers['x-team']).toBe('payments');
    const spans = bodies.flatMap((b) => decodeSpans(b.body));
    expect(spans.map((s) => s.spanId).sort()).toEqual([
      'aaaaaaaaaaaaaaa0',
      'aaaaaaaaaaaaaaa1',
      'aaaaaaaaaaaaaaa2',
      'aaaaaaaaaaaaaaa3',
      'aaaaaaaaaaaaaaa4',
    ]);
  });

  it('sends OTLP/JSON gzipped when the protocol and compression variables say so', async () => {
    const { url, bodies } = await startSink();
    const exporter = createSpanExporter({
      resource: RESOURCE,
      endpoint: endpointFrom({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${url}/custom/traces`,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      }),
      env: {},
    });
    exporter?.onEnd(span());
    await exporter?.shutdown();
    expect(bodies[0]?.url).toBe('/custom/traces');
    expect(bodies[0]?.headers['content-type']).toBe('application/json');
    expect(bodies[0]?.headers['content-encoding']).toBe('gzip');
    const json = JSON.parse(gunzipSync(bodies[0]?.body ?? Buffer.alloc(0)).toString());
    expect(json.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('GET /trips/:id');
  });

  it('drops and counts spans beyond the queue, and reports an unreachable endpoint in one line', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      lines.push(String(text));
      return true;
    });
    const exporter = createSpanExporter({
      resource: RESOURCE,
      // A port nothing listens on (the discard port), and a queue of 3.
      endpoint: endpointFrom({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' }),
      env: { OTEL_BSP_MAX_QUEUE_SIZE: '3' },
    });
    for (let i = 0; i < 5; i++) exporter?.onEnd(span());
    expect(exporter?.dropped).toBe(2);
    await exporter?.shutdown();
    exporter?.onEnd(span());
    await exporter?.shutdown();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^loadlens preload: exporting spans to http:\/\/127\.0\.0\.1:9\/v1\/traces failed \(ECONNREFUSED\); spans are dropped\n$/,
    );
  });
});
