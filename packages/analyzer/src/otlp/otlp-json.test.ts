import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { sdkTrace } from '../../test/sdk-spans.ts';
import type { SpanLink } from './decoded-span.ts';
import { decodeOtlpJson } from './otlp-json.ts';

function decodeSdkJson() {
  const spans = sdkTrace();
  const body = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!);
  const out: { span: ReturnType<typeof Object>; scope: string; links: SpanLink[] }[] = [];
  decodeOtlpJson(JSON.parse(body), 'request', (span, scope, _state, links) =>
    out.push({ span, scope: `${scope.scopeName}@${scope.scopeVersion}`, links }),
  );
  return { spans, decoded: out };
}

describe('decodeOtlpJson on the official JSON serializer', () => {
  it('keeps ids, kinds, status, exact durations and maps old attribute names', () => {
    const { spans, decoded } = decodeSdkJson();
    expect(decoded).toHaveLength(spans.length);
    const byName = Object.fromEntries(decoded.map((d) => [d.span.name, d]));
    const server = byName['GET /trips']!.span;
    const sdkServer = spans.find((s) => s.name === 'GET /trips')!;
    expect(server.traceId).toBe(sdkServer.spanContext().traceId);
    expect(server.spanId).toBe(sdkServer.spanContext().spanId);
    expect(server.parentSpanId).toBeUndefined();
    expect(server.kind).toBe('server');
    expect(server.status).toBe('ok');
    expect(server.service).toBe('tripstore');
    expect(server.durationNs).toBe(10_000);
    // The nearest float64 to 1767225600123456789 ns, as the contract allows.
    expect(server.startNs).toBe(Number(1_767_225_600_123_456_789n));
    // The query string of http.target (tokens, user ids) never reaches url.path.
    expect(server.attributes).toEqual({
      'http.request.method': 'GET',
      'url.path': '/trips',
      'http.response.status_code': 200,
    });
    const query = byName['pg.query:SELECT']!;
    expect(query.span.parentSpanId).toBe(sdkServer.spanContext().spanId);
    expect(query.span.kind).toBe('client');
    expect(query.span.durationNs).toBe(2_001);
    expect(query.span.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.query.text': 'SELECT * FROM trips WHERE user_id = 42',
      'server.port': 5432,
    });
    expect(query.scope).toBe('@opentelemetry/instrumentation-http@0.200.0');
    expect(query.links).toEqual([
      { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceState: '', attributes: { why: 'batch' } },
    ]);
    const failing = byName['pg.query:INSERT']!.span;
    expect(failing.status).toBe('error');
    expect(failing.statusMessage).toBe('duplicate key');
    // A stable name present on the span wins over its old alias.
    expect(failing.attributes).toEqual({ 'db.system.name': 'postgresql', flags: [1, 2] });
    expect(failing.events).toEqual([
      {
        name: 'exception',
        timeNs: Number(1_767_225_600_123_462_789n),
        attributes: { 'exception.message': 'duplicate key' },
      },
    ]);
  });

  it('accepts base64 ids and enum names, as protobuf-JSON encoders write them', () => {
    const spans: unknown[] = [];
    decodeOtlpJson(
      {
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
                    spanId: Buffer.from('b7ad6b7169203331', 'hex').toString('base64'),
                    name: 'x',
                    kind: 'SPAN_KIND_CLIENT',
                    startTimeUnixNano: '1000',
                    endTimeUnixNano: '4000',
                    status: { code: 'STATUS_CODE_ERROR' },
                  },
                ],
              },
            ],
          },
        ],
      },
      'doc',
      (span) => spans.push(span),
    );
    expect(spans).toMatchInlineSnapshot(`
      [
        {
          "attributes": {},
          "durationNs": 3000,
          "events": [],
          "kind": "client",
          "name": "x",
          "service": "unknown_service",
          "spanId": "b7ad6b7169203331",
          "startNs": 1000,
          "status": "error",
          "traceId": "0af7651916cd43dd8448eb211c80319c",
        },
      ]
    `);
  });

  it('names the document and JSON path of a bad span', () => {
    const bad = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: 'b7ad6b7169203331' }] }] }],
    };
    expect(() => decodeOtlpJson(bad, 'spans.jsonl:3', () => {})).toThrow(
      'spans.jsonl:3: resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits',
    );
    expect(() => decodeOtlpJson({ data: [] }, 'x.json:1', () => {})).toThrow(
      'x.json:1: resourceSpans: expected an array (is this an OTLP trace export?)',
    );
  });
});
