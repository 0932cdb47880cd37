// Live progress while a run goes: per operation the target vs achieved rate, p50/p99 of the corrected
// latency over the last interval, errors and drops. Redrawn in place on a TTY, plain lines otherwise.
import { percentileMs } from '@loadlens/run-stats';
import { formatRate, type ResolvedWorkload } from '@loadlens/types';
import { totalErrors } from './operation-stats.ts';
import type { LoadRun } from './types.ts';

/** A TTY redraws every second; logs (CI) get a line per operation every 10 s to stay readable. */
export const TTY_INTERVAL_MS = 1000;
export const PLAIN_INTERVAL_MS = 10_000;

export interface ProgressOptions {
  /** Writes one chunk of text (the TTY form includes cursor movement). */
  write: (text: string) => void;
  tty: boolean;
  intervalMs?: number;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)}s` : `${value.toFixed(1)}ms`;
}

/**
 * Starts reporting; returns a function that stops it (and prints nothing more).
 * @example const stop = startProgress(run, workload, { write: (t) => process.stderr.write(t), tty: true })
 */
export function startProgress(
  run: LoadRun,
  workload: ResolvedWorkload,
  options: ProgressOptions,
): () => void {
  const intervalMs = options.intervalMs ?? (options.tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS);
  const previous = workload.operations.map(() => 0);
  let lastAt = run.elapsedMs();
  let drawn = 0;

  function report(): void {
    const now = run.elapsedMs();
    const seconds = Math.max(1e-3, (now - lastAt) / 1000);
    lastAt = now;
    const windows = run.takeWindow();
    const live = run.live();
    const lines = workload.operations.map((op, i) => {
      let completed = 0;
      let errors = 0;
      let dropped = 0;
      for (const phase of run.stats) {
        const s = phase[i]!;
        completed += s.completed;
        errors += totalErrors(s);
        dropped += s.dropped;
      }
      const achieved = (completed - (previous[i] as number)) / seconds;
      previous[i] = completed;
      const window = windows[i]!;
      const latency =
        window.totalCount === 0
          ? 'p50 -  p99 -'
          : `p50 ${ms(percentileMs(window, 50))}  p99 ${ms(percentileMs(window, 99))}`;
      const state = live[i]!;
      return `${op.name}: target ${formatRate(state.targetRate)}  achieved ${formatRate(achieved)}  ${latency}  errors ${errors}  dropped ${dropped}  in-flight ${state.inFlight}${state.queued > 0 ? `  queued ${state.queued}` : ''}`;
    });
    const clock = `[${Math.round(now / 1000)}s/${Math.round(workload.durationMs / 1000)}s]`;
    if (options.tty) {
      // Move up over the previous block and clear it, so the block redraws in place.
      const up = drawn > 0 ? `\u001b[${drawn}A` : '';
      options.write(`${up}${[clock, ...lines].map((l) => `\u001b[2K${l}`).join('\n')}\n`);
      drawn = lines.length + 1;
    } else {
      for (const line of lines) options.write(`${clock} ${line}\n`);
    }
  }

  const timer = setInterval(report, intervalMs);
  timer.unref();
  return function stopProgress() {
    clearInterval(timer);
  };
}
