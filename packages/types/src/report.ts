// The report: findings ranked by impact, per-route stage breakdown, query digest and capacity.
import { z } from 'zod';
import { capacitySchema } from './capacity.ts';
import { findingSchema } from './finding.ts';

export const REPORT_SCHEMA = 'loadlens.report/v1';

/** Where time goes inside a route: application code, a database system, outbound HTTP, the proxy/queue. */
export const stageShareSchema = z.strictObject({
  stage: z.string(),
  /** Mean self time per request of the route in this stage, ms. */
  meanMs: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  /** Share of the route's total time (0..1). */
  share: z.number().min(0).max(1),
  /** Share of the route's time on the critical path, aggregated over its traces (0..1). */
  criticalShare: z.number().min(0).max(1).optional(),
});

export const routeSummarySchema = z.strictObject({
  route: z.string(),
  service: z.string().optional(),
  count: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  meanMs: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  stages: z.array(stageShareSchema),
  /** Base64 HDR histogram of the route's duration in microseconds, for comparisons. */
  histogram: z.string().optional(),
});

export const queryRouteShareSchema = z.strictObject({
  route: z.string(),
  count: z.number().int().nonnegative(),
  /** Share of that route's time spent in this shape (0..1). */
  share: z.number().min(0).max(1),
});

export const queryShapeSchema = z.strictObject({
  /** Short stable id of the fingerprint (hash), for links and comparisons. */
  id: z.string(),
  /** The shape with every literal replaced by "?". Never carries a literal. */
  fingerprint: z.string(),
  system: z.string(),
  operation: z.string().optional(),
  collection: z.string().optional(),
  count: z.number().int().nonnegative(),
  totalMs: z.number().nonnegative(),
  meanMs: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  routes: z.array(queryRouteShareSchema),
  /** One sample statement with every literal scrubbed. */
  sample: z.string(),
  sampleTraceIds: z.array(z.string()).default([]),
  histogram: z.string().optional(),
});

export const reportSchema = z.strictObject({
  schema: z.literal(REPORT_SCHEMA),
  generatedAt: z.iso.datetime(),
  source: z.strictObject({
    kind: z.enum(['store', 'otlp-file', 'jaeger-file', 'jaeger-api', 'run']),
    location: z.string(),
  }),
  run: z
    .strictObject({
      id: z.string(),
      workload: z.string(),
      target: z.string(),
      startedAt: z.string(),
      partial: z.boolean(),
      /** The run's labels (e.g. the stored data volume), so reports of several runs can be ordered. */
      labels: z.record(z.string(), z.string()).optional(),
      /** The run's length, so request rates can be compared across reports. */
      durationMs: z.number().nonnegative().optional(),
    })
    .optional(),
  spanCount: z.number().int().nonnegative(),
  traceCount: z.number().int().nonnegative(),
  findings: z.array(findingSchema),
  routes: z.array(routeSummarySchema),
  queries: z.array(queryShapeSchema),
  capacity: capacitySchema.optional(),
  /** Template for links to a trace viewer, "{traceId}" replaced; e.g. Jaeger's "http://127.0.0.1:16686/trace/{traceId}". */
  traceUrlTemplate: z.string().optional(),
});

export type StageShare = z.output<typeof stageShareSchema>;
export type RouteSummary = z.output<typeof routeSummarySchema>;
export type QueryRouteShare = z.output<typeof queryRouteShareSchema>;
export type QueryShape = z.output<typeof queryShapeSchema>;
export type Report = z.output<typeof reportSchema>;
