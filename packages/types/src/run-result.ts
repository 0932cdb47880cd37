// The run result: one JSON file per load run (run.json), written by the workload engine and read by the
// analyzer and `compare`. Latency comes as encoded HDR histograms so percentiles can be recomputed and merged.
import { z } from 'zod';

export const RUN_RESULT_SCHEMA = 'loadlens.run/v1';

/** Percentiles in milliseconds, read from an HDR histogram (never from an array of samples). */
export const latencySummarySchema = z.strictObject({
  count: z.number().int().nonnegative(),
  mean: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  p999: z.number().nonnegative(),
  max: z.number().nonnegative(),
});

export const errorCountsSchema = z.strictObject({
  timeout: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  reset: z.number().int().nonnegative(),
  http4xx: z.number().int().nonnegative(),
  http5xx: z.number().int().nonnegative(),
  other: z.number().int().nonnegative(),
});

export const operationResultSchema = z.strictObject({
  name: z.string(),
  method: z.string(),
  /** The operation's path template, e.g. "/timeline/getTrips/{day}". */
  route: z.string(),
  /** Requests per second the schedule asked for, averaged over the window. */
  targetRate: z.number().nonnegative(),
  /** Completed requests per second over the window. */
  achievedRate: z.number().nonnegative(),
  /** Requests the schedule called for (sent + dropped). */
  scheduled: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  /** Requests never sent because the client-side queue was full: counted, never silently skipped. */
  dropped: z.number().int().nonnegative(),
  errors: errorCountsSchema,
  latencyMs: z.strictObject({
    /** From the intended send time: corrected for coordinated omission. */
    corrected: latencySummarySchema,
    /** From the actual send time, as most load tools report. */
    uncorrected: latencySummarySchema,
  }),
  /** Base64 HDR histograms (hdr-histogram-js encoding), values in microseconds. */
  histograms: z.strictObject({ corrected: z.string(), uncorrected: z.string() }),
});

export const phaseResultSchema = z.strictObject({
  name: z.string(),
  /** Offsets from the run start, in milliseconds. */
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  /** Total offered rate of the phase (requests per second asked for). */
  targetRate: z.number().nonnegative(),
  operations: z.array(operationResultSchema),
});

export const resourceSampleSchema = z.strictObject({
  /** Milliseconds since the Unix epoch. */
  timeMs: z.number(),
  /** "target" (the process tree under test), "machine", or "watch:<name>" for a watched process. */
  source: z.string(),
  cpuPercent: z.number().nonnegative().optional(),
  rssBytes: z.number().nonnegative().optional(),
  threads: z.number().int().nonnegative().optional(),
  openFds: z.number().int().nonnegative().optional(),
  openSockets: z.number().int().nonnegative().optional(),
  eventLoopDelayP99Ms: z.number().nonnegative().optional(),
  diskReadBytesPerSec: z.number().nonnegative().optional(),
  diskWriteBytesPerSec: z.number().nonnegative().optional(),
  netRxBytesPerSec: z.number().nonnegative().optional(),
  netTxBytesPerSec: z.number().nonnegative().optional(),
});

export const sloCheckSchema = z.strictObject({
  operation: z.string(),
  metric: z.string(),
  threshold: z.number(),
  actual: z.number(),
  passed: z.boolean(),
});

export const profileFrameSchema = z.strictObject({
  functionName: z.string(),
  url: z.string(),
  line: z.number().int(),
  selfMs: z.number().nonnegative(),
  share: z.number().min(0).max(1),
});

export const runResultSchema = z.strictObject({
  schema: z.literal(RUN_RESULT_SCHEMA),
  id: z.string(),
  workload: z.strictObject({
    name: z.string(),
    file: z.string().optional(),
    seed: z.number().int(),
    /** The resolved workload the run followed. */
    spec: z.record(z.string(), z.unknown()),
  }),
  target: z.string(),
  versions: z.record(z.string(), z.string()),
  machine: z.strictObject({
    hostname: z.string().optional(),
    platform: z.string(),
    cpus: z.number().int().positive(),
    cpuModel: z.string().optional(),
    memoryBytes: z.number().nonnegative(),
  }),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  /** True when the run stopped early (interrupt, target died); what it had is still here. */
  partial: z.boolean(),
  stopReason: z.enum(['completed', 'interrupted', 'target-died', 'error']),
  stopDetail: z.string().optional(),
  phases: z.array(phaseResultSchema),
  /** Whole-run totals per operation. */
  operations: z.array(operationResultSchema),
  resources: z.array(resourceSampleSchema).default([]),
  slo: z.strictObject({ passed: z.boolean(), checks: z.array(sloCheckSchema) }).optional(),
  profile: z.strictObject({ kind: z.literal('cpu'), topFrames: z.array(profileFrameSchema) }).optional(),
  /** Free-form labels, e.g. the deployment configuration or the stored data volume. */
  labels: z.record(z.string(), z.string()).default({}),
});

export type LatencySummary = z.output<typeof latencySummarySchema>;
export type ErrorCounts = z.output<typeof errorCountsSchema>;
export type OperationResult = z.output<typeof operationResultSchema>;
export type PhaseResult = z.output<typeof phaseResultSchema>;
export type ResourceSample = z.output<typeof resourceSampleSchema>;
export type SloCheck = z.output<typeof sloCheckSchema>;
export type ProfileFrame = z.output<typeof profileFrameSchema>;
export type RunResult = z.output<typeof runResultSchema>;
