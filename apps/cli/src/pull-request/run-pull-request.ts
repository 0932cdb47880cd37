// `loadlens pr` as a library call: the base and the head checkout measured one after the other on this
// machine with the head's workload and deployment file, then compared. Writes, under `out`:
// base/ and head/ (spans.db, run.json, report.json, report.html, server.log), comment.md (the
// pull-request comment), comparison.json and report.html (the head's report with the comparison view).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  compareResults,
  type FailRule,
  type PatternThresholds,
  renderComparisonMarkdown,
  renderHtmlReport,
} from '@loadlens/analyzer';
import { loadDeployment, loadWorkload } from '@loadlens/generator';
import { type Comparison, comparisonSchema, InputError } from '@loadlens/types';
import { measureSide } from './measure-side.ts';

export interface PullRequestOptions {
  base: string;
  head: string;
  /** The deployment file, relative to the head checkout (or absolute). */
  deploy: string;
  /** The workload file, relative to the head checkout (or absolute). */
  workload: string;
  out: string;
  failOn: FailRule[];
  thresholds: Partial<PatternThresholds>;
  log: (line: string) => void;
}

export interface PullRequestOutcome {
  comparison: Comparison;
  commentFile: string;
}

function checkout(flag: string, dir: string): string {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute)) throw new InputError(`--${flag} ${dir}: no such directory`);
  return absolute;
}

/**
 * Measures base and head and compares them; `comparison.failed` says whether a --fail-on rule tripped.
 * @example const { comparison } = await runPullRequest({ base: 'base', head: 'head', deploy: 'loadlens/deploy.yaml', workload: 'loadlens/workload.yaml', out: 'loadlens-out', failOn: parseFailOn('p95:+10%'), thresholds: {}, log: console.error })
 */
export async function runPullRequest(options: PullRequestOptions): Promise<PullRequestOutcome> {
  const base = checkout('base', options.base);
  const head = checkout('head', options.head);
  // Both sides are measured with the head's files: only the server's code differs between them, and a
  // pull request that adds loadlens has no workload on its base yet.
  const deployment = await loadDeployment(path.resolve(head, options.deploy));
  const { file: workloadFile, resolved: workload } = await loadWorkload(path.resolve(head, options.workload));
  // loadDeployment resolved `cwd` against the head's copy of the file; each side starts in its own copy.
  const inCheckout = path.relative(head, deployment.cwd ?? head);
  const cwdIn = (dir: string) =>
    inCheckout.startsWith('..') ? (deployment.cwd ?? dir) : path.join(dir, inCheckout);
  const out = path.resolve(options.out);
  await mkdir(out, { recursive: true });

  const sides = [];
  for (const [side, dir] of [
    ['base', base],
    ['head', head],
  ] as const)
    sides.push(
      await measureSide({
        side,
        cwd: cwdIn(dir),
        deployment,
        workload,
        workloadFile,
        thresholds: options.thresholds,
        dir: path.join(out, side),
        log: options.log,
      }),
    );
  const [before, after] = sides as [(typeof sides)[0], (typeof sides)[0]];

  const comparison = compareResults(
    { kind: 'report', file: before.reportFile, report: before.report },
    { kind: 'report', file: after.reportFile, report: after.report },
    options.failOn,
  );
  const commentFile = path.join(out, 'comment.md');
  await writeFile(commentFile, `${renderComparisonMarkdown(comparison)}\n`);
  await writeFile(
    path.join(out, 'comparison.json'),
    `${JSON.stringify(comparisonSchema.parse(comparison), null, 2)}\n`,
  );
  await writeFile(path.join(out, 'report.html'), renderHtmlReport(after.report, { comparison }));
  return { comparison, commentFile };
}
