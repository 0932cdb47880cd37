// The comparison of two runs or reports (base vs head), as `loadlens compare` produces it for a pull request.
import { z } from 'zod';
import { findingSchema } from './finding.ts';

export const COMPARISON_SCHEMA = 'loadlens.comparison/v1';

export const VERDICTS = ['regression', 'improvement', 'unchanged', 'new', 'removed'] as const;

export const metricDeltaSchema = z.strictObject({
  metric: z.string(),
  base: z.number().nullable(),
  head: z.number().nullable(),
  /** (head - base) / base; null when either side is missing or base is 0. */
  change: z.number().nullable(),
});

export const deltaSchema = z.strictObject({
  /** A route, or a query fingerprint. */
  key: z.string(),
  kind: z.enum(['route', 'query', 'operation']),
  verdict: z.enum(VERDICTS),
  metrics: z.array(metricDeltaSchema),
  /**
   * True for a query shape (or the pseudo-route of a trace without a request) that ran only outside any
   * request: start-up schema statements, maintenance, background jobs. Not request latency, so no rule
   * trips on it and renderers list it apart.
   */
  background: z.boolean().optional(),
  /**
   * For a new query shape: the removed shape it most likely replaces (the removed one that ran under the
   * most of the same routes) — a fix that batches a per-item query shows as one shape gone, one new.
   */
  replaces: z.string().optional(),
  /** p-value of the test that the two latency distributions differ; absent when it could not be run. */
  pValue: z.number().min(0).max(1).optional(),
  test: z.string().optional(),
});

export const ruleResultSchema = z.strictObject({
  rule: z.string(),
  tripped: z.boolean(),
  detail: z.string(),
});

export const comparisonSchema = z.strictObject({
  schema: z.literal(COMPARISON_SCHEMA),
  generatedAt: z.iso.datetime(),
  base: z.strictObject({ label: z.string(), location: z.string() }),
  head: z.strictObject({ label: z.string(), location: z.string() }),
  deltas: z.array(deltaSchema),
  newFindings: z.array(findingSchema),
  resolvedFindings: z.array(findingSchema),
  rules: z.array(ruleResultSchema),
  /** True when any rule tripped: `compare` then exits 1. */
  failed: z.boolean(),
});

export type Verdict = (typeof VERDICTS)[number];
export type MetricDelta = z.output<typeof metricDeltaSchema>;
export type Delta = z.output<typeof deltaSchema>;
export type RuleResult = z.output<typeof ruleResultSchema>;
export type Comparison = z.output<typeof comparisonSchema>;
