// One complete `loadlens run`: probe the target, run the schedule with progress, metrics and resource
// polling, stop cleanly on abort or a dead target, and build + validate + write run.json.
import { randomUUID } from 'node:crypto';
import type { ResolvedWorkload, RunResult } from '@loadlens/types';
import { targetText } from '../target-url.ts';
import { buildRunResult } from './build-run-result.ts';
import { type MetricsEndpoint, serveMetrics } from './metrics-endpoint.ts';
import { probeTarget } from './probe-target.ts';
import { type ProgressOptions, startProgress } from './progress-reporter.ts';
import { type ResourcePoller, startResourcePoller } from './resource-poller.ts';
import { startLoad } from './run-load.ts';
import type { LoadOptions } from './types.ts';
import { writeRunResult } from './write-run-result.ts';

export interface RunWorkloadOptions extends Omit<LoadOptions, 'latencyBuckets'> {
  workloadFile?: string;
  /** Where run.json goes; omitted → not written (capacity steps keep results in memory). */
  out?: string;
  /** "127.0.0.1:PORT" to serve Prometheus metrics during the run. */
  metrics?: string;
  /** Side port of `loadlens wrap` serving resource samples. */
  resources?: string;
  labels?: Record<string, string>;
  versions?: Record<string, string>;
  progress?: ProgressOptions;
  /** Aborting stops the run early; run.json is still written, marked partial ("interrupted"). */
  signal?: AbortSignal;
  /** Told once the metrics endpoint listens (its URL). */
  onMetrics?: (url: string) => void;
  /** Told when the target answered the probe and the schedule starts. */
  onStart?: () => void;
  /** The caller has just probed the target (a capacity step): do not connect to it once more first. */
  probed?: boolean;
}

export interface RunWorkloadResult {
  result: RunResult;
  /** Resource polls that failed (the side port was down or answered garbage). */
  resourceFailures: number;
}

/**
 * Runs `workload` against the target and returns the validated run result (also written to `out`).
 * Throws RuntimeFailure (exit 3) when the target is unreachable before the run starts.
 * @example const { result } = await runWorkload({ workload, target, requests, out: 'run.json' })
 */
export async function runWorkload(options: RunWorkloadOptions): Promise<RunWorkloadResult> {
  const workload: ResolvedWorkload = options.workload;
  if (!options.probed) await probeTarget(options.target);
  options.onStart?.();
  const run = startLoad({ ...options, latencyBuckets: options.metrics !== undefined });
  let metrics: MetricsEndpoint | undefined;
  let poller: ResourcePoller | undefined;
  const onAbort = () => run.stop('interrupted', 'stopped by an interrupt (SIGINT)');
  try {
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.metrics !== undefined) {
      metrics = await serveMetrics(options.metrics, workload, run);
      options.onMetrics?.(metrics.url);
    }
    if (options.resources !== undefined) poller = startResourcePoller(options.resources);
    const stopProgress = options.progress ? startProgress(run, workload, options.progress) : () => {};
    const outcome = await run.done;
    stopProgress();
    const resources = poller ? await poller.stop() : [];
    const result = buildRunResult(workload, outcome, {
      id: randomUUID(),
      ...(options.workloadFile === undefined ? {} : { workloadFile: options.workloadFile }),
      target: targetText(options.target),
      versions: { node: process.versions.node, ...options.versions },
      labels: options.labels ?? {},
      resources,
    });
    if (options.out !== undefined) await writeRunResult(options.out, result);
    return { result, resourceFailures: poller?.failures() ?? 0 };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    run.stop('error', 'the run failed');
    await metrics?.close();
  }
}
