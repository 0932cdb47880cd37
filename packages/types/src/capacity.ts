// Capacity: the rate where latency breaks the SLO, what ended it, and the users and cost it stands for.
import { z } from 'zod';

export const FAILURE_MODES = ['latency', 'errors', 'refused', 'dropped', 'none'] as const;

export const capacityPointSchema = z.strictObject({
  offeredRate: z.number().nonnegative(),
  achievedRate: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative().optional(),
  p99Ms: z.number().nonnegative(),
  errorRate: z.number().min(0).max(1),
  droppedRate: z.number().min(0).max(1).default(0),
  passed: z.boolean().optional(),
});

/** The SLO the capacity points were checked against: the workload's `slo`, resolved (as `ResolvedSlo`). */
export const capacitySloSchema = z.strictObject({
  latencyMs: z.strictObject({
    p50: z.number().nonnegative().optional(),
    p90: z.number().nonnegative().optional(),
    p95: z.number().nonnegative().optional(),
    p99: z.number().nonnegative().optional(),
    p999: z.number().nonnegative().optional(),
  }),
  errorRate: z.number().min(0).max(1).optional(),
  droppedRate: z.number().min(0).max(1).optional(),
});

export const capacitySchema = z.strictObject({
  /** Highest offered rate that met the SLO, requests per second. */
  sustainableRate: z.number().nonnegative().optional(),
  /** Rate where latency starts rising steeply (the knee of the latency-vs-load curve). */
  kneeRate: z.number().nonnegative().optional(),
  failureMode: z.enum(FAILURE_MODES).optional(),
  failureDetail: z.string().optional(),
  /** Users the sustainable rate carries under the workload's user model. */
  usersSupported: z.number().nonnegative().optional(),
  instance: z.strictObject({ name: z.string(), monthlyUsd: z.number().nonnegative() }).optional(),
  costPerUserMonthlyUsd: z.number().nonnegative().optional(),
  costPerMillionRequestsUsd: z.number().nonnegative().optional(),
  points: z.array(capacityPointSchema),
  /** The SLO behind `sustainableRate` and each point's `passed`, so a report can draw its line. */
  slo: capacitySloSchema.optional(),
});

export type FailureMode = (typeof FAILURE_MODES)[number];
export type CapacityPoint = z.output<typeof capacityPointSchema>;
export type CapacitySlo = z.output<typeof capacitySloSchema>;
export type Capacity = z.output<typeof capacitySchema>;
