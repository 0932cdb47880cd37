// Traces of a simulated service under load, with real concurrency: requests arrive on a schedule and
// compete for a resource of fixed capacity (a connection pool, the event loop, a row lock), so waiting
// and holding overlap in time the way they do on a real server. For the cause-attribution tests, where
// traces crafted one by one would carry waits that nothing in the other traces explains.
import type { NormalizedSpan } from '@loadlens/types';
import { craftTrace } from './crafted-traces.ts';

export interface SimulatedRequest {
  /** Arrival, in ms from the epoch of crafted traces. */
  at: number;
  method: string;
  route: string;
  /** The database calls it makes one after another, each checking a connection out of the pool. */
  queries: Array<{ sql: string; ms: number }>;
  /** Application time after the calls. */
  appMs?: number;
}

/** Earliest-free connection, for a FIFO pool of `size` connections. */
function takeConnection(freeAt: number[], askMs: number): { index: number; startMs: number } {
  let index = 0;
  for (let i = 1; i < freeAt.length; i++) if ((freeAt[i] as number) < (freeAt[index] as number)) index = i;
  return { index, startMs: Math.max(askMs, freeAt[index] as number) };
}

/**
 * A service whose database calls go through a pool of `size` connections (pg-pool: a `pg-pool.connect`
 * span while the request waits for one). Requests are served in arrival order.
 * @example simulatePool(1, requests).map(...)
 */
export function simulatePool(size: number, requests: readonly SimulatedRequest[]): NormalizedSpan[][] {
  const freeAt = new Array<number>(size).fill(0);
  return [...requests]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const t = craftTrace(0);
      const spans: Array<() => void> = [];
      let now = r.at + 0.5;
      const calls: Array<{ ask: number; start: number; ms: number; sql: string }> = [];
      for (const q of r.queries) {
        const c = takeConnection(freeAt, now);
        calls.push({ ask: now, start: c.startMs, ms: q.ms, sql: q.sql });
        freeAt[c.index] = c.startMs + q.ms;
        now = c.startMs + q.ms;
      }
      const end = now + (r.appMs ?? 0.5);
      const root = t.server(r.method, r.route, { at: r.at, ms: end - r.at });
      for (const c of calls) {
        spans.push(() => t.pool(root, { at: c.ask, ms: Math.max(0.01, c.start - c.ask) }));
        spans.push(() => t.pg(root, c.sql, { at: c.start, ms: c.ms }));
      }
      for (const add of spans) add();
      return t.spans();
    });
}

/** Requests at a constant rate from `fromMs` for `seconds`, each built by `make(i, atMs)`. */
export function arrivals<R>(
  ratePerSecond: number,
  seconds: number,
  make: (i: number, at: number) => R,
  fromMs = 0,
): R[] {
  const out: R[] = [];
  const gap = 1000 / ratePerSecond;
  for (let i = 0; i < ratePerSecond * seconds; i++) out.push(make(i, fromMs + i * gap));
  return out;
}

export interface LoopRequest {
  at: number;
  method: string;
  route: string;
  /** One asynchronous database call (the loop is free meanwhile). */
  dbMs: number;
  /** Synchronous work after it (JSON of the rows): the loop is held, nothing else runs. */
  syncMs: number;
}

/**
 * A Node service behind the loadlens proxy, on one event loop: a request reaches the proxy, the app
 * starts on it when the loop is free, awaits its query, then runs `syncMs` of synchronous code during
 * which the loop serves no one. Requests are taken in arrival order.
 */
export function simulateLoop(requests: readonly LoopRequest[]): NormalizedSpan[][] {
  let loopFreeAt = 0;
  return [...requests]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const appStart = Math.max(r.at + 0.2, loopFreeAt);
      loopFreeAt = appStart + 0.1;
      const dbStart = appStart + 0.1;
      const dbEnd = dbStart + r.dbMs;
      const syncStart = Math.max(dbEnd, loopFreeAt);
      loopFreeAt = syncStart + r.syncMs;
      const appEnd = loopFreeAt + 0.1;
      const proxy = craftTrace(0, 'proxy');
      const p = proxy.server(r.method, '', { at: r.at, ms: appEnd + 0.2 - r.at });
      const app = craftTrace(0);
      const root = app.server(r.method, r.route, { at: appStart, ms: appEnd - appStart }, 200, p);
      app.pg(root, `SELECT * FROM rows_of_${r.route.replaceAll(/\W/g, '')} WHERE owner = 7`, {
        at: dbStart,
        ms: r.dbMs,
      });
      const merged = [...proxy.spans(), ...app.spans().map((s) => ({ ...s, traceId: proxy.traceId }))];
      delete (merged[0]!.attributes as Record<string, unknown>)['http.route'];
      return merged;
    });
}
