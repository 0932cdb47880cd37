// Between the schedule and the wire: the connection cap, the bounded client-side queue (drops counted),
// pooled request slots, and the booking of every outcome. The schedule calls arrive(); the rest is here.
import { createLatencyHistogram, type Histogram } from '@loadlens/run-stats';
import { createCapturePool } from './capture-pool.ts';
import type { LatencyBuckets } from './latency-buckets.ts';
import type { OperationPlan } from './operation-plans.ts';
import { ErrorIndex, type OperationStats } from './operation-stats.ts';
import { recordFailure, recordResponse } from './record-outcome.ts';
import { createRequestQueue } from './request-queue.ts';
import { RequestSlot } from './request-slot.ts';
import { sendRequest } from './send-request.ts';
import { createTraceparentSource } from './trace-context.ts';
import type { RequestSourceLike, Transport } from './types.ts';

export interface DispatcherOptions {
  transport: Transport;
  plans: readonly OperationPlan[];
  requests: RequestSourceLike;
  /** stats[phase][operation], booked into in place. */
  stats: OperationStats[][];
  connections: number;
  queue: number;
  traceSample: number;
  buckets: LatencyBuckets | undefined;
  /** Called when the last in-flight request ends and nothing waits. */
  onIdle: () => void;
  /** Called after every finished request with performance.now() (the schedule sends what fell due). */
  onResponse?: (now: number) => void;
}

export interface RequestDispatcher {
  /** An arrival of the schedule: send now, wait for a connection, or drop (queue full). */
  arrive(op: number, phase: number, intendedAt: number): void;
  inFlight(): number;
  inFlightOf(op: number): number;
  queuedOf(op: number): number;
  queued(): number;
  /** Stops sending queued requests and counts them as dropped (they were scheduled, never sent). */
  dropQueued(): void;
  /** Ignore outcomes from now on (the run is over). */
  close(): void;
  /** Refused connections since the last response, and when that response came (performance.now()). */
  refusedStreak(): number;
  lastResponseAt(): number;
  /** Corrected-latency histograms since the previous call, per operation. */
  takeWindow(): Histogram[];
}

export function createRequestDispatcher(options: DispatcherOptions): RequestDispatcher {
  const { transport, plans, requests, stats, connections, buckets } = options;
  const opCount = plans.length;
  const queue = createRequestQueue(options.queue, opCount);
  const captured = createCapturePool();
  const traceparent = createTraceparentSource(options.traceSample);
  const inFlightByOp = new Int32Array(opCount);
  const free: RequestSlot[] = [];
  let windows: Histogram[] = plans.map(() => createLatencyHistogram());
  let spareWindows: Histogram[] = plans.map(() => createLatencyHistogram());
  let inFlight = 0;
  let halted = false;
  let closed = false;
  let refusedStreak = 0;
  let lastResponseAt = performance.now();

  // Named functions on one object (not closures per request): every slot reports here.
  const owner = {
    responded: function responded(slot: RequestSlot): void {
      if (closed) return;
      const now = performance.now();
      recordResponse(slot, now, stats, plans, windows, buckets, captured);
      lastResponseAt = now;
      refusedStreak = 0;
      release(slot);
      options.onResponse?.(now);
    },
    failed: function failed(slot: RequestSlot, error: Error): void {
      if (closed) return;
      if (recordFailure(slot, error, stats) === ErrorIndex.refused) refusedStreak++;
      release(slot);
    },
    unsent: function unsent(slot: RequestSlot): void {
      release(slot);
    },
  };

  function send(op: number, phase: number, intendedAt: number): void {
    const slot = free.pop() ?? new RequestSlot(owner);
    inFlight++;
    inFlightByOp[op] = (inFlightByOp[op] as number) + 1;
    sendRequest(transport, slot, op, phase, intendedAt, plans, requests, captured.values, traceparent, stats);
  }

  function release(slot: RequestSlot): void {
    inFlight--;
    inFlightByOp[slot.op] = (inFlightByOp[slot.op] as number) - 1;
    slot.chunks = null;
    free.push(slot);
    // A freed connection takes the oldest waiting request; its latency still counts from its intended time.
    if (!halted && queue.length > 0) send(queue.headOp(), queue.headPhase(), queue.shift());
    if (inFlight === 0 && queue.length === 0) options.onIdle();
  }

  function arrive(op: number, phase: number, intendedAt: number): void {
    const s = stats[phase]![op]!;
    s.scheduled++;
    if (inFlight < connections) send(op, phase, intendedAt);
    else if (!queue.push(op, phase, intendedAt)) s.dropped++;
  }

  function dropQueued(): void {
    halted = true;
    while (queue.length > 0) {
      const op = queue.headOp();
      const phase = queue.headPhase();
      queue.shift();
      stats[phase]![op]!.dropped++;
    }
  }

  function takeWindow(): Histogram[] {
    const taken = windows;
    for (const h of spareWindows) h.reset();
    windows = spareWindows;
    spareWindows = taken;
    return taken;
  }

  return {
    arrive,
    inFlight: () => inFlight,
    inFlightOf: (op) => inFlightByOp[op] as number,
    queuedOf: (op) => queue.countOf(op),
    queued: () => queue.length,
    dropQueued,
    close: () => {
      closed = true;
    },
    refusedStreak: () => refusedStreak,
    lastResponseAt: () => lastResponseAt,
    takeWindow,
  };
}
