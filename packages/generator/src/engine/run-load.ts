// The open-model workload engine: every operation follows its own arrival schedule whatever the server
// does; latency is measured from the intended send time (corrected) and from the actual send.
import { peakTotalRate, RuntimeFailure, rateAt } from '@loadlens/types';
import { targetText } from '../target-url.ts';
import { createArrivalSchedule } from './arrival-schedule.ts';
import { createHttp1Transport } from './http1-transport.ts';
import { createLatencyBuckets } from './latency-buckets.ts';
import { planOperations } from './operation-plans.ts';
import { createOperationStats } from './operation-stats.ts';
import { createRequestDispatcher } from './request-dispatcher.ts';
import type { LoadOptions, LoadOutcome, LoadRun, StopReason } from './types.ts';
import { createUndiciTransport } from './undici-transport.ts';

/** Default connection cap: generous enough that a 1 s stall at 1,000 req/s needs no client queue. */
export const DEFAULT_CONNECTIONS = 1024;
/** Default client-side queue: 64 s of a 1,000 req/s stall before anything is dropped. */
export const DEFAULT_QUEUE = 65_536;
/** Longest pause between scheduler ticks, so stop and dead-target checks stay responsive at low rates. */
const MAX_TICK_MS = 50;
/** Upper bound on connections opened before the run starts (the default connection cap). */
const WARM_CONNECTIONS_MAX = 1024;
/** Connections opened before the run: this many milliseconds of the peak rate (one request each). */
const WARM_MS_OF_PEAK = 50;
/** Grace for in-flight requests after an interrupt or a dead target. */
const STOP_GRACE_MS = 2000;

/**
 * Starts a load run. The scheduler wakes at most every millisecond and sends *every* due arrival per tick
 * (not one timer per request: that alone costs more CPU than the request). Requests go to a reused
 * handler slot via undici's raw `dispatch` (no promises, no per-request closures).
 * @example const run = startLoad({ workload, target: targetUrl('http://127.0.0.1:8080'), requests }); await run.done
 */
