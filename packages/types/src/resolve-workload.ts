// Turns a validated workload into numbers the engine, the k6 exporter and `validate` share:
// per-operation base rates, stages as scale ramps, SLO thresholds in ms and fractions.
import { parseDurationMs, parseFraction, parseRatePerSecond } from './units.ts';
import type { Operation, Workload } from './workload.ts';

export type RateSource = 'rate' | 'users' | 'weight';

export interface ResolvedOperation extends Operation {
  /** Requests per second at scale 1. */
  ratePerSecond: number;
  rateSource: RateSource;
  timeoutMs: number;
}

export interface ResolvedStage {
  name?: string;
  startMs: number;
  durationMs: number;
  /** Scale at the start and end of the stage; the rate ramps linearly between them. */
  fromScale: number;
  toScale: number;
  /** `users` stages scale only operations whose rate comes from the user model. */
  appliesTo: 'all' | 'users';
}

export interface ResolvedSlo {
  latencyMs: Partial<Record<'p50' | 'p90' | 'p95' | 'p99' | 'p999', number>>;
  errorRate?: number;
  droppedRate?: number;
}

export interface ResolvedWorkload {
  name: string;
  description?: string;
  target?: string;
  seed: number;
  durationMs: number;
  operations: ResolvedOperation[];
  /** Sum of the operations' base rates. */
  totalRatePerSecond: number;
  stages: ResolvedStage[];
  slo: ResolvedSlo;
  connections?: number;
  queue?: number;
  timeoutMs: number;
  instance?: { name: string; monthlyUsd: number };
  requestUsdPerMillion?: number;
  users?: { count: number; perMinute: Record<string, number> };
  data: Record<string, unknown>;
}

/** Default request timeout when neither the operation nor the workload names one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

function ms(value: string | number | undefined): number | undefined {
  return value === undefined ? undefined : parseDurationMs(value);
}

/** Resolves a workload already validated by `workloadSchema` (so every unit parses). */
export function resolveWorkload(spec: Workload): ResolvedWorkload {
  const workloadTimeout = ms(spec.timeout) ?? DEFAULT_TIMEOUT_MS;
  const totalWeight = spec.operations.reduce((sum, op) => sum + (op.weight ?? 0), 0);
  const totalRate = spec.rate === undefined ? 0 : (parseRatePerSecond(spec.rate) as number);

  const operations = spec.operations.map((op): ResolvedOperation => {
    let ratePerSecond: number;
    let rateSource: RateSource;
    if (op.rate !== undefined) {
      ratePerSecond = parseRatePerSecond(op.rate) as number;
      rateSource = 'rate';
    } else if (op.weight !== undefined) {
      ratePerSecond = (totalRate * op.weight) / totalWeight;
      rateSource = 'weight';
    } else {
      const users = spec.users as NonNullable<Workload['users']>;
      ratePerSecond = (users.count * (users.perMinute[op.name] as number)) / 60;
      rateSource = 'users';
    }
    return { ...op, ratePerSecond, rateSource, timeoutMs: ms(op.timeout) ?? workloadTimeout };
  });

  const stages: ResolvedStage[] = [];
  if (spec.stages) {
    let at = 0;
    const levelOf = (s: { scale?: number; users?: number }) =>
      s.scale ?? (s.users as number) / (spec.users?.count as number);
    let previous = spec.startScale ?? levelOf(spec.stages[0]!);
    for (const stage of spec.stages) {
      const durationMs = ms(stage.duration) as number;
      const level = levelOf(stage);
      stages.push({
        ...(stage.name === undefined ? {} : { name: stage.name }),
        startMs: at,
        durationMs,
        fromScale: previous,
        toScale: level,
        appliesTo: stage.users === undefined ? 'all' : 'users',
      });
      previous = level;
      at += durationMs;
    }
  } else {
    stages.push({
      startMs: 0,
      durationMs: ms(spec.duration) as number,
      fromScale: 1,
      toScale: 1,
      appliesTo: 'all',
    });
  }
  const durationMs = stages.reduce((sum, s) => sum + s.durationMs, 0);

  const slo: ResolvedSlo = { latencyMs: {} };
  for (const key of ['p50', 'p90', 'p95', 'p99', 'p999'] as const) {
    const value = ms(spec.slo?.[key]);
    if (value !== undefined) slo.latencyMs[key] = value;
  }
  if (spec.slo?.errors !== undefined) slo.errorRate = parseFraction(spec.slo.errors) as number;
  if (spec.slo?.dropped !== undefined) slo.droppedRate = parseFraction(spec.slo.dropped) as number;

  return {
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(spec.target === undefined ? {} : { target: spec.target }),
    seed: spec.seed,
    durationMs,
    operations,
    totalRatePerSecond: operations.reduce((sum, op) => sum + op.ratePerSecond, 0),
    stages,
    slo,
    ...(spec.connections === undefined ? {} : { connections: spec.connections }),
    ...(spec.queue === undefined ? {} : { queue: spec.queue }),
    timeoutMs: workloadTimeout,
    ...(spec.instance === undefined ? {} : { instance: spec.instance }),
    ...(spec.requestUsdPerMillion === undefined ? {} : { requestUsdPerMillion: spec.requestUsdPerMillion }),
    ...(spec.users === undefined ? {} : { users: spec.users }),
    data: spec.data ?? {},
  };
}

/**
 * The scale an operation runs at `tMs` into the run (stages ramp linearly; k6's ramping-arrival-rate).
 * Returns 0 past the end of the last stage.
 */
export function scaleAt(workload: ResolvedWorkload, operation: ResolvedOperation, tMs: number): number {
  for (const stage of workload.stages) {
    if (tMs < stage.startMs + stage.durationMs) {
      if (stage.appliesTo === 'users' && operation.rateSource !== 'users') return 1;
      const progress = stage.durationMs === 0 ? 1 : Math.max(0, tMs - stage.startMs) / stage.durationMs;
      return stage.fromScale + (stage.toScale - stage.fromScale) * progress;
    }
  }
  return 0;
}

/** Requests per second that `operation` should be sent at `tMs` into the run. */
export function rateAt(workload: ResolvedWorkload, operation: ResolvedOperation, tMs: number): number {
  return operation.ratePerSecond * scaleAt(workload, operation, tMs);
}

/** The highest total rate any moment of the run asks for (stage ends are where linear ramps peak). */
export function peakTotalRate(workload: ResolvedWorkload): number {
  let peak = 0;
  for (const stage of workload.stages) {
    for (const t of [stage.startMs, stage.startMs + stage.durationMs - 1e-6]) {
      const total = workload.operations.reduce((sum, op) => sum + rateAt(workload, op, t), 0);
      peak = Math.max(peak, total);
    }
  }
  return peak;
}
