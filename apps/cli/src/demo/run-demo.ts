// `loadlens demo`: the whole loop on embedded defaults — seed tripstore (with heavy inactive users),
// measure it wrapped with tracing, analyze, then fix its bottlenecks, measure again, and compare.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  compareResults,
  renderComparisonMarkdown,
  renderComparisonText,
  renderHtmlReport,
  renderJson,
  renderMarkdown,
  renderText,
} from '@loadlens/analyzer';
import { writeEmissionFile } from '@loadlens/generator';
import { type Comparison, parseOrThrow, type Report, resolveWorkload, workloadSchema } from '@loadlens/types';
import { stringify } from 'yaml';
import { createDemoLog } from './demo-log.ts';
import { demoWorkload } from './demo-workload.ts';
import { explainEmbedded } from './explain-embedded.ts';
import { measureDeployment } from './measure-deployment.ts';
import { assertTripstorePresent, runTripstore } from './tripstore-process.ts';

export interface DemoOptions {
  out: string;
  /** Seconds per ramp stage (four stages per pass). */
  stageSeconds: number;
  peakUsers: number;
  activeUsers: number;
  inactiveUsers: number;
  days: number;
  seed: number;
  /** A trace UI to link to; without one reports show trace ids. */
  traceUrlTemplate?: string | undefined;
  top: number;
  write: (line: string) => void;
  progress: { tty: boolean; write: (text: string) => void };
  color: boolean;
  signal: AbortSignal;
}

export interface DemoOutcome {
  before: Report;
  after: Report;
  comparison: Comparison;
  seconds: number;
}

// A Tuesday: commute days have more trips than the Sunday outings of the generator's default start.
const START_DAY = '2026-11-03';

export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  assertTripstorePresent();
  const log = createDemoLog(options.write);
  const out = path.resolve(options.out);
  const work = path.join(out, 'work');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });

  log.step(
    `synthesizing e-mission phone data: ${options.activeUsers} active users × ${options.days} days, plus ${options.inactiveUsers} inactive test phones logging every second`,
  );
  const dataFile = path.join(work, 'emission.jsonl');
  const synth = writeEmissionFile(
    {
      users: options.activeUsers,
      days: options.days,
      seed: options.seed,
      start: START_DAY,
      inactive: options.inactiveUsers,
    },
    dataFile,
  );
  log.detail(`${synth.lines.toLocaleString('en-US')} entries → ${path.relative(process.cwd(), dataFile)}`);

  log.step('seeding tripstore (embedded PostgreSQL, PGlite) and running its intake pipeline');
  const seededDir = path.join(work, 'pglite-seeded');
  await runTripstore(
    ['seed', '--from', dataFile, '--db', 'pglite', '--data-dir', seededDir, '--pipeline'],
    (line) => log.detail(line),
    options.signal,
  );

  const workloadInput = demoWorkload({
    seed: options.seed,
    seededUsers: options.activeUsers,
    seededDays: options.days,
    start: START_DAY,
    stageSeconds: options.stageSeconds,
    peakUsers: options.peakUsers,
  });
  const workloadFile = path.join(out, 'workload.yaml');
  await writeFile(workloadFile, stringify(workloadInput));
  const workload = resolveWorkload(parseOrThrow(workloadSchema, workloadInput, workloadFile));

  const pass = async (label: string, fixed: string, dir: string) => {
    // Each pass starts from the same seeded data, so the only difference is the fixes.
    const dataDir = path.join(work, `pglite-${label}`);
    await cp(seededDir, dataDir, { recursive: true });
    const result = await measureDeployment({
      label,
      fixed,
      dataDir,
      dir,
      workload,
      workloadFile,
      log,
      signal: options.signal,
      traceUrlTemplate: options.traceUrlTemplate,
      progress: options.progress,
    });
    const explained = await explainEmbedded(result.report, dataDir);
    if (explained.advised > 0)
      log.detail(`EXPLAIN found ${explained.advised} scan(s) that an index would avoid`);
    return { ...result, report: explained.report };
  };

  const before = await pass('before', 'none', out);
  await writeFile(path.join(out, 'report.json'), `${renderJson(before.report)}\n`);
  await writeFile(path.join(out, 'report.md'), `${renderMarkdown(before.report, { top: options.top })}\n`);
  log.step('findings, ranked by the time a fix would save:');
  options.write(renderText(before.report, { top: options.top, color: options.color }));

  const afterDir = path.join(out, 'fixed');
  const after = await pass('after', 'all', afterDir);
  await writeFile(path.join(afterDir, 'report.json'), `${renderJson(after.report)}\n`);
  await writeFile(
    path.join(afterDir, 'report.md'),
    `${renderMarkdown(after.report, { top: options.top })}\n`,
  );
  await writeFile(
    path.join(afterDir, 'report.html'),
    renderHtmlReport(after.report, { jaegerUrlTemplate: options.traceUrlTemplate }),
  );

  const comparison = compareResults(
    { kind: 'report', file: path.join(out, 'report.json'), report: before.report },
    { kind: 'report', file: path.join(afterDir, 'report.json'), report: after.report },
    [],
  );
  await writeFile(path.join(out, 'comparison.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  await writeFile(path.join(out, 'comparison.md'), `${renderComparisonMarkdown(comparison)}\n`);
  await writeFile(
    path.join(out, 'report.html'),
    renderHtmlReport(before.report, {
      comparison,
      jaegerUrlTemplate: options.traceUrlTemplate,
      title: 'tripstore: before and after the fixes',
    }),
  );
  log.step('before → after the fixes (tripstore --fixed all):');
  options.write(renderComparisonText(comparison));
  await rm(work, { recursive: true, force: true });
  const seconds = log.elapsedSeconds();
  log.step(
    `done in ${seconds.toFixed(0)} s — open ${path.relative(process.cwd(), path.join(out, 'report.html')) || 'report.html'}`,
  );
  return { before: before.report, after: after.report, comparison, seconds };
}
