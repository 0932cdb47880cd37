// Traces of a simulated service under load, with real concurrency: requests arrive on a schedule and
// compete for a resource of fixed capacity (a connection pool, the event loop, a row lock), so waiting
// and holding overlap in time the way they do on a real server. For the cause-attribution tests, where
// traces crafted one by one would carry waits that nothing in the other traces explains.
import type { NormalizedSpan } from '@loadlens/types';
import { craftTrace } from '../src/testing/crafted-traces.ts';

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
 * which the loop serves no one — nothing starts, and nothing that finished meanwhile is seen to end
 * until it is over. The long synchronous sections are placed first (in arrival order), then every other
 * request around them.
 */
export function simulateLoop(
  requests: readonly LoopRequest[],
  blockingMs = 5,
  /** Extra time each request waits at the proxy with the loop free: a busy machine not scheduling the app. */
  starvedMs: (i: number) => number = () => 0,
): NormalizedSpan[][] {
  const sorted = [...requests].sort((a, b) => a.at - b.at);
  const blocks: Array<[number, number]> = [];
  /** The first moment at or after t when the loop is not inside a block. */
  const free = (t: number) => {
    let at = t;
    for (const [from, to] of blocks) if (at >= from && at < to) at = to;
    return at;
  };
  const placed = new Map<
    LoopRequest,
    { appStart: number; dbStart: number; dbEnd: number; syncStart: number }
  >();
  for (const r of sorted.filter((x) => x.syncMs >= blockingMs)) {
    const appStart = free(r.at + 0.2);
    const dbStart = appStart + 0.1;
    const syncStart = free(dbStart + r.dbMs);
    blocks.push([syncStart, syncStart + r.syncMs]);
    blocks.sort((x, y) => x[0] - y[0]);
    placed.set(r, { appStart, dbStart, dbEnd: syncStart, syncStart });
  }
  for (const [i, r] of sorted.filter((x) => x.syncMs < blockingMs).entries()) {
    const appStart = free(r.at + 0.2 + starvedMs(i));
    const dbStart = appStart + 0.1;
    const dbEnd = free(dbStart + r.dbMs);
    placed.set(r, { appStart, dbStart, dbEnd, syncStart: dbEnd });
  }
  return sorted.map((r) => {
    const p = placed.get(r)!;
    const appEnd = p.syncStart + r.syncMs + 0.1;
    const proxy = craftTrace(0, 'proxy');
    const outer = proxy.server(r.method, '', { at: r.at, ms: appEnd + 0.2 - r.at });
    const app = craftTrace(0);
    const root = app.server(r.method, r.route, { at: p.appStart, ms: appEnd - p.appStart }, 200, outer);
    app.pg(root, `SELECT * FROM rows_of_${r.route.replaceAll(/\W/g, '')} WHERE owner = 7`, {
      at: p.dbStart,
      ms: p.dbEnd - p.dbStart,
    });
    const merged = [...proxy.spans(), ...app.spans().map((s) => ({ ...s, traceId: proxy.traceId }))];
    delete (merged[0]!.attributes as Record<string, unknown>)['http.route'];
    return merged;
  });
}

export interface LockRequest {
  at: number;
  method: string;
  route: string;
  /**
   * Statements in order; `lock: true` needs the one row lock (UPDATE, SELECT … FOR UPDATE) and waits
   * while another request holds it; `appMsAfter` is application time before the next statement.
   */
  statements: Array<{ sql: string; ms: number; lock?: boolean; appMsAfter?: number }>;
  /** BEGIN … COMMIT around the statements: the lock is then held until COMMIT, not just the statement. */
  transaction: boolean;
  /** Record the wait as span events ("Waiting for lock …", "Acquired lock"), as some drivers do. */
  lockEvents?: boolean;
}

/**
 * A service on a database with one contended row: locking statements wait for whoever holds the row's
 * lock — the statement itself outside a transaction, the whole transaction inside one. Requests are
 * taken in arrival order; the pool is large enough that nobody waits for a connection.
 */
