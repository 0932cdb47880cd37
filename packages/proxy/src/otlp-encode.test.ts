import { describe, expect, it } from 'vitest';
import { encodeProxySpans } from './otlp-encode.ts';
import { encodeSpanJson, jsonExportRequest } from './otlp-encode-json.ts';
import { ProxySpanRecord, STATUS_ERROR } from './span-record.ts';
import { decodeSpans } from './testing/otlp-wire.ts';

function span(): ProxySpanRecord {
  const s = new ProxySpanRecord();
  s.traceId = '0af7651916cd43dd8448eb211c80319c';
  s.spanId = 'b7ad6b7169203331';
  s.parentSpanId = '00f067aa0ba902b7';
  s.method = 'GET';
  s.route = '/trips/{id}';
  s.name = 'GET /trips/{id}';
  s.path = '/trips/42';
  s.startMs = 1_795_000_000_000.25;
  s.dispatchMs = s.startMs + 0.05;
  s.sentMs = s.startMs + 0.5;
  s.firstByteMs = s.startMs + 10.5;
  s.endMs = s.startMs + 12.5;
  s.httpStatus = 200;
  s.responseBytes = 1234;
  return s;
}

describe('encodeProxySpans', () => {
  it('encodes a SERVER span with ids, parent, timings and semconv attributes', () => {
    const [decoded] = decodeSpans(
      encodeProxySpans([span()], 'loadlens-proxy', { host: '127.0.0.1', port: 8080 }),
    );
    expect(decoded).toEqual({
      service: 'loadlens-proxy',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7',
      name: 'GET /trips/{id}',
      kind: 2,
      durationMs: 12.5,
      startMs: 1_795_000_000_000.25,
      endMs: 1_795_000_000_012.75,
      status: 0,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/trips/{id}',
        'url.path': '/trips/42',
        'server.address': '127.0.0.1',
        'server.port': 8080,
        'http.response.status_code': 200,
        'loadlens.upstream.connect_ms': 0.45,
        'loadlens.upstream.ttfb_ms': 10,
        'loadlens.upstream.transfer_ms': 2,
        'http.request.body.size': 0,
        'http.response.body.size': 1234,
      },
      events: ['upstream.request_sent', 'upstream.first_byte'],
    });
  });

  it('marks an upstream failure as an error span with its cause', () => {
    const [decoded] = decodeSpans(encodeProxySpans([failedSpan()], 'p', { host: '127.0.0.1', port: 8080 }));
    expect(decoded?.status).toBe(2);
    expect(decoded?.attributes['error.type']).toBe('ECONNREFUSED');
    expect(decoded?.events).toEqual([]);
  });

  it('writes the same span in OTLP/JSON for http/json: ids in hex, times in exact nanoseconds', () => {
    const target = { host: '127.0.0.1', port: 8080 };
    for (const s of [span(), failedSpan()]) {
      const [fromProtobuf] = decodeSpans(encodeProxySpans([s], 'loadlens-proxy', target));
      const body = JSON.parse(
        jsonExportRequest([encodeSpanJson(s, target)], 'loadlens-proxy').toString('utf8'),
      );
      expect(decodeJsonSpans(body)[0]).toEqual(fromProtobuf);
    }
    const raw = JSON.parse(jsonExportRequest([encodeSpanJson(span(), target)], 'p').toString('utf8'));
    expect(raw.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano).toBe('1795000000000250000');
  });
});

function failedSpan(): ProxySpanRecord {
  const failed = span();
  failed.sentMs = 0;
  failed.firstByteMs = 0;
  failed.httpStatus = 502;
  failed.statusCode = STATUS_ERROR;
  failed.errorType = 'ECONNREFUSED';
  failed.errorMessage = 'connect ECONNREFUSED 127.0.0.1:8080';
  return failed;
}

interface JsonAny {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
}

/** OTLP/JSON read into the same shape decodeSpans() gives for protobuf, for a field-by-field comparison. */
function decodeJsonSpans(body: {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: JsonAny }> };
    scopeSpans: Array<{ spans: Array<Record<string, unknown>> }>;
  }>;
}) {
  const value = (v: JsonAny) =>
    v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue));
  return body.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        service: rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        name: s.name,
        kind: s.kind,
        durationMs: Number(BigInt(s.endTimeUnixNano as string) - BigInt(s.startTimeUnixNano as string)) / 1e6,
        startMs: Number(BigInt(s.startTimeUnixNano as string)) / 1e6,
        endMs: Number(BigInt(s.endTimeUnixNano as string)) / 1e6,
        status: (s.status as { code?: number } | undefined)?.code ?? 0,
        attributes: Object.fromEntries(
          (s.attributes as Array<{ key: string; value: JsonAny }>).map((a) => [a.key, value(a.value)]),
        ),
        events: ((s.events as Array<{ name: string }> | undefined) ?? []).map((e) => e.name),
      })),
    ),
  );
}
