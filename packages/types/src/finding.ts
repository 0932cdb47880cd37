// A finding: one thing the analyzer says is wrong, with the evidence and what fixing it would save.
import { z } from 'zod';

export const FINDING_KINDS = [
  'slow-query',
  'n-plus-one',
  'sequential-calls',
  'contention',
  'cpu-bound',
  'saturation',
  'data-growth',
  'errors',
  'outside-server',
] as const;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export const evidenceItemSchema = z.strictObject({
  label: z.string(),
  value: z.union([z.string(), z.number()]),
  unit: z.string().optional(),
});

export const impactSchema = z.strictObject({
  /** Time a fix would save per request of the route, in milliseconds. */
  msPerRequest: z.number().nonnegative(),
  /** That saving as a share of the route's time (0..1). */
  share: z.number().min(0).max(1),
  /** Time a fix would have saved over the whole run, in milliseconds. */
  totalMs: z.number().nonnegative().optional(),
});

export const findingSchema = z.strictObject({
  /** Stable across runs for the same problem (kind + route + shape), so comparisons can match findings. */
  id: z.string(),
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  route: z.string().nullable(),
  /** The query shape this finding is about, when it is about one (a fingerprint: literals removed). */
  fingerprint: z.string().optional(),
  evidence: z.array(evidenceItemSchema),
  impact: impactSchema,
  suggestion: z.string(),
  sampleTraceIds: z.array(z.string()),
});

export type FindingKind = (typeof FINDING_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type EvidenceItem = z.output<typeof evidenceItemSchema>;
export type Impact = z.output<typeof impactSchema>;
export type Finding = z.output<typeof findingSchema>;