export function simulateRowLock(requests: readonly LockRequest[]): NormalizedSpan[][] {
  let lockFreeAt = 0;
  return [...requests]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const t = craftTrace(0);
      const calls: Array<{ sql: string; start: number; ms: number; waitFrom?: number; granted?: number }> =
        [];
      let now = r.at + 0.5;
      if (r.transaction) {
        calls.push({ sql: 'BEGIN', start: now, ms: 0.2 });
        now += 0.2;
      }
      let lockedUntilCommit = false;
      for (const s of r.statements) {
        if (s.lock && !lockedUntilCommit) {
          const granted = Math.max(now, lockFreeAt);
          calls.push({ sql: s.sql, start: now, ms: granted - now + s.ms, waitFrom: now, granted });
          now = granted + s.ms;
          if (r.transaction) lockedUntilCommit = true;
          else lockFreeAt = now;
        } else {
          calls.push({ sql: s.sql, start: now, ms: s.ms });
          now += s.ms;
        }
        now += s.appMsAfter ?? 0;
      }
      if (r.transaction) {
        calls.push({ sql: 'COMMIT', start: now, ms: 0.3 });
        now += 0.3;
        if (lockedUntilCommit) lockFreeAt = now;
      }
      const root = t.server(r.method, r.route, { at: r.at, ms: now + 0.5 - r.at });
      for (const c of calls) {
        const id = t.pg(root, c.sql, { at: c.start, ms: c.ms });
        if (r.lockEvents && c.waitFrom !== undefined && c.granted !== undefined && c.granted > c.waitFrom) {
          const span = t.spans().find((s) => s.spanId === id)!;
          span.events.push(
            { name: 'Waiting for lock behind 1 transaction', timeNs: span.startNs, attributes: {} },
            {
              name: 'Acquired lock',
              timeNs: span.startNs + Math.round((c.granted - c.waitFrom) * 1e6),
              attributes: {},
            },
          );
        }
      }
      return t.spans();
    });
}

/** A seeded uniform random number in [0, 1) (mulberry32), so simulated arrivals repeat exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson arrivals (exponential gaps) at `ratePerSecond` for `seconds`, seeded. */
export function poissonArrivals<R>(
  ratePerSecond: number,
  seconds: number,
  make: (i: number, at: number) => R,
  seed = 1,
): R[] {
  const random = seeded(seed);
  const out: R[] = [];
  let at = 0;
  for (let i = 0; ; i++) {
    at += (-Math.log(1 - random()) * 1000) / ratePerSecond;
    if (at >= seconds * 1000) return out;
    out.push(make(i, at));
  }
}

export interface SlotRequest {
  at: number;
  method: string;
  route: string;
  /** Application time before the capped call. */
  beforeMs: number;
  /** The capped call: a database query (`sql`) or an outbound HTTP call (`host`). */
  call: { sql: string; ms: number } | { host: string; ms: number };
}

/**
 * A service that runs one call behind `slots` slots of its own — a mutex (1), a worker pool or a
 * semaphore (k) — with no span for the wait: the request just sits idle until a slot frees. With
 * `slots` = Infinity the calls run whenever asked (the control).
 */
export function simulateSlots(slots: number, requests: readonly SlotRequest[]): NormalizedSpan[][] {
  const freeAt = Number.isFinite(slots) ? new Array<number>(slots).fill(0) : [];
  return [...requests]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const t = craftTrace(0);
      const ask = r.at + 0.3 + r.beforeMs;
      let start = ask;
      if (freeAt.length > 0) {
        const c = takeConnection(freeAt, ask);
        start = c.startMs;
        freeAt[c.index] = start + r.call.ms;
      }
      const end = start + r.call.ms + 0.4;
      const root = t.server(r.method, r.route, { at: r.at, ms: end - r.at });
      if ('sql' in r.call) t.pg(root, r.call.sql, { at: start, ms: r.call.ms });
      else t.http(root, 'GET', r.call.host, { at: start, ms: r.call.ms });
      return t.spans();
    });
}
