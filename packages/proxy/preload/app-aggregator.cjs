// In-process aggregation for a wrapped Node server, pushed to the wrap process once a second.
// Why in the app and not by relaying its OTLP export: the spans may go to a remote backend (or nowhere),
// and aggregating here sends a few KB per second whatever the request rate. It keeps spanmetrics-style
// histograms (span name/kind/status), query shapes and pool waits, and computes each request's self time
// by stage (app, db:<system>, http) from the spans of its local trace. Raw paths are sent only to the
// wrap process (loopback, with a token), which templates them; they never become labels.
'use strict';

const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const PUSH_HEADER = 'x-loadlens-token';
/** Same bounds as SPANMETRICS_BUCKETS_MS and STAGE_BUCKETS_MS in src/histogram.ts (the wrap process checks). */
const SPAN_BOUNDS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000];
const STAGE_BOUNDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const KINDS = [
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUSES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
const SERVER = 1;
const CLIENT = 2;
/** Traces waiting for their local root span; beyond this the oldest is dropped (fire-and-forget work). */
const MAX_PENDING_TRACES = 10000;
/** Stage rows held between pushes (a second at 5k req/s × 4 stages); excess is counted, not kept. */
const MAX_STAGE_ROWS = 20000;
const PUSH_INTERVAL_MS = 1000;

function newHistogram(bounds) {
  return { bounds, counts: new Array(bounds.length + 1).fill(0), sum: 0, count: 0 };
}
function observe(h, value) {
  let i = 0;
  while (i < h.bounds.length && value > h.bounds[i]) i++;
  h.counts[i]++;
  h.sum += value;
  h.count++;
}
function millis(hr) {
  return hr[0] * 1e3 + hr[1] / 1e6;
}

const OPERATION = /^[A-Za-z]+$/;
const IDENTIFIER = /^"?[A-Za-z_][\w$]*"?(\."?[A-Za-z_][\w$]*"?)?$/;
const SQL_TABLE = /\b(?:FROM|INTO|UPDATE|JOIN)\s+("?[A-Za-z_][\w$]*"?(?:\."?[A-Za-z_][\w$]*"?)?)/i;

/** "SELECT trips", "find timeseries": operation + collection, never a literal (both must be identifiers). */
function querySummary(attributes) {
  const given = attributes['db.query.summary'];
  if (typeof given === 'string' && given.length <= 200) return given;
  let op = attributes['db.operation.name'] ?? attributes['db.operation'];
  let collection =
    attributes['db.collection.name'] ?? attributes['db.mongodb.collection'] ?? attributes['db.sql.table'];
  const text = attributes['db.query.text'] ?? attributes['db.statement'];
  if (typeof text === 'string') {
    if (typeof op !== 'string') op = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase();
    if (typeof collection !== 'string') collection = SQL_TABLE.exec(text)?.[1];
  }
  const parts = [];
  if (typeof op === 'string' && OPERATION.test(op)) parts.push(op);
  if (typeof collection === 'string' && IDENTIFIER.test(collection)) parts.push(collection.replace(/"/g, ''));
  return parts.length > 0 ? parts.join(' ') : 'unknown';
}

function dbSystem(attributes) {
  const system = attributes['db.system.name'] ?? attributes['db.system'];
  return typeof system === 'string' ? system : undefined;
}

function isPoolWait(name) {
  return name.endsWith('pool.connect');
}

function stageOf(record) {
  if (record.db) return `db:${record.db}`;
  if (record.kind === CLIENT && record.http) return 'http';
  return 'app';
}

/** Self time of each span (its duration minus the union of its children's), summed by stage. */
function stageTimes(records) {
  const children = new Map();
  for (const r of records) {
    const list = children.get(r.parent);
    if (list) list.push(r);
    else children.set(r.parent, [r]);
  }
  const byStage = new Map();
  for (const r of records) {
    const kids = (children.get(r.id) ?? []).slice().sort((a, b) => a.start - b.start);
    let covered = 0;
    let cursor = r.start;
    for (const k of kids) {
      const from = Math.max(cursor, k.start);
      const to = Math.min(r.end, k.end);
      if (to > from) {
        covered += to - from;
        cursor = to;
      }
    }
    const stage = stageOf(r);
    byStage.set(stage, (byStage.get(stage) ?? 0) + Math.max(0, r.end - r.start - covered));
  }
  return byStage;
}

function createAppAggregator({ service, sideUrl, env }) {
  const url = new URL('/internal/app', sideUrl);
  const token = env.LOADLENS_SIDE_TOKEN ?? '';
  const spans = new Map();
  const queries = new Map();
  const pools = new Map();
  const pending = new Map();
  let stageRows = [];
  let stagesDropped = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const profiler = env.LOADLENS_PROFILE === 'cpu' ? startProfiler() : undefined;
  let profileWanted = false;

  function onEnd(span) {
    const attributes = span.attributes;
    const ms = millis(span.duration);
    const kind = KINDS[span.kind] ?? 'SPAN_KIND_INTERNAL';
    const status = STATUSES[span.status.code] ?? 'STATUS_CODE_UNSET';
    const spanKey = `${span.name}\u0000${kind}\u0000${status}`;
    let s = spans.get(spanKey);
    if (!s) {
      s = { name: span.name, kind, status, h: newHistogram(SPAN_BOUNDS) };
      spans.set(spanKey, s);
    }
    observe(s.h, ms);

    const poolWait = isPoolWait(span.name);
    // pg-pool's connect span may lack db.system; the span name says which driver it is.
    const db =
      dbSystem(attributes) ?? (poolWait && span.name.startsWith('pg-pool') ? 'postgresql' : undefined);
    if (db && poolWait) {
      let p = pools.get(db);
      if (!p) {
        p = newHistogram(STAGE_BOUNDS);
        pools.set(db, p);
      }
      observe(p, ms);
    } else if (db) {
      const summary = querySummary(attributes);
      const key = `${db}\u0000${summary}`;
      let q = queries.get(key);
      if (!q) {
        q = { db, summary, h: newHistogram(STAGE_BOUNDS) };
        queries.set(key, q);
      }
      observe(q.h, ms);
    }

    const context = span.spanContext();
    const parent = span.parentSpanContext;
    const record = {
      id: context.spanId,
      parent: parent ? parent.spanId : undefined,
      kind: span.kind,
      start: millis(span.startTime),
      end: millis(span.endTime),
      db,
      http: attributes['http.request.method'] !== undefined || attributes['http.method'] !== undefined,
    };
    let list = pending.get(context.traceId);
    if (!list) {
      if (pending.size >= MAX_PENDING_TRACES) pending.delete(pending.keys().next().value);
      list = [];
      pending.set(context.traceId, list);
    }
    list.push(record);
    const isLocalRoot = !parent || parent.isRemote;
    if (!isLocalRoot) return;
    pending.delete(context.traceId);
    if (span.kind !== SERVER) return;
    const route = typeof attributes['http.route'] === 'string' ? attributes['http.route'] : '';
    const rawPath = attributes['url.path'] ?? attributes['http.target'] ?? '';
    const path = String(rawPath).split('?')[0];
    for (const [stage, selfMs] of stageTimes(list)) {
      if (stageRows.length >= MAX_STAGE_ROWS) stagesDropped++;
      else stageRows.push([route, path, stage, Math.round(selfMs * 1000) / 1000]);
    }
  }

  function snapshot() {
    const p99 = loopDelay.percentile(99) / 1e6;
    loopDelay.reset();
    const body = {
      service,
      pid: process.pid,
      spanBounds: SPAN_BOUNDS,
      stageBounds: STAGE_BOUNDS,
      spans: [...spans.values()].map((s) => [s.name, s.kind, s.status, s.h.counts, s.h.sum, s.h.count]),
      queries: [...queries.values()].map((q) => [q.db, q.summary, q.h.counts, q.h.sum, q.h.count]),
      pools: [...pools.entries()].map(([db, h]) => [db, h.counts, h.sum, h.count]),
      stages: stageRows,
      stagesDropped,
      eventLoopDelayP99Ms: Number.isFinite(p99) ? Math.round(p99 * 1000) / 1000 : undefined,
    };
    stageRows = [];
    stagesDropped = 0;
    return body;
  }

  function send(body) {
    return new Promise((resolve) => {
      const payload = JSON.stringify(body);
      const request = http.request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PUSH_HEADER]: token },
          timeout: 2000,
        },
        function onPushResponse(response) {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () => {
            try {
              profileWanted = JSON.parse(text).profile === true;
            } catch {
              profileWanted = false;
            }
            resolve();
          });
        },
      );
      request.on('error', () => resolve());
      request.on('timeout', () => request.destroy());
      request.end(payload);
    });
  }

  let pushing = false;
  async function push(final) {
    if (pushing && !final) return;
    pushing = true;
    try {
      const body = snapshot();
      if (profiler && (profileWanted || final)) body.profile = await profiler.take(!final);
      await send(body);
      // The wrap process asked for the profile: answer at once rather than a second later.
      if (profileWanted && profiler && !final) {
        const again = snapshot();
        again.profile = await profiler.take(true);
        await send(again);
      }
    } finally {
      pushing = false;
    }
  }

  const timer = setInterval(() => push(false), PUSH_INTERVAL_MS);
  timer.unref();

  return {
    processor: {
      onStart() {},
      onEnd,
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    },
    finalPush: function finalPush() {
      clearInterval(timer);
      return push(true);
    },
  };
}

/** V8's sampling profiler through the inspector; take() returns the profile so far and restarts. */
function startProfiler() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  // 1 ms sampling: V8's default interval, fine-grained enough for self-time shares at a few % overhead.
  const started = post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
    .then(() => post('Profiler.start'));
  return {
    async take(restart) {
      await started;
      const { profile } = await post('Profiler.stop');
      if (restart) await post('Profiler.start');
      return profile;
    },
  };
}

module.exports = { createAppAggregator, querySummary, stageTimes, PUSH_HEADER };
