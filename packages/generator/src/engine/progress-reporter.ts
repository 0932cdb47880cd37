// Live progress while a run goes: per operation the offered vs achieved rate, p50/p99 of the corrected
// latency over the last interval, errors and drops. Redrawn in place on a TTY, plain lines otherwise.
// Offered and achieved are both counted over the same interval: comparing the ramp's rate *now* with
// what completed over the last 10 s made a healthy ramp read "target 1.25/s achieved 0.8/s" throughout.
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
  const previousCompleted = workload.operations.map(() => 0);
  const previousScheduled = workload.operations.map(() => 0);
  let lastAt = run.elapsedMs();
  let drawn = 0;

  function report(): void {
    const now = run.elapsedMs();
    const seconds = Math.max(1e-3, (now - lastAt) / 1000);
    lastAt = now;
    const windows = run.takeWindow();
    const live = run.live();
    const lines = workload.operations.map((op, i) => {
      let scheduled = 0;
      let completed = 0;
      let errors = 0;
      let dropped = 0;
      for (const phase of run.stats) {
        const s = phase[i]!;
        scheduled += s.scheduled;
        completed += s.completed;
        errors += totalErrors(s);
        dropped += s.dropped;
      }
      // Requests the schedule called for in the interval (sent or dropped) against those that completed.
      const offered = (scheduled - previousScheduled[i]!) / seconds;
      const achieved = (completed - previousCompleted[i]!) / seconds;
      previousScheduled[i] = scheduled;
      previousCompleted[i] = completed;
      const window = windows[i]!;
      const latency =
        window.totalCount === 0
          ? 'p50 -  p99 -'
          : `p50 ${ms(percentileMs(window, 50))}  p99 ${ms(percentileMs(window, 99))}`;
      const state = live[i]!;
      return `${op.name}: offered ${formatRate(offered)}  achieved ${formatRate(achieved)}  ${latency}  errors ${errors}  dropped ${dropped}  in-flight ${state.inFlight}${state.queued > 0 ? `  queued ${state.queued}` : ''}`;
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
