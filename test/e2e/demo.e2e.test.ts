// `loadlens demo` as a user runs it: a real process, embedded PGlite, the whole loop twice. Checks what a
// person looks for: the missing index named first, every output written, and the fix showing up as an
// improvement of the route it slowed down.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { comparisonSchema, reportSchema, runResultSchema } from '@loadlens/types';
import { expect, test } from 'vitest';
import { runCommand } from '../harness/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'apps/cli/bin/loadlens.js');

test('loadlens demo finds the seeded missing index first and shows the fix', {
  timeout: 600_000,
}, async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadlens-demo-'));
  // Shorter stages than the default so the tier stays quick; the data and the model are the defaults.
  const run = await runCommand(process.execPath, [CLI, 'demo', '--out', out, '--stage-seconds', '5'], {
    timeoutMs: 540_000,
  });
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  for (const file of [
    'report.html',
    'report.md',
    'report.json',
    'run.json',
    'comparison.md',
    'workload.yaml',
  ])
    expect(existsSync(join(out, file)), file).toBe(true);

  const before = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  const [first] = before.findings;
  expect(first?.kind).toBe('slow-query');
  expect(first?.title).toMatch(/^Missing index on timeseries \(user_uuid, key, ts/);
  expect(first?.route).toBe('POST /datastreams/find_entries/:time_type');
  // No finding ranks above it, and nothing in the report carries a user token from the requests.
  expect(JSON.stringify(before)).not.toMatch(/user-1-\d+|inactive-1-\d+/);

  const runResult = runResultSchema.parse(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')));
  expect(runResult.phases).toHaveLength(4);
  expect(runResult.partial).toBe(false);

  const comparison = comparisonSchema.parse(JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')));
  const entries = comparison.deltas.find((d) => d.key === 'POST /datastreams/find_entries/:time_type');
  expect(entries?.verdict).toBe('improvement');
  expect(comparison.resolvedFindings.map((f) => f.id)).toContain(first?.id);

  // Progress was visible the whole time: every step printed with its elapsed time.
  expect(run.stdout).toMatch(/\[0:0\d\] synthesizing e-mission phone data/);
  expect(run.stdout).toMatch(/done in \d+ s/);
  expectIndexFirstEverywhere(out, run.stdout);
});

/**
 * The same first finding in all four outputs a person reads: the terminal text, report.md, report.json
 * and the HTML report.
 */
function expectIndexFirstEverywhere(out: string, stdout: string): void {
  const index = /^Missing index on timeseries \(user_uuid, key, ts/;
  const json = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  expect(json.findings[0]?.title).toMatch(index);
  const text = /\n\s*1\. [A-Z]+ (.*)\n/.exec(stdout)?.[1];
  expect(text).toMatch(index);
  const markdown = /\*\*1\. \S+ (.*?)\*\*/.exec(readFileSync(join(out, 'report.md'), 'utf8'))?.[1];
  expect(markdown).toMatch(index);
  const html = /<span class="rank">#1<\/span>.*?<h3>(.*?)<\/h3>/.exec(
    readFileSync(join(out, 'report.html'), 'utf8'),
  )?.[1];
  expect(html).toMatch(index);
}

// Past the knee, waiting for the one connection and the event loop shows on every route; the verdict
// must not change with it. Three times the demo's peak users puts the run far past its knee — what a
// slow or busy machine does to the default rates.
test('at three times the peak users the missing index is still first, with the waiting it causes as evidence', {
  timeout: 600_000,
}, async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadlens-demo-3x-'));
  const run = await runCommand(
    process.execPath,
    [CLI, 'demo', '--out', out, '--stage-seconds', '5', '--peak-users', '3600'],
    { timeoutMs: 540_000 },
  );
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expectIndexFirstEverywhere(out, run.stdout);
  const report = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  const [first] = report.findings;
  expect(first?.evidence.map((e) => e.label)).toContainEqual(
    expect.stringMatching(/^causes waiting for the single database connection on [2-6] routes$/),
  );
  // The symptom is evidence under the cause, not a finding per route; nobody is told to raise a pool of one.
  expect(report.findings.filter((f) => f.kind === 'contention')).toEqual([]);
  expect(report.findings.some((f) => /raise the (connection )?pool/i.test(f.suggestion))).toBe(false);
});
