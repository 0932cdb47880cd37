import { createLatencyHistogram } from '@loadlens/run-stats';
import { resolveWorkload, workloadSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { createOperationStats, ErrorIndex } from './operation-stats.ts';
import { startProgress } from './progress-reporter.ts';
import type { LoadRun } from './types.ts';

function fakeRun() {
  const stats = createOperationStats();
  Object.assign(stats, { completed: 40, dropped: 3 });
  stats.errors[ErrorIndex.http5xx] = 2;
  const window = createLatencyHistogram();
  for (const us of [2000, 2000, 2000, 9000]) window.recordValue(us);
  return {
    stats: [[stats]],
    elapsedMs: () => 12_000,
    takeWindow: () => [window],
    live: () => [{ targetRate: 50, inFlight: 4, queued: 7 }],
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
  it('prints plain lines off a TTY: target vs achieved, p50/p99, errors, dropped, in flight, queued', async () => {
    const [first] = await capture(false, 1);
    expect(first?.replace(/achieved [\d.]+\/s/, 'achieved N/s')).toMatchInlineSnapshot(
      `"[12s/60s] visit: target 50/s  achieved N/s  p50 2.0ms  p99 9.0ms  errors 2  dropped 3  in-flight 4  queued 7\n"`,
    );
  });

  it('redraws in place on a TTY', async () => {
    const written = await capture(true, 2);
    expect(written[0]?.startsWith('\u001b[2K[12s/60s]\n\u001b[2Kvisit: target 50/s')).toBe(true);
    expect(written[1]?.startsWith('\u001b[2A\u001b[2K[12s/60s]')).toBe(true);
  });
});
