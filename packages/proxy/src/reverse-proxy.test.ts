// The proxy against real loopback upstreams: what a client and the upstream see, and the span records.
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect } from 'node:net';
import { templatePath } from '@loadlens/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReverseProxy, startReverseProxy } from './reverse-proxy.ts';
import type { ProxySpanRecord } from './span-record.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function upstream(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<Server & { url: string; port: number }> {
  const server = createServer(handler);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return Object.assign(server, { url: `http://127.0.0.1:${address.port}`, port: address.port });
}

async function proxyTo(
  url: string,
  overrides: { upstreamTimeoutMs?: number; maxBodyBytes?: number; sampleRatio?: number } = {},
): Promise<ReverseProxy & { spans: ProxySpanRecord[] }> {
  const spans: ProxySpanRecord[] = [];
  const proxy = await startReverseProxy({
    target: new URL(url),
    host: '127.0.0.1',
    port: 0,
    sampleRatio: overrides.sampleRatio ?? 1,
    maxBodyBytes: overrides.maxBodyBytes ?? 10 * 1024 * 1024,
    headerTimeoutMs: 2_000,
    idleTimeoutMs: 10_000,
    upstreamTimeoutMs: overrides.upstreamTimeoutMs ?? 10_000,
    maxConnections: 1_000,
    routeOf: templatePath,
    onSpan: (span) => spans.push(span),
  });
  closers.push(() => proxy.close(1_000));
  return Object.assign(proxy, { spans });
}

