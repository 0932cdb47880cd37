import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  JsonTraceSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkMetrics } from '../../test/sdk-metrics.ts';
import { sdkTrace } from '../../test/sdk-spans.ts';
import {
  type ProtoReader,
  protoReader,
  readLengthEnd,
  readString,
  readVarint,
} from '../otlp/proto-reader.ts';
import { openSpanStore, type SpanStore } from '../store/span-store.ts';
import type { IngestStore } from './ingest-queue.ts';
import { type Collector, startCollector } from './start-collector.ts';

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const traceBody = () => ProtobufTraceSerializer.serializeRequest(sdkTrace())!;

async function post(
  collector: Collector,
  path: string,
  headers: Record<string, string>,
  body: Uint8Array | string,
) {
  const response = await fetch(`${collector.url}${path}`, { method: 'POST', headers, body });
  return {
    status: response.status,
    headers: response.headers,
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** google.rpc.Status from protobuf bytes. */
function rpcStatus(bytes: Uint8Array): { code: number; message: string } {
  const r: ProtoReader = protoReader(bytes);
  const out = { code: 0, message: '' };
  while (r.pos < bytes.length) {
    const tag = readVarint(r, bytes.length);
    if (tag === 0x08) out.code = readVarint(r, bytes.length);
    else if (tag === 0x12) out.message = readString(r, bytes.length);
  }
  return out;
}

let dir: string;
let store: SpanStore;
let collector: Collector;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-collector-'));
  store = await openSpanStore(join(dir, 'run.db'));
  collector = await startCollector({ host: '127.0.0.1', port: 0, store, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await collector?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('OTLP/HTTP collector', () => {
  it('answers 200 with an empty protobuf response once the spans are in the store', async () => {
    const before = (await store.counts()).spans;
    const response = await post(collector, '/v1/traces', PROTO, traceBody());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect(response.body.length).toBe(0);
    expect((await store.counts()).spans).toBe(before + 3);
  });

  it('takes JSON and gzip, answering in the request encoding', async () => {
    const before = (await store.counts()).spans;
    const json = await post(
      collector,
      '/v1/traces',
      JSON_TYPE,
      JsonTraceSerializer.serializeRequest(sdkTrace())!,
    );
    expect([json.status, new TextDecoder().decode(json.body)]).toEqual([200, '{}']);
    const gzipped = await post(
      collector,
      '/v1/traces',
      { ...PROTO, 'content-encoding': 'gzip' },
      gzipSync(traceBody()),
    );
    expect(gzipped.status).toBe(200);
    expect((await store.counts()).spans).toBe(before + 6);
  });

  it('stores runtime metrics from /v1/metrics', async () => {
    const before = (await store.counts()).metricPoints;
    const response = await post(
      collector,
      '/v1/metrics',
      PROTO,
      ProtobufMetricsSerializer.serializeRequest(await sdkMetrics())!,
    );
    expect(response.status).toBe(200);
    expect((await store.counts()).metricPoints).toBe(before + 3);
  });

  it('reports rejected spans as partial success', async () => {
    const badSpan = [0x0a, 3, 1, 2, 3, 0x12, 8, 1, 2, 3, 4, 5, 6, 7, 8];
    const scopeSpans = [0x12, badSpan.length, ...badSpan];
    const resourceSpans = [0x12, scopeSpans.length, ...scopeSpans];
    const body = new Uint8Array([...traceBody(), 0x0a, resourceSpans.length, ...resourceSpans]);
    const partial = await post(collector, '/v1/traces', PROTO, body);
    expect(partial.status).toBe(200);
    // ExportTraceServiceResponse { partial_success { rejected_spans: 1, error_message } }
    const r = protoReader(partial.body);
    expect(readVarint(r, partial.body.length)).toBe(0x0a);
    const end = readLengthEnd(r, partial.body.length);
    expect([readVarint(r, end), readVarint(r, end), readVarint(r, end), readString(r, end)]).toEqual([
      0x08,
      1,
      0x12,
      'span id field 1 has 3 bytes, expected 16',
    ]);
  });

  it('answers malformed bodies with 400 and a google.rpc.Status in the request encoding', async () => {
    const proto = await post(collector, '/v1/traces', PROTO, traceBody().subarray(0, 50));
    expect(proto.status).toBe(400);
    expect(rpcStatus(proto.body)).toEqual({
      code: 3,
      message: 'malformed request: length past the end of the message',
    });
    const json = await post(collector, '/v1/traces', JSON_TYPE, '{"resourceSpans": [');
    expect(json.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(json.body))).toMatchObject({
      code: 3,
      message: expect.stringMatching(/^malformed request: /),
    });
    const notOtlp = await post(collector, '/v1/traces', JSON_TYPE, '{}');
    expect(JSON.parse(new TextDecoder().decode(notOtlp.body))).toEqual({
      code: 3,
      message:
        'malformed request: request body: resourceSpans: expected an array (is this an OTLP trace export?)',
    });
    const gzip = await post(collector, '/v1/traces', { ...PROTO, 'content-encoding': 'gzip' }, traceBody());
    expect(gzip.status).toBe(400);
  });

  it('answers 413 for a body over the limit, compressed or once decompressed', async () => {
    const big = new Uint8Array(65 * 1024);
    expect((await post(collector, '/v1/traces', PROTO, big)).status).toBe(413);
    // 65 KiB of zeros gzip to ~100 bytes: the limit applies to what they inflate to.
    const bomb = await post(collector, '/v1/traces', { ...PROTO, 'content-encoding': 'gzip' }, gzipSync(big));
    expect(bomb.status).toBe(413);
    expect(rpcStatus(bomb.body).message).toBe('decompressed body exceeds the 65536-byte limit');
  });

  it('answers 415 for a content type or encoding it does not speak, 404/405 elsewhere', async () => {
    const text = await post(collector, '/v1/traces', { 'content-type': 'text/plain' }, 'hello');
    expect(text.status).toBe(415);
    expect(JSON.parse(new TextDecoder().decode(text.body)).message).toBe(
      'unsupported Content-Type "text/plain" (use application/x-protobuf or application/json)',
    );
    expect(
      (await post(collector, '/v1/traces', { ...PROTO, 'content-encoding': 'br' }, traceBody())).status,
    ).toBe(415);
    expect((await post(collector, '/v1/logs', PROTO, traceBody())).status).toBe(404);
    expect((await fetch(`${collector.url}/v1/traces`)).status).toBe(405);
  });
});

describe('OTLP/HTTP collector under overload', () => {
  /** A fake store whose writes wait until released: lets a test hold the queue full. */
  function fakeBlockingStore() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store: IngestStore = {
      writeSpans: () => gate,
      writeMetrics: () => gate,
    };
    return { store, release };
  }

  it('answers 429 with Retry-After when the queue is full, and 200 once it drained', async () => {
    const fake = fakeBlockingStore();
    const busy = await startCollector({ host: '127.0.0.1', port: 0, store: fake.store, maxQueueSpans: 4 });
    try {
      const first = post(busy, '/v1/traces', PROTO, traceBody());
      // expect.poll gives up after 1 s by default; a loaded machine may need longer for one loopback POST.
      await expect.poll(() => busy.queue.pending, { timeout: 10_000 }).toBe(3);
      const refused = await post(busy, '/v1/traces', PROTO, traceBody());
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(rpcStatus(refused.body)).toEqual({ code: 8, message: 'ingest queue full, retry later' });
      fake.release();
      expect((await first).status).toBe(200);
      expect((await post(busy, '/v1/traces', PROTO, traceBody())).status).toBe(200);
    } finally {
      fake.release();
      await busy.close();
    }
  });

  it('answers 429 when too many request bodies are being read at once', async () => {
    const fake = fakeBlockingStore();
    const busy = await startCollector({ host: '127.0.0.1', port: 0, store: fake.store, maxInFlight: 2 });
    const stalled: Socket[] = [];
    try {
      // Two clients that announce a body and never finish sending it hold both in-flight slots.
      for (let i = 0; i < 2; i++) {
        const socket = connect(busy.port, '127.0.0.1');
        await once(socket, 'connect');
        socket.write(
          'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\nab',
        );
        stalled.push(socket);
      }
      await expect
        .poll(async () => (await post(busy, '/v1/traces', PROTO, traceBody())).status, { timeout: 10_000 })
        .toBe(429);
      const refused = await post(busy, '/v1/traces', PROTO, traceBody());
      expect(rpcStatus(refused.body)).toEqual({
        code: 8,
        message: 'too many requests in flight, retry later',
      });
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      for (const socket of stalled) socket.destroy();
      fake.release();
      await busy.close();
    }
  });

  it('answers 503 with Retry-After when the store fails to write', async () => {
    const failing: IngestStore = {
      writeSpans: async () => {
        throw new Error('IO Error: No space left on device');
      },
      writeMetrics: async () => {},
    };
    const broken = await startCollector({ host: '127.0.0.1', port: 0, store: failing });
    try {
      const response = await post(broken, '/v1/traces', PROTO, traceBody());
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(rpcStatus(response.body).message).toBe(
        'span store write failed: IO Error: No space left on device',
      );
    } finally {
      await broken.close();
    }
  });
});
