// In-process aggregation for a wrapped Node server, pushed to the wrap process once a second.
// Why in the app and not by relaying its OTLP export: the spans may go to a remote backend (or nowhere),
// and aggregating here sends a few KB per second whatever the request rate. It keeps spanmetrics-style
// histograms (span name/kind/status), query shapes and pool waits, and each request's self time by stage
// (app, db:<system>, http) from the spans of its local trace, as histograms per route and raw path. Raw
// paths are sent only to the wrap process (loopback, with a token), which templates them; they never
// become labels.
'use strict';

const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const { dbSystem, isPoolWait, querySummary, stageOfParts, stageTimes, SERVER } = require('./span-shapes.cjs');
const { postSnapshot } = require('./post-snapshot.cjs');
const { startProfiler } = require('./cpu-profiler.cjs');

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
/**
 * Ended spans a local root keeps for its stage times; a root that never ends (a span around a worker's
 * whole life) stops taking them here rather than growing without bound.
 */
const MAX_LOCAL_RECORDS = 10000;
/** Stage series (route × raw path × stage) held between pushes; times beyond are counted, not kept. */
const MAX_STAGE_SERIES = 20000;
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

function routeOf(attributes) {
  const route = attributes['http.route'];
  return typeof route === 'string' ? route : '';
}

/** The request's path without its query (old conventions put both in http.target). */
function pathOf(attributes) {
  const raw = String(attributes['url.path'] ?? attributes['http.target'] ?? '');
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

function createAppAggregator({ service, sideUrl, env }) {
  const url = new URL('/internal/app', sideUrl);
  const token = env.LOADLENS_SIDE_TOKEN ?? '';
  const spans = new Map();
  const queries = new Map();
  const pools = new Map();
  let stagesDropped = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // GC pauses, summed: one observer callback per batch of GC entries, not per allocation.
  let gcMs = 0;
  const gcObserver = new PerformanceObserver(function sumGc(list) {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const profiler = env.LOADLENS_PROFILE === 'cpu' ? startProfiler() : undefined;
  let profileWanted = false;

  // Span histograms by name, then by kind × status code: no key string is built per span.
  function spanHistogram(span) {
    let byName = spans.get(span.name);
    if (byName === undefined) {
      byName = [];
      spans.set(span.name, byName);
    }
    const slot = span.kind * STATUSES.length + span.status.code;
    let series = byName[slot];
    if (series === undefined) {
      series = {
        name: span.name,
        kind: KINDS[span.kind] ?? 'SPAN_KIND_INTERNAL',
        status: STATUSES[span.status.code] ?? 'STATUS_CODE_UNSET',
        h: newHistogram(SPAN_BOUNDS),
      };
      byName[slot] = series;
    }
    return series.h;
  }

  // Stage self times since the last push, as histograms by route, raw path and stage.
  let stageSeries = new Map();
  let stageSeriesCount = 0;
  function addStage(route, path, stage, ms) {
    let byPath = stageSeries.get(route);
    if (byPath === undefined) {
      byPath = new Map();
      stageSeries.set(route, byPath);
    }
    let byStage = byPath.get(path);
    if (byStage === undefined) {
      byStage = new Map();
      byPath.set(path, byStage);
    }
    let h = byStage.get(stage);
    if (h === undefined) {
      if (stageSeriesCount >= MAX_STAGE_SERIES) {
        stagesDropped++;
        return;
      }
      stageSeriesCount++;
      h = newHistogram(STAGE_BOUNDS);
      byStage.set(stage, h);
    }
    observe(h, ms);
  }

  function onEnd(span) {
    const attributes = span.attributes;
    const ms = span.endMs - span.startMs;
    observe(spanHistogram(span), ms);

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
      let bySummary = queries.get(db);
      if (bySummary === undefined) {
        bySummary = new Map();
        queries.set(db, bySummary);
      }
      let q = bySummary.get(summary);
      if (!q) {
        q = { db, summary, h: newHistogram(STAGE_BOUNDS) };
        bySummary.set(summary, q);
      }
      observe(q.h, ms);
    }

    // A request's spans meet on its local root (the tracer links each span to it): no map of traces to
    // search per span, and the spans of work left running after the response go with their root.
    const root = span.localRoot;
    const list = root.localRecords;
    // Children end before their parent: a local root with nothing kept is a request of one span, all of
    // whose time is its own stage's.
    if (root === span && list === undefined) {
      if (span.kind === SERVER)
        addStage(routeOf(attributes), pathOf(attributes), stageOfParts(db, span.kind, false), ms);
      return;
    }
    const record = {
      id: span.spanId,
      parent: span.parentSpanId,
      kind: span.kind,
      start: span.startMs,
      end: span.endMs,
      db,
      http: attributes['http.request.method'] !== undefined || attributes['http.method'] !== undefined,
    };
    if (root !== span) {
      if (list === undefined) root.localRecords = [record];
      else if (list.length < MAX_LOCAL_RECORDS) list.push(record);
      return;
    }
    list.push(record);
    root.localRecords = undefined;
    if (span.kind !== SERVER) return;
    const route = routeOf(attributes);
    const path = pathOf(attributes);
    for (const [stage, selfMs] of stageTimes(list)) addStage(route, path, stage, selfMs);
  }

  function stageRows() {
    const rows = [];
    for (const [route, byPath] of stageSeries)
      for (const [path, byStage] of byPath)
        for (const [stage, h] of byStage) rows.push([route, path, stage, h.counts, h.sum, h.count]);
    return rows;
  }

  function snapshot() {
    const p99 = loopDelay.percentile(99) / 1e6;
    loopDelay.reset();
    const body = {
      service,
      pid: process.pid,
      spanBounds: SPAN_BOUNDS,
      stageBounds: STAGE_BOUNDS,
      spans: [...spans.values()]
        .flatMap((byName) => byName.filter((s) => s !== undefined))
        .map((s) => [s.name, s.kind, s.status, s.h.counts, s.h.sum, s.h.count]),
      queries: [...queries.values()].flatMap((bySummary) =>
        [...bySummary.values()].map((q) => [q.db, q.summary, q.h.counts, q.h.sum, q.h.count]),
      ),
      pools: [...pools.entries()].map(([db, h]) => [db, h.counts, h.sum, h.count]),
      stages: stageRows(),
      stagesDropped,
      eventLoopDelayP99Ms: Number.isFinite(p99) ? Math.round(p99 * 1000) / 1000 : undefined,
      heapUsedBytes: process.memoryUsage().heapUsed,
      gcMsTotal: Math.round(gcMs * 1000) / 1000,
    };
    stageSeries = new Map();
    stageSeriesCount = 0;
    stagesDropped = 0;
    return body;
  }

  async function send(body) {
    const answer = await postSnapshot(url, token, body);
    profileWanted = answer?.profile === true;
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
    /** Takes each sampled span as it ends (a RecordingSpan of tracing/recording-span.cjs). */
    processor: { onEnd },
    finalPush: function finalPush() {
      clearInterval(timer);
      return push(true);
    },
  };
}

module.exports = { createAppAggregator };
