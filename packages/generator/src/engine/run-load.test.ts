import { summarizeLatency } from '@loadlens/run-stats';
import type { WorkloadInput } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { ErrorIndex } from './operation-stats.ts';
import { startLoad } from './run-load.ts';
import { fakeRequestSource, testWorkload, useFakeServers } from './test-fakes.ts';
import type { LoadOptions } from './types.ts';

const server = useFakeServers();

async function load(input: Omit<WorkloadInput, 'name'>, target: string, extra: Partial<LoadOptions> = {}) {
  const workload = testWorkload(input);
  const run = startLoad({
    workload,
    target: new URL(target),
    requests: fakeRequestSource(workload),
    ...extra,
  });
  return (await run.done).stats;
}

/** A fake server answering "ok" that counts the TCP connections it accepted. */
async function countingServer() {
  let count = 0;
  const s = await server((_req, res) => res.end('ok'));
  s.server.on('connection', () => count++);
  return { s, connections: () => count };
}

describe('startLoad', () => {
  it('sends every scheduled request of each operation and books them ok', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const [phase] = await load(
      {
        duration: '1s',
        operations: [
          { name: 'a', path: '/a', rate: '200/s' },
          { name: 'b', path: '/b', method: 'POST', rate: '50/s', body: { json: { x: 1 } } },
        ],
      },
      s.url,
    );
    const [a, b] = phase!;
    expect([a!.scheduled, a!.sent, a!.ok, a!.dropped]).toEqual([200, 200, 200, 0]);
    expect([b!.scheduled, b!.sent, b!.ok]).toEqual([50, 50, 50]);
    expect(s.requests).toBe(250);
    expect(a!.corrected.totalCount).toBe(200);
  });

  it('counts per stage on a ramp: 0 → 200/s over 1 s, then 200/s for 0.5 s', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const stats = await load(
      {
        rate: '200/s',
        startScale: 0,
        stages: [
          { duration: '1s', scale: 1 },
          { duration: '500ms', scale: 1 },
        ],
        operations: [{ name: 'a', path: '/', weight: 1 }],
      },
      s.url,
    );
    expect(stats.map((phase) => phase[0]!.ok)).toEqual([100, 100]);
  });

  it('counts latency from the intended send time while a request waits for the one busy connection', async () => {
    // One connection; the first request stalls 300 ms, so the ~30 requests due meanwhile wait client-side.
    let first = true;
    const s = await server((_req, res) => {
      if (first) {
        first = false;
        setTimeout(() => res.end('slow'), 300);
      } else res.end('ok');
    });
    const [phase] = await load(
      { duration: '1s', operations: [{ name: 'a', path: '/', rate: '100/s' }] },
      s.url,
      {
        connections: 1,
      },
    );
    const a = phase![0]!;
    const corrected = summarizeLatency(a.corrected);
    const uncorrected = summarizeLatency(a.uncorrected);
    expect(a.ok).toBe(100);
    expect(a.dropped).toBe(0);
    // The stalled request itself: ~300 ms either way. Node starts a timer from the loop's cached clock,
    // which can lag the real one by a fraction of a millisecond, so the server's 300 ms may measure 299.9.
    expect(uncorrected.max).toBeGreaterThanOrEqual(295);
    // Corrected: the requests that queued behind it carry their wait (the one due at 10 ms waited ~290 ms),
    // so the top tenth of the corrected distribution is in the stall's range.
    expect(corrected.p90).toBeGreaterThan(100);
    // Uncorrected: once sent they were fast, so only the stalled request is slow (compared with the
    // corrected figure rather than a fixed bound, so a busy machine does not decide the outcome).
    expect(uncorrected.p90).toBeLessThan(corrected.p90 / 3);
    expect(corrected.p99).toBeGreaterThan(200);
  });

  it('drops only when the client queue is full', async () => {
    const slow = () =>
      server((_req, res) => {
        setTimeout(() => res.end('ok'), 40);
      });
    const input = { duration: '500ms', operations: [{ name: 'a', path: '/', rate: '100/s' }] };
    const [small] = await load(input, (await slow()).url, { connections: 1, queue: 3 });
    const a = small![0]!;
    expect(a.scheduled).toBe(50);
    expect(a.dropped).toBeGreaterThan(25);
    expect(a.sent + a.dropped).toBe(50);
    const [large] = await load(input, (await slow()).url, { connections: 1, queue: 1000 });
    expect(large![0]!.dropped).toBe(0);
    expect(large![0]!.ok).toBe(50);
  });

  it('classifies errors: 4xx, 5xx, reset, timeout and refused', async () => {
    const s = await server((req, res) => {
      if (req.url === '/404') res.writeHead(404).end();
      else if (req.url === '/500') res.writeHead(503).end();
      else if (req.url === '/reset') req.socket.destroy();
      else if (req.url === '/hang') {
        // never answers: the operation's 200 ms timeout ends it
      } else res.end('ok');
    });
    const [phase] = await load(
      {
        duration: '200ms',
        operations: [
          { name: 'nf', path: '/404', rate: '20/s' },
          { name: 'ise', path: '/500', rate: '20/s' },
          { name: 'reset', path: '/reset', rate: '20/s' },
          { name: 'hang', path: '/hang', rate: '20/s', timeout: '200ms' },
          { name: 'expected', path: '/404', rate: '20/s', expect: { status: [404] } },
        ],
      },
      s.url,
    );
    const errorsOf = (i: number) => phase![i]!.errors;
    expect(errorsOf(0)[ErrorIndex.http4xx]).toBe(4);
    expect(errorsOf(1)[ErrorIndex.http5xx]).toBe(4);
    expect(errorsOf(2)[ErrorIndex.reset]).toBe(4);
    expect(errorsOf(3)[ErrorIndex.timeout]).toBe(4);
    expect(phase![4]!.ok).toBe(4);
    expect(phase![0]!.statusClasses).toEqual([0, 0, 0, 4, 0]);

    const closed = await server((_req, res) => res.end());
    const url = closed.url;
    await closed.close();
    const [refused] = await load(
      { duration: '200ms', operations: [{ name: 'a', path: '/', rate: '20/s' }] },
      url,
      {
        deadTargetMs: 0,
      },
    );
    expect(refused![0]!.errors[ErrorIndex.refused]).toBe(4);
  });

  it('puts a W3C traceparent on every request, sampled by the ratio', async () => {
    const seen: string[] = [];
    const s = await server((req, res) => {
      seen.push(String(req.headers.traceparent));
      res.end('ok');
    });
    await load({ duration: '200ms', operations: [{ name: 'a', path: '/', rate: '50/s' }] }, s.url, {
      traceSample: 0,
    });
    expect(seen).toHaveLength(10);
    for (const value of seen) expect(value).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(new Set(seen).size).toBe(10);
  });

  it('feeds values captured from one response into later requests', async () => {
    const paths: string[] = [];
    const s = await server((req, res) => {
      paths.push(String(req.url));
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/profile/create' ? '{"uuid":"u-42"}' : '{}');
    });
    await load(
      {
        duration: '500ms',
        operations: [
          {
            name: 'create',
            method: 'POST',
            path: '/profile/create',
            rate: '10/s',
            capture: { user: '/uuid' },
          },
          { name: 'get', path: '/users/{user}', rate: '10/s' },
        ],
      },
      s.url,
    );
    expect(paths).toContain('/users/u-42');
  });

  it('retires idle connections before the announced keep-alive timeout instead of racing it', async () => {
    const { s, connections } = await countingServer();
    s.server.keepAliveTimeout = 1500; // announced as "Keep-Alive: timeout=1", closes after 1.5 s idle
    const [phase] = await load(
      { duration: '3s', operations: [{ name: 'a', path: '/', rate: '1/s' }] },
      s.url,
    );
    expect(phase![0]!.ok).toBe(3);
    // With 1 s between requests and a 1 s announced timeout (minus the 1 s margin), no connection is reused:
    // the warm-up one serves the first request, each later one opens its own. Reusing would give 1.
    expect(connections()).toBe(3);
  });

  it('opens 50 ms of peak load worth of connections before the run starts', async () => {
    const { s, connections } = await countingServer();
    const [phase] = await load(
      { duration: '100ms', operations: [{ name: 'a', path: '/', rate: '4000/s' }] },
      s.url,
    );
    expect(phase![0]!.ok).toBe(400);
    // 4,000/s × 50 ms = 200 connections ready at the start (a fast server needs only a few at a time, so
    // without the warm-up far fewer are opened): a first burst that found none idle would open its own
    // mid-run and fall further behind with each connect.
    expect(connections()).toBeGreaterThanOrEqual(200);
  });
});
