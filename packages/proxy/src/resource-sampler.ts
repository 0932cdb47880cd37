// Samples the target's process tree, watched processes and the machine once a second from /proc and
// keeps the samples for `GET /resources?since=` (the workload engine folds them into run.json).
import type { ResourceSample } from '@loadlens/types';
import {
  CLOCK_TICKS_PER_SECOND,
  type MachineCounters,
  openFiles,
  pidsNamed,
  processTree,
  readMachineCounters,
} from './proc-stats.ts';

/** A process group to sample: `target`, or `watch:<name>`. */
export interface SampledSource {
  source: string;
  /** Root pids now (re-evaluated each tick: a watched name may match new processes). */
  roots: () => number[];
}

export interface ResourceSamplerOptions {
  sources: SampledSource[];
  intervalMs?: number;
  /** Samples kept; the default holds an hour of one-second samples for a few sources. */
  maxSamples?: number;
  /** Extra fields for a source's sample, e.g. the target's event-loop delay from the preload. */
  extra?: (source: string) => Partial<ResourceSample>;
}

export interface ResourceSampler {
  /** Samples taken at or after `sinceMs` (epoch ms). */
  since(sinceMs: number): ResourceSample[];
  /** The newest sample of each source. */
  latest(): ResourceSample[];
  /** Takes a sample now (the timer calls this); resolves when it is stored. */
  sampleNow(): Promise<void>;
  stop(): void;
}

/**
 * A `--watch` value as a source: a pid (`1234`) or a process name (`postgres`, every process so named).
 * @example watchSource('postgres') // { source: 'watch:postgres', roots: () => pidsNamed('postgres') }
 */
export function watchSource(spec: string): SampledSource {
  if (/^\d+$/.test(spec)) return { source: `watch:${spec}`, roots: () => [Number(spec)] };
  return { source: `watch:${spec}`, roots: () => pidsNamed(spec) };
}

/** Starts sampling every `intervalMs` (default 1 s). */
export function startResourceSampler(options: ResourceSamplerOptions): ResourceSampler {
  const maxSamples = options.maxSamples ?? 3600 * (options.sources.length + 1);
  const samples: ResourceSample[] = [];
  const previousTicks = new Map<string, { timeMs: number; ticks: number }>();
  let previousMachine: { timeMs: number; counters: MachineCounters } | undefined;
  let latestBySource = new Map<string, ResourceSample>();

  function push(sample: ResourceSample): void {
    samples.push(sample);
    latestBySource.set(sample.source, sample);
    if (samples.length > maxSamples) samples.splice(0, samples.length - maxSamples);
  }

  async function sampleProcesses(source: SampledSource, timeMs: number): Promise<void> {
    const tree = processTree(source.roots());
    if (tree.length === 0) {
      previousTicks.delete(source.source);
      return;
    }
    const files = await Promise.all(tree.map((p) => openFiles(p.pid)));
    let ticks = 0;
    let rssBytes = 0;
    let threads = 0;
    let openFds = 0;
    let openSockets = 0;
    tree.forEach((p, i) => {
      ticks += p.cpuTicks;
      rssBytes += p.rssBytes;
      threads += p.threads;
      openFds += files[i]!.fds;
      openSockets += files[i]!.sockets;
    });
    const sample: ResourceSample = { timeMs, source: source.source, rssBytes, threads, openFds, openSockets };
    const before = previousTicks.get(source.source);
    if (before && timeMs > before.timeMs) {
      const cpuSeconds = (ticks - before.ticks) / CLOCK_TICKS_PER_SECOND;
      sample.cpuPercent = Math.max(
        0,
        Math.round((cpuSeconds / ((timeMs - before.timeMs) / 1000)) * 1000) / 10,
      );
    }
    previousTicks.set(source.source, { timeMs, ticks });
    push({ ...sample, ...options.extra?.(source.source) });
  }

  function sampleMachine(timeMs: number): void {
    const counters = readMachineCounters();
    const before = previousMachine;
    previousMachine = { timeMs, counters };
    if (!before) return;
    const seconds = (timeMs - before.timeMs) / 1000;
    const rate = (now: number, then: number) => Math.max(0, Math.round((now - then) / seconds));
    const cpuTotal = counters.cpuTotal - before.counters.cpuTotal;
    push({
      timeMs,
      source: 'machine',
      cpuPercent:
        cpuTotal > 0 ? Math.round(((counters.cpuBusy - before.counters.cpuBusy) / cpuTotal) * 1000) / 10 : 0,
      diskReadBytesPerSec: rate(counters.diskReadBytes, before.counters.diskReadBytes),
      diskWriteBytesPerSec: rate(counters.diskWriteBytes, before.counters.diskWriteBytes),
      netRxBytesPerSec: rate(counters.netRxBytes, before.counters.netRxBytes),
      netTxBytesPerSec: rate(counters.netTxBytes, before.counters.netTxBytes),
    });
  }

  // One sample at a time: a fresh one asked for while another still reads /proc starts after it.
  let sampling: Promise<void> | undefined;
  function sampleNow(): Promise<void> {
    // Started synchronously when nothing runs: the CPU counters are read now, not a turn later.
    const run = sampling ? sampling.then(takeSample) : takeSample();
    sampling = run;
    run.then(
      () => {
        if (sampling === run) sampling = undefined;
      },
      () => {
        if (sampling === run) sampling = undefined;
      },
    );
    return run;
  }

  async function takeSample(): Promise<void> {
    const timeMs = Date.now();
    latestBySource = new Map(latestBySource);
    await Promise.all(options.sources.map((source) => sampleProcesses(source, timeMs)));
    sampleMachine(timeMs);
  }

  void sampleNow();
  // The timer skips a tick that finds the previous sample still running rather than queue behind it.
  const timer = setInterval(() => {
    if (sampling === undefined) void sampleNow();
  }, options.intervalMs ?? 1000);
  timer.unref();

  return {
    since: function since(sinceMs: number) {
      return samples.filter((s) => s.timeMs >= sinceMs);
    },
    latest: function latest() {
      return [...latestBySource.values()];
    },
    sampleNow,
    stop: function stop() {
      clearInterval(timer);
    },
  };
}
