// `loadlens wrap` under failure: the target dies and comes back, 10,000 slow clients, malformed
// requests, an OTLP endpoint that is down or hangs, and SIGTERM with requests in flight.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { decodeSpans } from '@loadlens/proxy/testing';
import autocannon from 'autocannon';
import { afterEach, describe, expect, test } from 'vitest';
import { freePort, type RunningProcess, startProcess } from '../harness/index.ts';
import { eventually, FIXTURES, sample, startWrap } from './proxy-wrap.ts';

const BATCHES = Number(process.env.PROXY_SLOW_BATCHES ?? 20);
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function plainTarget(port?: number): Promise<{ process: RunningProcess; url: string; port: number }> {
  const p = port ?? (await freePort());
  const process = await startProcess(globalThis.process.execPath, [join(FIXTURES, 'plain-server.cjs')], {
    name: 'plain-target',
    env: { ...globalThis.process.env, PORT: String(p) },
    ready: { tcp: p },
  });
  stops.push(() => process.stop());
  return { process, url: `http://127.0.0.1:${p}`, port: p };
}

/** An OTLP receiver on loopback: records decoded spans, or never answers when `hang`. */
async function otlpReceiver(hang = false): Promise<{ url: string; spans: ReturnType<typeof decodeSpans> }> {
  const spans: ReturnType<typeof decodeSpans> = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (hang) return;
    spans.push(...decodeSpans(Buffer.concat(chunks)));
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  stops.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, spans };
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return 0;
  }
}

describe('wrap reliability', () => {
  test('target killed mid-run: 502s with error spans, then serves again when the target is back', async () => {
    const target = await plainTarget();
    const wrap = await startWrap(['--target', target.url]);
    stops.push(() => wrap.process.stop());
    expect(await status(`${wrap.proxyUrl}/a`)).toBe(200);
    globalThis.process.kill(target.process.pid, 'SIGKILL');
    await target.process.exited;
    const during = [];
    for (let i = 0; i < 20; i++) during.push(await status(`${wrap.proxyUrl}/a`));
    expect(new Set(during)).toEqual(new Set([502]));
    await plainTarget(target.port);
    expect(await status(`${wrap.proxyUrl}/a`)).toBe(200);
    const text = await wrap.metrics();
    const series = (code: string) =>
      `traces_span_metrics_calls_total{service_name="loadlens-proxy",span_name="GET /a",span_kind="SPAN_KIND_SERVER",status_code="${code}"}`;
    expect(sample(text, series('STATUS_CODE_ERROR'))).toBe(20);
    expect(sample(text, series('STATUS_CODE_UNSET'))).toBe(2);
  });

  test('10,000 slow clients holding half-sent headers are cut at the header timeout without exhausting memory', async () => {
    const target = await plainTarget();
    const wrap = await startWrap([
      '--target',
      target.url,
      '--header-timeout',
      '2s',
      '--max-connections',
      '12000',
    ]);
    stops.push(() => wrap.process.stop());
    const pid = wrap.process.pid;
    const port = Number(new URL(wrap.proxyUrl).port);
    const before = rssBytes(pid);
    const sockets: Socket[] = [];
    let closed = 0;
    // Opened in batches so the listen backlog is not what limits the test.
    for (let batch = 0; batch < BATCHES; batch++) {
      await Promise.all(
        Array.from({ length: 500 }, async () => {
          const socket = connect(port, '127.0.0.1');
          socket.on('error', () => {});
          socket.resume(); // read the proxy's 408 and FIN; a paused socket never learns it was closed
          socket.on('close', () => {
            closed += 1;
          });
          sockets.push(socket);
          await once(socket, 'connect');
          socket.write('GET /slow HTTP/1.1\r\nhost: x\r\nx-slow: ');
        }),
      );
    }
    const opened = Date.now();
    const peak = Math.max(rssBytes(pid), before);
    if (process.env.PROXY_PRINT_RSS)
      console.log(`wrap RSS ${before} → ${peak} with ${sockets.length} slow clients`);
    // While they hold their connections, a normal client is still served.
    expect(await status(`${wrap.proxyUrl}/normal`)).toBe(200);
    await eventually(async () => {
      if (closed < sockets.length)
        throw new Error(`${closed} of ${sockets.length} closed after ${Date.now() - opened} ms`);
    }, 15_000);
    for (const s of sockets) s.destroy();
    // Measured: ~100 MB for the 10,000 connections (~10 KB each: socket + HTTP parser), bounded by
    // --max-connections; 300 MB is where a per-connection leak (buffered bodies, spans) would show.
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
    expect(await status(`${wrap.proxyUrl}/after`)).toBe(200);
  });

  test('malformed requests get 400 and never reach the target', async () => {
    const target = await plainTarget();
    const wrap = await startWrap(['--target', target.url]);
    stops.push(() => wrap.process.stop());
    const port = Number(new URL(wrap.proxyUrl).port);
    for (const bad of [
      'NOT HTTP AT ALL\r\n\r\n',
      'GET / HTTP/1.1\r\nbad header line\r\n\r\n',
      'GET http://elsewhere.example/ HTTP/1.1\r\nhost: elsewhere.example\r\n\r\n',
    ]) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(bad);
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      socket.destroy();
      expect(chunk.toString().split('\r\n')[0], bad).toBe('HTTP/1.1 400 Bad Request');
    }
    expect(await wrap.metrics()).not.toContain('elsewhere');
  });

  test.each([
    ['down', false],
    ['hanging', true],
  ])('OTLP endpoint %s: spans are dropped and counted, requests are unaffected', async (_name, hang) => {
    const target = await plainTarget();
    const otlp = hang ? (await otlpReceiver(true)).url : `http://127.0.0.1:${await freePort()}`;
    const wrap = await startWrap(['--target', target.url, '--otlp', otlp], {
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
    });
    stops.push(() => wrap.process.stop());
    const result = await autocannon({ url: `${wrap.proxyUrl}/x`, connections: 10, amount: 4000 });
    expect(result.non2xx).toBe(0);
    expect(result.errors).toBe(0);
    expect(result['2xx']).toBe(4000);
    const dropped = await eventually(async () => {
      const value = sample(await wrap.metrics(), 'loadlens_proxy_spans_dropped_total') ?? 0;
      if (value < 2048) throw new Error(`dropped so far: ${value}`);
      return value;
    });
    expect(dropped).toBeLessThanOrEqual(4000);
  });

  test('SIGTERM: in-flight requests finish and buffered spans are flushed before exit', async () => {
    const target = await plainTarget();
    const receiver = await otlpReceiver();
    const wrap = await startWrap(['--target', target.url, '--otlp', receiver.url]);
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      fetch(`${wrap.proxyUrl}/slow?ms=800&i=${i}`).then(async (r) => [r.status, await r.text()]),
    );
    await new Promise((r) => setTimeout(r, 200));
    globalThis.process.kill(wrap.process.pid, 'SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array.from({ length: 5 }, () => [200, 'ok /slow']));
    expect(await wrap.process.exited).toEqual({ code: 0, signal: null });
    const names = receiver.spans.filter((s) => s.service === 'loadlens-proxy').map((s) => s.name);
    expect(names).toEqual(Array.from({ length: 5 }, () => 'GET /slow'));
  });
});
