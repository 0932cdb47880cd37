// One run.json through every command that reads it: `run`'s summary, `capacity`'s judged steps and
// verdict, `analyze --run` (JSON and HTML) and `compare` must print the same knee, p99 and error rate —
// they share @loadlens/run-stats, and this test is what keeps them from drifting apart again.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spanFixture } from '@loadlens/analyzer/testing';
import {
  capacityOfSearch,
  capacityStepRows,
  capacityVerdictLines,
  judgeStep,
  runSummaryRows,
} from '@loadlens/generator';
import { craftRun, spread } from '@loadlens/run-stats/testing';
import { type RunResult, resolveWorkload, workloadSchema } from '@loadlens/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../test/run-in-process.ts';

const spans = spanFixture('trips-head.jsonl');

// Four phases; the last one answers 5 % of its requests 5xx and loses 5 % to timeouts. The first phase is slower than the second
// (a cold start, p99 ≈ 50 ms against ≈ 22 ms): p99 more than doubles from 20 to 40 req/s (≈ 48 ms), which
// the old analyzer rule (2 × the p99 at the lowest rate) missed, reporting 40/s where `capacity` said 20/s.
const recorded = craftRun([
  { rate: 10, latenciesMs: spread(100, 20, 50) },
  { rate: 20, latenciesMs: spread(200, 15, 22) },
  { rate: 40, latenciesMs: spread(400, 18, 48) },
  { rate: 80, latenciesMs: spread(800, 60, 260), errors: 40 },
]);
// And 40 more requests of the last phase timed out: sent, never answered (so not "completed").
const last = recorded.phases[3]!.operations[0]!;
last.errors.timeout = 40;
last.completed -= 40;

/** Phase i as `capacity` sees a step: a run of its own holding just that phase. */
function stepRun(i: number): RunResult {
  const phase = recorded.phases[i]!;
  return { ...recorded, phases: [phase], operations: phase.operations };
}

const slo = { latencyMs: { p99: 500 }, errorRate: 0.2 };
const workload = resolveWorkload(
  workloadSchema.parse({
    name: 'trips',
    duration: '10s',
    operations: [{ name: 'trips', path: '/trips', rate: '10/s' }],
  }),
);

let dir: string;
const files = { run: '', step: '' };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-one-run-'));
  files.run = join(dir, 'run.json');
  files.step = join(dir, 'step.json');
  await writeFile(files.run, JSON.stringify(recorded));
  await writeFile(files.step, JSON.stringify(stepRun(3)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('one run.json, the same figures in every command', () => {
  const steps = recorded.phases.map((_, i) => ({ scale: 2 ** i, verdict: judgeStep(stepRun(i), slo) }));
  const capacity = capacityOfSearch({ steps, passScale: 8 }, workload, slo, undefined);

  it('analyze --run finds the knee `capacity` finds, with the same p99 and error rate per phase', async () => {
    const { code, out } = await run('analyze', spans, '--run', files.run, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(capacity.kneeRate).toBe(20);
    expect(report.capacity.kneeRate).toBe(capacity.kneeRate);
    expect(capacityVerdictLines(capacity)).toContain('knee: 20/s');
    const fields = (p: { offeredRate: number; p99Ms: number; errorRate: number }) => [
      p.offeredRate,
      p.p99Ms,
      p.errorRate,
    ];
    expect(report.capacity.points.map(fields)).toEqual(capacity.points.map(fields));
    expect(capacity.points.map((p) => p.errorRate)).toEqual([0, 0, 0, 0.1]);
    // What `capacity` prints for the last step, from those same figures.
    expect(capacityStepRows(capacity)[4]).toEqual(['80/s', '80/s', '158ms', '258ms', '10%', '0%', 'pass']);
  });

  it('`run`’s summary and `compare` read the step’s p99 and errors as `capacity` judged them', async () => {
    const judged = steps[3]!.verdict.point;
    const [header, row] = runSummaryRows(stepRun(3));
    expect(row?.[header!.indexOf('p99')]).toBe('258ms');
    expect(row?.[header!.indexOf('errors')]).toBe('80');
    const { out } = await run('compare', files.step, files.step, '--format', 'json');
    const metrics = Object.fromEntries(
      JSON.parse(out).deltas[0].metrics.map((m: { metric: string; base: number }) => [m.metric, m.base]),
    );
    expect(metrics.p99Ms).toBe(judged.p99Ms);
    expect(metrics.errorRate).toBe(judged.errorRate);
  });

  it('the HTML report draws that knee and labels each point with that p99 and error rate', async () => {
    const { out } = await run('analyze', spans, '--run', files.run, '--format', 'html');
    expect(out).toContain('knee 20 req/s');
    expect(out).toContain('<title>80 req/s: p99 258 ms, errors 10%</title>');
  });
});
