// Turns the engine's stats into the run result contract (per phase, per operation, whole-run totals) and
// validates it: a run.json that does not match `runResultSchema` is a bug, caught before it is written.
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import { encodeHistogram, summarizeEncoded } from '@loadlens/run-stats';
import {
  check,
  type OperationResult,
  type ResolvedWorkload,
  type ResourceSample,
  RUN_RESULT_SCHEMA,
  type RunResult,
  runResultSchema,
} from '@loadlens/types';
import { averageRate } from './arrival-schedule.ts';
import { checkSlo } from './check-slo.ts';
import {
  createOperationStats,
  errorCountsOf,
  mergeOperationStats,
  type OperationStats,
} from './operation-stats.ts';
import type { LoadOutcome } from './types.ts';

export interface RunMetadata {
  id: string;
  workloadFile?: string;
  target: string;
  versions: Record<string, string>;
  labels?: Record<string, string>;
  resources?: ResourceSample[];
}

function operationResult(
  workload: ResolvedWorkload,
  index: number,
  stats: OperationStats,
  targetRate: number,
  seconds: number,
): OperationResult {
  const op = workload.operations[index]!;
  const corrected = encodeHistogram(stats.corrected);
  const uncorrected = encodeHistogram(stats.uncorrected);
  return {
    name: op.name,
    method: op.method,
    route: op.path,
    targetRate,
    achievedRate: seconds > 0 ? stats.completed / seconds : 0,
    scheduled: stats.scheduled,
    sent: stats.sent,
    completed: stats.completed,
    ok: stats.ok,
    dropped: stats.dropped,
    errors: errorCountsOf(stats),
    // Summarized from what run.json stores, so whoever recomputes them reads the same figures.
    latencyMs: { corrected: summarizeEncoded(corrected), uncorrected: summarizeEncoded(uncorrected) },
    histograms: { corrected, uncorrected },
  };
}

/** The machine the generator ran on (the run result's `machine`). */
export function machineInfo(): RunResult['machine'] {
  const list = cpus();
  return {
    hostname: hostname(),
    platform: `${platform()}-${arch()}`,
    cpus: Math.max(1, list.length),
    ...(list[0]?.model ? { cpuModel: list[0].model } : {}),
    memoryBytes: totalmem(),
  };
}

/**
 * Builds and validates the run result. Phase target rates are the schedule's average over the time the
 * phase actually ran; achieved rates are completed requests over that time.
 */
export function buildRunResult(
  workload: ResolvedWorkload,
  outcome: LoadOutcome,
  meta: RunMetadata,
): RunResult {
  const phases = workload.stages.map((stage, p) => {
    const endMs = outcome.phaseEndMs[p] ?? stage.startMs;
    const seconds = (endMs - stage.startMs) / 1000;
    const operations = workload.operations.map((_op, i) =>
      operationResult(
        workload,
        i,
        outcome.stats[p]![i]!,
        seconds > 0 ? averageRate(workload, workload.operations[i]!, p) : 0,
        seconds,
      ),
    );
    return {
      name: stage.name ?? `stage-${p + 1}`,
      startMs: stage.startMs,
      endMs,
      targetRate: operations.reduce((sum, op) => sum + op.targetRate, 0),
      operations,
    };
  });
  // A completed schedule spans the whole workload even if its last arrival came before the end.
  const ranSeconds =
    (outcome.stopReason === 'completed'
      ? workload.durationMs
      : Math.min(outcome.durationMs, workload.durationMs)) / 1000;
  const operations = workload.operations.map((op, i) => {
    const total = createOperationStats();
    for (const phase of outcome.stats) mergeOperationStats(total, phase[i]!);
    const offered = phases.reduce(
      (sum, phase) => sum + phase.operations[i]!.targetRate * ((phase.endMs - phase.startMs) / 1000),
      0,
    );
    return operationResult(
      workload,
      i,
      total,
      ranSeconds > 0 ? offered / ranSeconds : op.ratePerSecond,
      ranSeconds,
    );
  });
  const hasSlo =
    Object.keys(workload.slo.latencyMs).length > 0 ||
    workload.slo.errorRate !== undefined ||
    workload.slo.droppedRate !== undefined;
  const checks = hasSlo ? checkSlo(operations, workload.slo) : [];
  const result = {
    schema: RUN_RESULT_SCHEMA,
    id: meta.id,
    workload: {
      name: workload.name,
      ...(meta.workloadFile === undefined ? {} : { file: meta.workloadFile }),
      seed: workload.seed,
      spec: JSON.parse(JSON.stringify(workload)) as Record<string, unknown>,
    },
    target: meta.target,
    versions: meta.versions,
    machine: machineInfo(),
    startedAt: outcome.startedAt.toISOString(),
    endedAt: outcome.endedAt.toISOString(),
    durationMs: outcome.durationMs,
    partial: outcome.stopReason !== 'completed',
    stopReason: outcome.stopReason,
    ...(outcome.stopDetail === undefined ? {} : { stopDetail: outcome.stopDetail }),
    phases,
    operations,
    resources: meta.resources ?? [],
    ...(hasSlo ? { slo: { passed: checks.every((c) => c.passed), checks } } : {}),
    labels: meta.labels ?? {},
  };
  // A result that does not match its own contract is a bug in loadlens (keeps its stack), not bad input.
  const checked = check(runResultSchema, result, 'run result');
  if (!checked.ok) throw new Error(`internal error: invalid run result: ${checked.problems.join('; ')}`);
  return checked.value;
}
