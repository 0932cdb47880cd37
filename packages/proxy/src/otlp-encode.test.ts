import { describe, expect, it } from 'vitest';
import { encodeProxySpans } from './otlp-encode.ts';
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
    const failed = span();
    failed.sentMs = 0;
    failed.firstByteMs = 0;
    failed.httpStatus = 502;
    failed.statusCode = STATUS_ERROR;
    failed.errorType = 'ECONNREFUSED';
    failed.errorMessage = 'connect ECONNREFUSED 127.0.0.1:8080';
    const [decoded] = decodeSpans(encodeProxySpans([failed], 'p', { host: '127.0.0.1', port: 8080 }));
    expect(decoded?.status).toBe(2);
    expect(decoded?.attributes['error.type']).toBe('ECONNREFUSED');
    expect(decoded?.events).toEqual([]);
  });
});
