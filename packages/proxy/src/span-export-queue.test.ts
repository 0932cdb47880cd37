// The export queue against real loopback endpoints: one that works, one that is down, one that hangs.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpanExportQueue } from './span-export-queue.ts';
import { ProxySpanRecord } from './span-record.ts';
import { decodeSpans } from './testing/otlp-wire.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function endpoint(onBody: (body: Buffer) => void, hang = false): Promise<string> {
  const server = createServer(async (req, res) => {
    if (hang) return; // never answers: a slow or stuck collector
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    onBody(Buffer.concat(chunks));
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`;
}

function record(i: number): ProxySpanRecord {
  const s = new ProxySpanRecord();
  s.traceId = i.toString(16).padStart(32, '0');
  s.spanId = (i + 1).toString(16).padStart(16, '0');
  s.method = 'GET';
  s.route = '/r';
  s.name = 'GET /r';
  s.startMs = Date.now();
  s.endMs = s.startMs + 1;
  return s;
}

const target = { host: '127.0.0.1', port: 8080 };

describe('span export queue', () => {
  it('sends queued spans in batches and flushes the rest on close', async () => {
    const received: string[] = [];
    const url = await endpoint((body) => received.push(...decodeSpans(body).map((s) => s.traceId)));
    const queue = createSpanExportQueue({
      endpoint: { url, protocol: 'http/protobuf', headers: {}, timeoutMs: 2_000, compression: 'none' },
      serviceName: 'p',
      target,
      maxBatch: 100,
      intervalMs: 60_000,
    });
    for (let i = 1; i <= 250; i++) queue.push(record(i));
    await queue.close();
    expect(received.length).toBe(250);
    expect(queue.exported()).toBe(250);
    expect(queue.dropped()).toBe(0);
  });

  it('sends a full batch at once instead of waiting for the timer, so export keeps up with the request rate', async () => {
    const received: string[] = [];
    const url = await endpoint((body) => received.push(...decodeSpans(body).map((s) => s.traceId)));
    const queue = createSpanExportQueue({
      endpoint: { url, protocol: 'http/protobuf', headers: {}, timeoutMs: 2_000, compression: 'none' },
      serviceName: 'p',
      target,
      maxBatch: 100,
      maxQueue: 200,
      intervalMs: 60_000,
    });
    // 1,000 spans through a 200-span queue with the timer never firing: only batch-full exports keep up.
    for (let i = 1; i <= 1000; i++) {
      queue.push(record(i));
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    await queue.close();
    expect(queue.dropped()).toBe(0);
    expect(received.length).toBe(1000);
  });

  it('drops and counts spans when the endpoint is down, without throwing at the caller', async () => {
    const queue = createSpanExportQueue({
      endpoint: {
        url: 'http://127.0.0.1:1/v1/traces',
        protocol: 'http/protobuf',
        headers: {},
        timeoutMs: 500,
        compression: 'none',
      },
      serviceName: 'p',
      target,
      maxQueue: 100,
      intervalMs: 60_000,
    });
    for (let i = 1; i <= 150; i++) queue.push(record(i));
    expect(queue.dropped()).toBe(50); // queue full
    await queue.close();
    expect(queue.dropped()).toBe(150); // the 100 queued failed to export
    expect(queue.exported()).toBe(0);
  });

  it('stays bounded when the endpoint hangs: pushes return at once and overflow is counted', async () => {
    const url = await endpoint(() => {}, true);
    const queue = createSpanExportQueue({
      endpoint: { url, protocol: 'http/protobuf', headers: {}, timeoutMs: 300, compression: 'none' },
      serviceName: 'p',
      target,
      maxQueue: 50,
      maxBatch: 50,
      intervalMs: 10,
    });
    queue.push(record(1));
    await new Promise((r) => setTimeout(r, 50)); // the first batch is now stuck in flight
    const started = performance.now();
    for (let i = 2; i <= 1000; i++) queue.push(record(i));
    expect(performance.now() - started).toBeLessThan(100);
    expect(queue.dropped()).toBe(1000 - 1 - 50);
    await queue.close();
    expect(queue.exported()).toBe(0);
    expect(queue.dropped()).toBe(1000);
  });
});
