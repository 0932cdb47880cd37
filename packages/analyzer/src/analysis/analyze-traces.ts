// The analysis as one streaming pass: each trace is folded into per-route, per-shape and per-pattern
// accumulators (histograms, counters, a few sample ids) and dropped, so memory does not grow with spans.

import { kneeRate, phasePoints } from '@loadlens/run-stats';
import type { NormalizedSpan, Report, RouteSummary } from '@loadlens/types';
import { capacitySloSchema, REPORT_SCHEMA } from '@loadlens/types';
import { createQueryShaper } from '../fingerprint/span-query.ts';
import type { AnalyzeOptions } from './analyze-options.ts';
import { cpuFindings } from './cpu-findings.ts';
import { dataGrowthFindings } from './data-growth.ts';
import { outsideServerFindings } from './outside-server.ts';
import { type DraftFinding, patternFindings, slowQueryFindings } from './pattern-findings.ts';
import { errorFindings, errorOccurrence } from './patterns/errors.ts';
import { findNPlusOne } from './patterns/n-plus-one.ts';
import { createPatternTotals } from './patterns/occurrence.ts';
import { findSequentialCalls } from './patterns/sequential-calls.ts';
import { DEFAULT_THRESHOLDS } from './patterns/thresholds.ts';
import {
  addQuerySpan,
  createShapeAccumulator,
  type ShapeAccumulator,
  summarizeShape,
} from './query-digest.ts';
import { rankFindings } from './rank-findings.ts';
import { requestsOf } from './request-facts.ts';
import { attributeWaiting } from './resources/attribute-waiting.ts';
import { applyCaps } from './resources/cap-findings.ts';
import { chargeWaits } from './resources/charge-waits.ts';
import { applyLockWaits } from './resources/lock-findings.ts';
import { createCapRecorder } from './resources/record-caps.ts';
import { createLockRecorder } from './resources/record-locks.ts';
import { createResourceRecorder } from './resources/record-resources.ts';
import { addRequest, createRouteAccumulator, type RouteAccumulator, summarizeRoute } from './route-stats.ts';
import { resourceEvidence, runOfReport } from './run-evidence.ts';
import { createSaturationTotals } from './saturation.ts';
import { buildTraceTree } from './trace-tree.ts';

/**
 * Bounds on distinct routes and query shapes, so memory stays flat whatever the input (a histogram each).
 * Real services have tens of routes and hundreds of shapes; beyond these, routing or fingerprinting has
 * failed (raw paths as span names, statements that do not normalize) and the rest is folded into one row.
 */
const MAX_ROUTES = 2_000;
const MAX_SHAPES = 10_000;
const OTHER_ROUTES = '(other routes)';
const OTHER_SHAPES = {
  id: 'other-shapes',
  system: 'various',
  fingerprint: '(other shapes)',
  sample: '(other shapes)',
  operation: undefined,
  collection: undefined,
};

export interface TraceAnalysis {
  /** Folds one trace (all of its spans) into the totals. */
  addTrace(spans: readonly NormalizedSpan[]): void;
  /** The report of everything added so far. */
  finish(): Report;
}

/** Slack around the run's start and end: clocks of the load generator and the server differ a little. */
const RUN_WINDOW_SLACK_NS = 1e9;

function runWindowNs(run: NonNullable<AnalyzeOptions['run']>): { fromNs: number; toNs: number } {
  return {
    fromNs: Date.parse(run.startedAt) * 1e6 - RUN_WINDOW_SLACK_NS,
    toNs: Date.parse(run.endedAt) * 1e6 + RUN_WINDOW_SLACK_NS,
  };
}

/**
 * @example const a = createTraceAnalysis({ source }); for await (const t of src.traces()) a.addTrace(t); a.finish()
 */
