// Public option and result types of the workload engine.

import type { Histogram } from '@loadlens/run-stats';
import type { ResolvedWorkload } from '@loadlens/types';
import type { PreparedRequest, RequestSource } from '../request-source.ts';
import type { LatencyBuckets } from './latency-buckets.ts';
import type { SerializedRequest } from './operation-plans.ts';
import type { OperationStats } from './operation-stats.ts';
import type { RequestSlot } from './request-slot.ts';

/** What the engine needs of a request source (request-source.ts's RequestSource satisfies it). */
export type RequestSourceLike = Pick<RequestSource, 'next' | 'isStatic'>;
export type { PreparedRequest };

/** Sends requests for the engine (engine/http1-transport.ts for http://, undici for https://). */
export interface Transport {
  /** `slot.sentAt` is already stamped (performance.now()) when this is called. */
  send(
    slot: RequestSlot,
    request: SerializedRequest,
    method: string,
    timeoutMs: number,
    traceparent: string,
  ): void;
  /** Opens up to `count` keep-alive connections ahead of the run (best effort, bounded in time). */
  warm(count: number): Promise<void>;
  close(): Promise<void>;
}

export type StopReason = 'completed' | 'interrupted' | 'target-died' | 'error';

export interface LoadOptions {
  workload: ResolvedWorkload;
  /** Base URL, e.g. "http://127.0.0.1:8080" (a path prefix is kept). */
  /** Parsed once by targetUrl. */
  target: URL;
  requests: RequestSourceLike;
  /** Cap on open connections (= requests in flight). */
  connections?: number;
  /** Requests waiting for a free connection; beyond it, requests are dropped and counted. */
  queue?: number;
  /** Share of requests whose traceparent carries the sampled flag (0..1). */
  traceSample?: number;
  /** Keep Prometheus latency buckets (only when the metrics endpoint is on; costs a few ns a request). */
  latencyBuckets?: boolean;
  /** Force undici's Pool even for http:// targets (for comparisons in benchmarks). */
  transport?: 'auto' | 'undici';
  /**
   * Stop with "target-died" once every request has been refused for this long (ms); 0 keeps going and
   * counts the errors instead.
   */
  deadTargetMs?: number;
}

export interface LoadOutcome {
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  stopReason: StopReason;
  stopDetail?: string;
  /** stats[phase][operation]. */
  stats: OperationStats[][];
  /** Milliseconds each phase actually covered (a stopped run cuts the last one short). */
  phaseEndMs: number[];
}

export interface LiveOperation {
  targetRate: number;
  inFlight: number;
  queued: number;
}

export interface LoadRun {
  /** Resolves when the schedule is done and in-flight requests drained (bounded), or after stop(). */
  readonly done: Promise<LoadOutcome>;
  /** Stops sending; in-flight requests get a short grace period. */
  stop(reason: StopReason, detail?: string): void;
  /** Milliseconds since the run started. */
  elapsedMs(): number;
  /** Live per-operation state for progress and metrics. */
  live(): LiveOperation[];
  /** Current stats[phase][operation] (live objects: read, don't mutate). */
  readonly stats: OperationStats[][];
  /** Corrected-latency histograms since the last takeWindow(), per operation (reset by it). */
  takeWindow(): Histogram[];
  /** Prometheus latency buckets, when enabled. */
  readonly buckets?: LatencyBuckets;
}
