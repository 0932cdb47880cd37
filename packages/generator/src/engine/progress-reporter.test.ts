import { createLatencyHistogram } from '@loadlens/run-stats';
import { resolveWorkload, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { createOperationStats, ErrorIndex } from './operation-stats.ts';
import { startProgress } from './progress-reporter.ts';
import type { LoadRun } from './types.ts';

/**
 * A run 2 s in whose clock moves 10 s per report, while 8 requests are scheduled and 8 complete per
 * report (0.8/s) — a ramp whose rate *now* is already 1.25/s.
 */
function fakeRun() {
  const stats = createOperationStats();
  Object.assign(stats, { completed: 40, dropped: 3, scheduled: 43 });
  stats.errors[ErrorIndex.http5xx] = 2;
  const window = createLatencyHistogram();
  for (const us of [2000, 2000, 2000, 9000]) window.recordValue(us);
  let now = 2_000;
  return {
    stats: [[stats]],
    elapsedMs: () => now,
    takeWindow: () => {
      now += 10_000;
      stats.scheduled += 8;
      stats.completed += 8;
      return [window];
    },
    live: () => [{ targetRate: 1.25, inFlight: 4, queued: 7 }],
  } as unknown as LoadRun;
}

const workload = resolveWorkload(
  workloadSchema.parse({
    name: 'p',
    duration: '60s',
    operations: [{ name: 'visit', path: '/', rate: '50/s' }],
  }),
);

/** Reports every 5 ms until `reports` writes came (bounded at ~2 s), then stops the reporter. */
async function capture(tty: boolean, reports: number): Promise<string[]> {
  const written: string[] = [];
  const stop = startProgress(fakeRun(), workload, { tty, intervalMs: 5, write: (t) => written.push(t) });
  // Polled, not one fixed 30 ms sleep: after a stall the interval fires once, then the sleep ends at once.
  for (let i = 0; i < 400 && written.length < reports; i++) await new Promise((r) => setTimeout(r, 5));
  stop();
  return written;
}

describe('startProgress', () => {
  it('prints plain lines off a TTY: offered vs achieved, p50/p99, errors, dropped, in flight, queued', async () => {
    const [, second] = await capture(false, 2);
    expect(second).toMatchInlineSnapshot(
      `"[12s/60s] visit: offered 0.8/s  achieved 0.8/s  p50 2.0ms  p99 9.0ms  errors 2  dropped 3  in-flight 4  queued 7\n"`,
    );
  });

  it('compares offered and achieved over the same interval, not the ramp’s rate now', async () => {
    // A healthy ramp keeps up: both read 0.8/s, although the ramp's current rate is 1.25/s.
    const [, second] = await capture(false, 2);
    expect(second).toContain('offered 0.8/s  achieved 0.8/s');
    expect(second).not.toContain('1.25/s');
  });

  it('redraws in place on a TTY', async () => {
    const written = await capture(true, 2);
    expect(written[0]?.startsWith('\u001b[2K[2s/60s]\n\u001b[2Kvisit: offered ')).toBe(true);
    expect(written[1]?.startsWith('\u001b[2A\u001b[2K[12s/60s]')).toBe(true);
  });
});