export function createTraceAnalysis(options: AnalyzeOptions): TraceAnalysis {
  const t = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const queryOf = createQueryShaper();
  const routes = new Map<string, RouteAccumulator>();
  const shapes = new Map<string, ShapeAccumulator>();
  const patterns = createPatternTotals();
  const errors = createPatternTotals();
  const resources = createResourceRecorder();
  const locks = createLockRecorder();
  const caps = createCapRecorder();
  const saturation = options.run ? createSaturationTotals(options.run) : undefined;
  let spanCount = 0;
  let traceCount = 0;
  // With a run result, only work that started while the load ran belongs to it: a server's start-up
  // (migrations, index builds) and shutdown would otherwise show up as findings of the run.
  const window = options.run ? runWindowNs(options.run) : undefined;

  return {
    addTrace: function addTrace(spans) {
      if (spans.length === 0) return;
      spanCount += spans.length;
      traceCount++;
      const tree = buildTraceTree(spans);
      for (const request of requestsOf(tree, queryOf)) {
        if (window && (request.startNs < window.fromNs || request.startNs > window.toNs)) continue;
        let route = routes.get(request.route);
        if (route === undefined && routes.size >= MAX_ROUTES) {
          request.route = OTHER_ROUTES;
          route = routes.get(OTHER_ROUTES);
        }
        if (route === undefined) {
          route = createRouteAccumulator(request.route, request.service);
          routes.set(request.route, route);
        }
        addRequest(route, request);
        for (const i of request.members) {
          const q = request.queries[i];
          if (q === undefined) continue;
          let shape =
            shapes.get(q.id) ?? (shapes.size >= MAX_SHAPES ? shapes.get(OTHER_SHAPES.id) : undefined);
          if (shape === undefined) {
            const folded = shapes.size >= MAX_SHAPES ? { ...OTHER_SHAPES, system: q.system } : q;
            shape = createShapeAccumulator(folded);
            shapes.set(folded.id, shape);
          }
          const span = spans[i] as NormalizedSpan;
          addQuerySpan(shape, request.route, span.durationNs, span.traceId);
        }
        for (const o of findNPlusOne(tree, request, t)) patterns.add(o);
        for (const o of findSequentialCalls(tree, request, t)) patterns.add(o);
        const failed = errorOccurrence(request);
        if (failed) errors.add(failed);
        saturation?.add(request);
        resources.add(tree, request);
        locks.add(tree, request);
        caps.add(tree, request);
      }
    },
    finish: function finishAnalysis() {
      const routeRows = [...routes.values()]
        .map(summarizeRoute)
        .sort((a, b) => b.count * b.meanMs - a.count * a.meanMs);
      const byRoute = new Map<string, RouteSummary>(routeRows.map((r) => [r.route, r]));
      const queries = [...shapes.values()]
        .map((s) => summarizeShape(s, (route) => routes.get(route)?.totalNs ?? 0))
        .sort((a, b) => b.totalMs - a.totalMs || a.id.localeCompare(b.id));
      const drafts: Array<{ draft: DraftFinding; key: string }> = [];
      const totals = patterns.all();
      for (const [i, draft] of patternFindings(totals, byRoute).entries())
        drafts.push({ draft, key: totals[i]!.key });
      // A shape that dominates a route because it repeats is the N+1 finding already; only a shape that
      // is slow in itself stays a slow-query finding next to it.
      const repeated = new Set(
        totals.filter((p) => p.kind === 'n-plus-one').map((p) => `${p.route}\u0000${p.fingerprint}`),
      );
      const isRepeated = (route: string, fingerprint: string) => repeated.has(`${route}\u0000${fingerprint}`);
      for (const draft of slowQueryFindings(queries, byRoute, t, isRepeated)) drafts.push({ draft, key: '' });
      const errorTotals = errors.all();
      for (const [i, draft] of errorFindings(errorTotals, byRoute).entries())
        drafts.push({ draft, key: errorTotals[i]!.key });
      for (const draft of cpuFindings(routeRows, t, resourceEvidence(options.run, t)))
        drafts.push({ draft, key: '' });
      // Causes, not symptoms: waiting for a pool, the event loop or a lock is charged to whoever held it.
      const withLocks = applyLockWaits(drafts, locks.finish(), queries, byRoute, t);
      const withCaps = applyCaps(withLocks, caps.finish(t.contentionMinWaitMs), queries, byRoute);
      const attributed = attributeWaiting(withCaps, {
        waits: [...chargeWaits(resources.log, resources.activity).values()],
        resources: resources.resources,
        labels: resources.labels,
        routes: resources.routes,
        queries,
        routeRows: byRoute,
        t,
      });
      drafts.length = 0;
      drafts.push(...attributed.drafts);
      let capacity: Report['capacity'];
      if (options.run) {
        const points = phasePoints(options.run);
        const knee = kneeRate(points);
        const slo = capacitySloSchema.safeParse(options.run.workload.spec.slo);
        capacity = {
          ...(knee !== undefined ? { kneeRate: knee } : {}),
          points,
          // The workload's SLO, so the latency-vs-load chart can draw its line.
          ...(slo.success ? { slo: slo.data } : {}),
        };
        const draft = saturation?.finding(points, knee, attributed.absorbed);
        if (draft) drafts.push({ draft, key: '' });
        for (const d of outsideServerFindings(routeRows, options.run, t)) drafts.push({ draft: d, key: '' });
      }
      const report: Report = {
        schema: REPORT_SCHEMA,
        generatedAt: (options.now?.() ?? new Date()).toISOString(),
        source: options.source,
        ...(options.run ? { run: runOfReport(options.run) } : {}),
        spanCount,
        traceCount,
        findings: [],
        routes: routeRows,
        queries,
        ...(capacity ? { capacity } : {}),
        ...(options.traceUrlTemplate ? { traceUrlTemplate: options.traceUrlTemplate } : {}),
      };
      if (options.otherReports && options.otherReports.length > 0)
        for (const draft of dataGrowthFindings([report, ...options.otherReports]))
          drafts.push({ draft, key: '' });
      report.findings = rankFindings(drafts);
      return report;
    },
  };
}