async function waitForSpans(spans: ProxySpanRecord[], count: number): Promise<void> {
  for (let i = 0; i < 200 && spans.length < count; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('reverse proxy', () => {
  it('forwards method, headers and body, continues the incoming trace and injects its own span upstream', async () => {
    let seen: { method?: string; url?: string; headers?: Record<string, unknown>; body?: string } = {};
    const server = await upstream(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(201, { 'x-answer': '42', 'set-cookie': ['a=1', 'b=2'] });
      res.end('created');
    });
    const proxy = await proxyTo(server.url);
    const response = await fetch(`${proxy.url}/trips/42?user=alice`, {
      method: 'PUT',
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'x-custom': 'yes' },
      body: 'payload',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('42');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('created');
    expect(seen).toMatchObject({ method: 'PUT', url: '/trips/42?user=alice', body: 'payload' });
    expect(seen.headers?.['x-custom']).toBe('yes');
    await waitForSpans(proxy.spans, 1);
    const [span] = proxy.spans;
    expect(span).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentSpanId: 'b7ad6b7169203331',
      sampled: true,
      name: 'PUT /trips/{id}',
      path: '/trips/42',
      httpStatus: 201,
      requestBytes: 7,
      responseBytes: 7,
    });
    expect(seen.headers?.traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${span?.spanId}-01`);
    expect(span?.firstByteMs).toBeGreaterThanOrEqual(span?.sentMs ?? Number.NaN);
    expect(span?.endMs).toBeGreaterThanOrEqual(span?.firstByteMs ?? Number.NaN);
  });

  it('samples new traces by ratio but follows an incoming traceparent’s decision (parent-based)', async () => {
    const seen: string[] = [];
    const server = await upstream((req, res) => {
      seen.push(String(req.headers.traceparent));
      res.end();
    });
    const proxy = await proxyTo(server.url, { sampleRatio: 0 });
    await fetch(`${proxy.url}/new`);
    await fetch(`${proxy.url}/child`, {
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(seen[0]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(seen[1]).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    await waitForSpans(proxy.spans, 2);
    // Unsampled spans still feed the metrics; only export skips them.
    expect(proxy.spans.map((s) => [s.name, s.sampled])).toEqual([
      ['GET /new', false],
      ['GET /child', true],
    ]);
  });

  it('streams large chunked bodies both ways without buffering them whole', async () => {
    const server = await upstream(async (req, res) => {
      let received = 0;
      for await (const chunk of req) received += (chunk as Buffer).length;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const block = Buffer.alloc(64 * 1024, 7);
      for (let i = 0; i < 160; i++) if (!res.write(block)) await once(res, 'drain');
      res.end(String(received));
    });
    const proxy = await proxyTo(server.url, { maxBodyBytes: 64 * 1024 * 1024 });
    const upload = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new Uint8Array(128 * 1024));
        controller.close();
      },
    });
    const response = await fetch(`${proxy.url}/upload`, {
      method: 'POST',
      body: upload,
      duplex: 'half',
    } as RequestInit);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(160 * 64 * 1024 + String(80 * 128 * 1024).length);
    expect(body.subarray(160 * 64 * 1024).toString()).toBe(String(80 * 128 * 1024));
    await waitForSpans(proxy.spans, 1);
    expect(proxy.spans[0]?.requestBytes).toBe(80 * 128 * 1024);
  });

  it('passes HEAD, 204 and chunked upstream responses through with the right framing', async () => {
    const server = await upstream((req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
      } else if (req.url === '/chunked') {
        res.write('part1-');
        setTimeout(() => res.end('part2'), 20);
      } else {
        res.writeHead(200, { 'content-length': '5', 'x-kind': 'fixed' });
        res.end(req.method === 'HEAD' ? undefined : 'hello');
      }
    });
    const proxy = await proxyTo(server.url);
    const head = await fetch(`${proxy.url}/fixed`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, '5', '']);
    const empty = await fetch(`${proxy.url}/empty`);
    expect([empty.status, await empty.text()]).toEqual([204, '']);
    const chunked = await fetch(`${proxy.url}/chunked`);
    expect([chunked.headers.get('transfer-encoding'), await chunked.text()]).toEqual([
      'chunked',
      'part1-part2',
    ]);
    await waitForSpans(proxy.spans, 3);
    expect(proxy.spans.map((s) => [s.name, s.httpStatus, s.responseBytes])).toEqual([
      ['HEAD /fixed', 200, 0],
      ['GET /empty', 204, 0],
      ['GET /chunked', 200, 11],
    ]);
  });

  it('keeps client connections alive across requests', async () => {
    const server = await upstream((_req, res) => res.end('ok'));
    const proxy = await proxyTo(server.url);
    const ports = new Set<number>();
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 5; i++)
      await new Promise<void>((resolve, reject) => {
        httpRequest(`${proxy.url}/k`, { agent }, (res) => {
          ports.add(res.socket.localPort as number);
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
    agent.destroy();
    expect(ports.size).toBe(1);
  });

  it('passes WebSocket upgrades through as a tunnel', async () => {
    const server = await upstream((_req, res) => res.end());
    server.on('upgrade', (req, socket) => {
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-trace: ${req.headers.traceparent}\r\n\r\n`,
      );
      socket.on('data', (data) => socket.write(`echo:${data}`));
      socket.on('end', () => socket.end());
    });
    const proxy = await proxyTo(server.url);
    const client = connect(proxy.port, '127.0.0.1');
    await once(client, 'connect');
    client.write('GET /ws HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n');
    const [head] = (await once(client, 'data')) as [Buffer];
    expect(head.toString()).toMatch(
      /^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*x-trace: 00-[0-9a-f]{32}-[0-9a-f]{16}-01/,
    );
    client.write('hello');
    const [echo] = (await once(client, 'data')) as [Buffer];
    expect(echo.toString()).toBe('echo:hello');
    client.destroy();
    await waitForSpans(proxy.spans, 1);
    expect(proxy.spans[0]).toMatchObject({ name: 'GET /ws', httpStatus: 101 });
  });

  it('refuses absolute-form requests for other hosts, CONNECT, and malformed requests with 400/405', async () => {
    let hits = 0;
    const server = await upstream((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    const proxy = await proxyTo(server.url);
    async function raw(text: string): Promise<string> {
      const socket = connect(proxy.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(text);
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      socket.destroy();
      return chunk.toString().split('\r\n')[0] as string;
    }
    expect(await raw('GET http://example.com/secret HTTP/1.1\r\nhost: example.com\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    expect(await raw('CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n')).toBe(
      'HTTP/1.1 405 Method Not Allowed',
    );
    expect(await raw('GARBAGE\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await raw('GET / HTTP/1.1\r\nhost: x\r\ncontent-length: nope\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    expect(await raw(`GET ${server.url}/ok HTTP/1.1\r\nhost: x\r\n\r\n`)).toBe('HTTP/1.1 200 OK');
    expect(hits).toBe(1);
  });

  it('answers 413 for a body over the limit without contacting the upstream', async () => {
    let hits = 0;
    const server = await upstream((_req, res) => {
      hits += 1;
      res.end();
    });
    const proxy = await proxyTo(server.url, { maxBodyBytes: 1024 });
    const response = await fetch(`${proxy.url}/big`, { method: 'POST', body: 'x'.repeat(2048) });
    expect(response.status).toBe(413);
    expect(hits).toBe(0);
  });

  it('answers 502 with an error span when the target refuses, and serves again once it is back', async () => {
    const server = await upstream((_req, res) => res.end('up'));
    const port = server.port;
    const proxy = await proxyTo(server.url);
    expect(await (await fetch(`${proxy.url}/a`)).text()).toBe('up');
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    const down = await fetch(`${proxy.url}/a`);
    expect(down.status).toBe(502);
    expect(await down.text()).toBe('upstream unavailable (ECONNREFUSED)\n');
    await upstream((_req, res) => res.end('back'), port);
    expect(await (await fetch(`${proxy.url}/a`)).text()).toBe('back');
    await waitForSpans(proxy.spans, 3);
    expect(proxy.spans.map((s) => [s.httpStatus, s.statusCode, s.errorType])).toEqual([
      [200, 0, ''],
      [502, 2, 'ECONNREFUSED'],
      [200, 0, ''],
    ]);
  });

  it('answers 504 when the upstream does not answer in time, and 502 when it resets', async () => {
    const server = await upstream((req, res) => {
      if (req.url === '/reset') req.socket.destroy();
      else setTimeout(() => res.end('late'), 2_000);
    });
    const proxy = await proxyTo(server.url, { upstreamTimeoutMs: 200 });
    const slow = await fetch(`${proxy.url}/slow`);
    expect(slow.status).toBe(504);
    expect(await slow.text()).toBe('upstream timed out (UND_ERR_HEADERS_TIMEOUT)\n');
    const reset = await fetch(`${proxy.url}/reset`);
    expect(reset.status).toBe(502);
    await waitForSpans(proxy.spans, 2);
    expect(proxy.spans.map((s) => [s.name, s.httpStatus, s.statusCode])).toEqual([
      ['GET /slow', 504, 2],
      ['GET /reset', 502, 2],
    ]);
  });

  it('lets in-flight requests finish when closing', async () => {
    // The upstream holds the request until the test answers it, after close() began: a fixed sleep before
    // close could come before the request is in flight, or after a timed answer, on a busy machine.
    let answer = () => {};
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const server = await upstream((_req, res) => {
      answer = () => res.end('done');
      arrive();
    });
    const proxy = await proxyTo(server.url);
    const pending = fetch(`${proxy.url}/slow`).then((r) => r.text());
    await arrived;
    expect(proxy.inFlight()).toBe(1);
    const closing = proxy.close(5_000);
    setTimeout(() => answer(), 100);
    await closing;
    expect(await pending).toBe('done');
  });
});
