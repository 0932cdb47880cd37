// Writes the analyze benchmark's fixture: N spans (default 1,000,000) of tripstore-like traffic as OTLP/JSON
// export requests, one per line — trip lists with an N+1 on points, timeline reads, batched inserts,
// a profile route with sequential pg/redis/HTTP calls, pool checkouts growing over time, some 500s.
// Run: node bench/analyzer-analyze-fixture.ts <out.jsonl> [spans=1000000]
import { createWriteStream } from 'node:fs';

type Attr = { key: string; value: Record<string, unknown> };
const s = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });
const i = (key: string, v: number): Attr => ({ key, value: { intValue: String(v) } });

/** xorshift32: a seeded, repeatable stream, so every run of the bench reads the same file. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return function next(): number {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const hex = (rand: () => number, digits: number) => {
  let out = '';
  while (out.length < digits)
    out += Math.floor(rand() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
};

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attr[];
  status: { code: number };
}

/** One trace; returns its spans. `t0` in ms since the epoch; `load` 0..1 raises pool waits. */
function trace(rand: () => number, t0: number, load: number): Span[] {
  const traceId = hex(rand, 32);
  const spans: Span[] = [];
  const ns = (ms: number) => String(BigInt(Math.round((t0 + ms) * 1000)) * 1000n);
  const add = (
    parent: string | undefined,
    name: string,
    kind: number,
    at: number,
    ms: number,
    attributes: Attr[],
    error = false,
  ) => {
    const spanId = hex(rand, 16);
    spans.push({
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      kind,
      startTimeUnixNano: ns(at),
      endTimeUnixNano: ns(at + ms),
      attributes,
      status: { code: error ? 2 : 0 },
    });
    return spanId;
  };
  const pg = (parent: string, sql: string, at: number, ms: number) =>
    add(parent, `pg.query:${sql.slice(0, 6).trim()} tripstore`, 3, at, ms, [
      s('db.system', 'postgresql'),
      s('db.statement', sql),
      s('db.name', 'tripstore'),
    ]);
  const user = Math.floor(rand() * 5000);
  const wait = rand() * 2 + load * load * 30;
  const pick = rand();
  if (pick < 0.45) {
    // GET /timeline/getTrips/:day — a list, then one query per trip (N+1).
    const trips = 3 + Math.floor(rand() * 12);
    const each = 5 + rand() * 10;
    const dur = wait + 4 + trips * each + 3;
    const root = add(undefined, 'GET /timeline/getTrips/:day', 2, 0, dur, [
      s('http.method', 'GET'),
      s('http.route', '/timeline/getTrips/:day'),
      i('http.status_code', 200),
      s('http.target', `/timeline/getTrips/2026-01-${(user % 28) + 1}`),
    ]);
    add(root, 'pg-pool.connect', 3, 0.5, wait, [s('db.system', 'postgresql')]);
    pg(
      root,
      `SELECT id, start_ts FROM trips WHERE user_id = ${user} AND day = '2026-01-${(user % 28) + 1}' ORDER BY start_ts`,
      wait + 1,
      3,
    );
    for (let k = 0; k < trips; k++)
      pg(
        root,
        `SELECT lat, lon, ts FROM points WHERE trip_id = ${user * 100 + k} AND accuracy < ${(rand() * 50).toFixed(2)}`,
        wait + 4 + k * each,
        each,
      );
  } else if (pick < 0.75) {
    // POST /usercache/put — a multi-row insert of location points.
    const rows = 1 + Math.floor(rand() * 20);
    const values = Array.from(
      { length: rows },
      () => `(${user}, ${(52 + rand()).toFixed(6)}, ${(13 + rand()).toFixed(6)}, ${Date.now()})`,
    ).join(', ');
    const ms = 2 + rows * 0.4;
    const fail = rand() < 0.01;
    const root = add(
      undefined,
      'POST /usercache/put',
      2,
      0,
      wait + ms + 3,
      [s('http.method', 'POST'), s('http.route', '/usercache/put'), i('http.status_code', fail ? 500 : 200)],
      fail,
    );
    add(root, 'pg-pool.connect', 3, 0.5, wait, [s('db.system', 'postgresql')]);
    pg(root, `INSERT INTO usercache (user_id, lat, lon, ts) VALUES ${values}`, wait + 1, ms);
  } else if (pick < 0.92) {
    // GET /pipeline/get_complete_ts — one heavy aggregate.
    const ms = 20 + rand() * 60;
    const root = add(undefined, 'GET /pipeline/get_complete_ts', 2, 0, wait + ms + 2, [
      s('http.method', 'GET'),
      s('http.route', '/pipeline/get_complete_ts'),
      i('http.status_code', 200),
    ]);
    add(root, 'pg-pool.connect', 3, 0.5, wait, [s('db.system', 'postgresql')]);
    pg(
      root,
      `SELECT max(ts) FROM pipeline_state WHERE user_id = ${user} AND stage IN (1, 2, ${Math.floor(rand() * 9)})`,
      wait + 1,
      ms,
    );
  } else {
    // GET /profile — pg, redis and an outbound call one after another.
    const root = add(undefined, 'GET /profile', 2, 0, 260, [
      s('http.method', 'GET'),
      s('http.route', '/profile'),
      i('http.status_code', 200),
    ]);
    pg(root, `SELECT * FROM users WHERE token = 'tok_${hex(rand, 12)}'`, 1, 60);
    add(root, 'get', 3, 62, 40, [s('db.system', 'redis'), s('db.statement', `get session:${hex(rand, 8)}`)]);
    add(root, 'GET', 3, 104, 150, [
      s('http.method', 'GET'),
      s('net.peer.name', 'geo.internal'),
      s('http.url', 'http://geo.internal/v1/zone'),
    ]);
  }
  return spans;
}

/**
 * Writes ~`total` spans and resolves with the exact count.
 * @example await writeAnalyzeFixture('/tmp/spans.jsonl', 1_000_000)
 */
export async function writeAnalyzeFixture(file: string, total: number): Promise<number> {
  const rand = prng(20260101);
  const out = createWriteStream(file);
  const start = Date.parse('2026-01-01T00:00:00Z');
  // Traces spread over 10 minutes at a rate that rises linearly (start time ∝ √n); pool waiting rises with it.
  const estimatedTraces = total / 8;
  let written = 0;
  let n = 0;
  while (written < total) {
    const batch: Span[] = [];
    // One export request holds ~512 spans, as an OTel batch span processor sends them.
    while (batch.length < 512 && written + batch.length < total) {
      const t0 = start + Math.sqrt(Math.min(1, n / estimatedTraces)) * 600_000;
      for (const span of trace(rand, t0, Math.min(1, n / estimatedTraces))) batch.push(span);
      n++;
    }
    written += batch.length;
    const line = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [s('service.name', 'tripstore')] },
          scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-pg' }, spans: batch }],
        },
      ],
    });
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/analyzer-analyze-fixture.ts <out.jsonl> [spans]');
  const count = await writeAnalyzeFixture(file, Number(process.argv[3] ?? 1_000_000));
  console.log(`${file}: ${count} spans`);
}