export function startLoad(options: LoadOptions): LoadRun {
  const { workload, requests } = options;
  const url = options.target;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RuntimeFailure(`target ${targetText(url)}: expected an http(s) URL`);
  const basePath = url.pathname.replace(/\/+$/, '');
  const connections = options.connections ?? workload.connections ?? DEFAULT_CONNECTIONS;
  const deadTargetMs = options.deadTargetMs ?? 3000;
  // Our own HTTP/1.1 client for http:// (the CPU budget per request needs it); undici for https://.
  const transport =
    url.protocol === 'http:' && options.transport !== 'undici'
      ? createHttp1Transport(url, connections)
      : createUndiciTransport(url, connections);
  const plans = planOperations(workload, requests, basePath);
  const schedules = workload.operations.map((op) => createArrivalSchedule(workload, op));
  const opCount = schedules.length;
  const stats = workload.stages.map(() => workload.operations.map(() => createOperationStats()));
  const buckets = options.latencyBuckets ? createLatencyBuckets(opCount) : undefined;
  const nextK = new Float64Array(opCount);
  const nextAt = new Float64Array(schedules.map((s) => (s.total > 0 ? s.intendedAt(0) : Infinity)));
  let scheduleDone = false;
  let stopping = false;
  let closed = false;
  let stopReason: StopReason = 'completed';
  let stopDetail: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let guard: NodeJS.Timeout | undefined;
  let sending = false;
  let started = false;
  /** performance.now() of the next arrival due (Infinity when none). */
  let nextDueAt = Number.POSITIVE_INFINITY;
  let startedAt = new Date();
  let t0 = performance.now();
  let resolveDone: (outcome: LoadOutcome) => void = () => {};
  const done = new Promise<LoadOutcome>((resolve) => {
    resolveDone = resolve;
  });
  const dispatcher = createRequestDispatcher({
    transport,
    plans,
    requests,
    stats,
    connections,
    queue: options.queue ?? workload.queue ?? DEFAULT_QUEUE,
    traceSample: options.traceSample ?? 1,
    buckets,
    onResponse: pump,
    onIdle: function onIdle() {
      if (scheduleDone || stopping) finish();
    },
  });

  /** Sends every arrival due by `now`; returns the next intended time (ms from t0) or Infinity. */
  function sendDue(now: number): number {
    const elapsed = now - t0;
    let nextDue = Infinity;
    sending = true;
    for (let op = 0; op < opCount; op++) {
      const schedule = schedules[op]!;
      let k = nextK[op] as number;
      let at = nextAt[op] as number;
      while (at <= elapsed) {
        dispatcher.arrive(op, schedule.phaseOf(k), t0 + at);
        k++;
        at = k < schedule.total ? schedule.intendedAt(k) : Infinity;
      }
      nextK[op] = k;
      nextAt[op] = at;
      if (at < nextDue) nextDue = at;
    }
    sending = false;
    nextDueAt = t0 + nextDue;
    return nextDue;
  }

  /**
   * Called after each response: arrivals that fell due since the last tick go out in this same wake-up
   * instead of waiting up to a millisecond for the timer — never early, only sooner after their time. This
   * keeps the timer's granularity out of the corrected latency when responses are flowing.
   */
  function pump(now: number): void {
    if (now >= nextDueAt && !sending && !stopping && !scheduleDone && started) sendDue(now);
  }

  function tick(): void {
    timer = undefined;
    if (stopping) return;
    const now = performance.now();
    const elapsed = now - t0;
    const nextDue = sendDue(now);
    const silentMs = now - Math.max(dispatcher.lastResponseAt(), t0);
    if (deadTargetMs > 0 && dispatcher.refusedStreak() >= 5 && silentMs > deadTargetMs) {
      stop('target-died', `connections to ${url.origin} refused for ${Math.round(silentMs / 1000)} s`);
      return;
    }
    if (nextDue === Infinity) {
      scheduleDone = true;
      // In-flight requests end by their timeout at the latest; the guard only covers a stuck socket.
      const longest = Math.max(...plans.map((p) => p.timeoutMs));
      guard = setTimeout(finish, longest + 1000);
      if (dispatcher.inFlight() === 0 && dispatcher.queued() === 0) finish();
      return;
    }
    timer = setTimeout(tick, Math.max(1, Math.min(nextDue - elapsed, MAX_TICK_MS)));
  }

  function stop(reason: StopReason, detail?: string): void {
    if (closed || stopping) return;
    stopping = true;
    stopReason = reason;
    stopDetail = detail;
    if (timer) clearTimeout(timer);
    // Requests still waiting for a connection were scheduled but will never be sent: counted as dropped.
    dispatcher.dropQueued();
    if (guard) clearTimeout(guard);
    guard = setTimeout(finish, STOP_GRACE_MS);
    if (dispatcher.inFlight() === 0) finish();
  }

  function finish(): void {
    if (closed) return;
    closed = true;
    dispatcher.close();
    if (timer) clearTimeout(timer);
    if (guard) clearTimeout(guard);
    const elapsed = performance.now() - t0;
    void transport.close();
    resolveDone({
      startedAt,
      endedAt: new Date(startedAt.getTime() + elapsed),
      durationMs: elapsed,
      stopReason,
      ...(stopDetail === undefined ? {} : { stopDetail }),
      stats,
      // A completed schedule covered every stage in full, even when its last arrival (and so the run)
      // ended before the stage's last millisecond: 1 request at 1/s over 1 s is 1/s achieved, not 400/s.
      phaseEndMs: workload.stages.map((s) =>
        stopReason === 'completed'
          ? s.startMs + s.durationMs
          : Math.min(s.startMs + s.durationMs, Math.max(elapsed, s.startMs)),
      ),
    });
  }

  function live() {
    const elapsed = performance.now() - t0;
    return workload.operations.map((op, i) => ({
      targetRate: scheduleDone || stopping ? 0 : rateAt(workload, op, elapsed),
      inFlight: dispatcher.inFlightOf(i),
      queued: dispatcher.queuedOf(i),
    }));
  }

  // Connections for the first ~50 ms of peak load are opened before the clock starts. Fewer (10 ms' worth)
  // fed a cascade: the first milliseconds run cold code, a few hundred arrivals fall due together, each
  // without an idle connection opens one (≈ 100 µs of CPU apiece), which makes the next batch later still —
  // a 100–170 ms stall at 20,000 req/s that set the p99 of a 5 s run. With 50 ms' worth it is gone.
  const warmConnections = Math.min(
    connections,
    WARM_CONNECTIONS_MAX,
    Math.ceil((peakTotalRate(workload) * WARM_MS_OF_PEAK) / 1000),
  );
  void transport.warm(warmConnections).then(function startClock() {
    if (stopping || closed) return;
    startedAt = new Date();
    t0 = performance.now();
    started = true;
    timer = setTimeout(tick, 0);
  });
  return {
    done,
    stop,
    elapsedMs: () => performance.now() - t0,
    live,
    stats,
    takeWindow: dispatcher.takeWindow,
    ...(buckets ? { buckets } : {}),
  };
}
