import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spanFixture } from '@loadlens/analyzer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

let dir: string;
let base: string;
let head: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-compare-'));
  base = join(dir, 'base.json');
  head = join(dir, 'head.json');
  expect((await run('analyze', spanFixture('trips-base.jsonl'), '--out', base)).code).toBe(0);
  expect((await run('analyze', spanFixture('trips-head.jsonl'), '--out', head)).code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadlens compare', () => {
  it('writes the PR comment: the regression with its p-value, the new N+1, the rules', async () => {
    const { code, out } = await run(
      'compare',
      base,
      head,
      '--fail-on',
      'p95:+10%,new-n-plus-one,errors:+1%',
      '--format',
      'md',
    );
    expect(code).toBe(1);
    expect(out).toMatchInlineSnapshot(`
      "## loadlens: ❌ regression

      1 regressions, 0 improvements, 3 unchanged · 1 new findings, 0 resolved

      | rule | result | detail |
      |:--|:--|:--|
      | \`p95:+10%\` | ❌ failed | GET /users/:id/trips: p95 +352.9 % |
      | \`new-n-plus-one\` | ❌ failed | new: N+1: 6 × the same query per request on GET /users/:id/trips |
      | \`errors:+1%\` | ✅ ok | error rates within the limit |

      ### Changes

      | | what | p50 | p95 | p-value |
      |:--|:--|:--|:--|--:|
      | 🔺 regression | route \`GET /users/:id/trips\` | 32.0 ms → 152 ms (+375.0 %) | 34.0 ms → 154 ms (+352.9 %) | 1.1e-14 |
      | 🆕 new | query \`select * from points where trip_id = ? and lat > ?\` (replaces \`select * from points where trip_id in (?+) and lat > ?\`) | – → 22.0 ms | – → 22.0 ms |  |
      | removed | query \`select * from points where trip_id in (?+) and lat > ?\` | 22.0 ms → – | 22.0 ms → – |  |

      ### New findings

      - **critical** N+1: 6 × the same query per request on GET /users/:id/trips — saves 110 ms/request"
    `);
  });

  it('exits 0 when no rule trips, and when comparing a report with itself', async () => {
    expect((await run('compare', base, head)).code).toBe(0);
    const same = await run('compare', head, head, '--fail-on', 'p95:+1%,new-findings', '--format', 'json');
    expect(same.code).toBe(0);
    const json = JSON.parse(same.out);
    expect(json.deltas.map((d: { verdict: string }) => d.verdict)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(json.failed).toBe(false);
  });

  it('exits 2 for a bad rule, a missing file, or a report compared with a run', async () => {
    expect(await run('compare', base, head, '--fail-on', 'p95>10%')).toMatchObject({
      code: 2,
      err: '--fail-on: "p95>10%" is not a rule: expected p50|p95|p99|mean:+N% or :+Nms, errors:+N% (percentage points), new-<finding kind> or new-findings',
    });
    expect(await run('compare', base, head, '--fail-on', 'new-slowness')).toMatchObject({ code: 2 });
    const { craftRun } = await import('@loadlens/run-stats/testing');
    const runFile = join(dir, 'run.json');
    await writeFile(runFile, JSON.stringify(craftRun([{ rate: 10, latenciesMs: [5, 6, 7] }])));
    expect(await run('compare', base, runFile)).toMatchObject({
      code: 2,
      err: `${runFile}: is a run result but ${base} is a report: compare two reports or two runs`,
    });
    expect(await run('compare', base, join(dir, 'missing.json'))).toMatchObject({
      code: 2,
      err: `${join(dir, 'missing.json')}: cannot read: no such file`,
    });
  });
});
