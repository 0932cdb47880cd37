// The example pull-request workflow (.github/workflows/loadlens.yml) passes actionlint (with
// shellcheck on its run scripts when shellcheck is installed); its github-script posts the comment
// `loadlens compare --format md` writes, once, and updates it on the next push.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { craftedReport } from '@loadlens/analyzer/testing';
import { afterAll, expect, test } from 'vitest';
import { hasPeer, peerBinary, runCommand } from '../harness/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'loadlens.yml');
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'loadlens.js');
const scratch = mkdtempSync(join(tmpdir(), 'loadlens-workflow-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function actionlint(file: string) {
  return runCommand(peerBinary('actionlint'), ['-no-color', '-oneline', file], { timeoutMs: 60_000 });
}

test('actionlint finds nothing in the workflow', async () => {
  const result = await actionlint(WORKFLOW);
  expect(result.stdout + result.stderr).toBe('');
  expect(result.code).toBe(0);
});

test('actionlint is really checking: an untrusted-input injection in a copy is reported', async () => {
  const broken = join(scratch, 'broken.yml');
  writeFileSync(
    broken,
    readFileSync(WORKFLOW, 'utf8').replace(
      'set -uo pipefail\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template.
      'set -uo pipefail\n          echo "${{ github.event.pull_request.title }}"\n',
    ),
  );
  const result = await actionlint(broken);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('"github.event.pull_request.title" is potentially untrusted');
});

// shellcheck is optional for actionlint (Debian package `shellcheck`); when present, run scripts are checked too.
test.skipIf(!hasPeer('shellcheck'))(
  'with shellcheck installed, run scripts are checked: an unquoted path is reported',
  async () => {
    const broken = join(scratch, 'unquoted.yml');
    writeFileSync(
      broken,
      readFileSync(WORKFLOW, 'utf8').replace('--fail-on "$LOADLENS_FAIL_ON"', '--fail-on $LOADLENS_FAIL_ON'),
    );
    const result = await actionlint(broken);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SC2086');
  },
);

/** The `script:` of the github-script step, as the action receives it. */
function commentScript(): string {
  const lines = readFileSync(WORKFLOW, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === 'script: |');
  expect(start).toBeGreaterThan(0);
  const indent = (lines[start + 1]?.match(/^ */)?.[0] ?? '').length;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && (line.match(/^ */)?.[0] ?? '').length < indent) break;
    body.push(line.slice(indent));
  }
  return body.join('\n');
}

type ScriptFunction = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => ScriptFunction;

test("the comment script is valid JavaScript for actions/github-script's async function", () => {
  const script = commentScript();
  expect(script).toContain("const marker = '<!-- loadlens-report -->';");
  // github-script wraps the script in an async function of these names; compiling is what it does first.
  expect(() => new AsyncFunction('require', 'context', 'github', 'core', script)).not.toThrow();
});

interface CommentCall {
  call: 'create' | 'update';
  body: string;
}

/**
 * A fake of the slice of Octokit the script uses (the GitHub API is not reachable from tests): it
 * lists `existing` comments and records what the script creates or updates.
 */
function fakeGitHub(existing: { id: number; user: { type: string }; body: string }[], calls: CommentCall[]) {
  const listComments = async () => existing;
  return {
    paginate: async (method: () => Promise<unknown[]>) => method(),
    rest: {
      issues: {
        listComments,
        createComment: async ({ body }: { body: string }) => void calls.push({ call: 'create', body }),
        updateComment: async ({ body }: { body: string }) => void calls.push({ call: 'update', body }),
      },
    },
  };
}

test('the comment as the workflow posts it: loadlens compare --format md under a marker, created once, then updated', async () => {
  // Base: the crafted report without its N+1 finding; head: the crafted report, so the N+1 is new.
  const base = {
    ...craftedReport,
    findings: craftedReport.findings.filter((f) => f.kind !== 'n-plus-one'),
  };
  const out = join(scratch, 'loadlens-out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'base.json'), JSON.stringify(base));
  writeFileSync(join(out, 'head.json'), JSON.stringify(craftedReport));
  const compare = await runCommand(
    process.execPath,
    [
      CLI,
      'compare',
      join(out, 'base.json'),
      join(out, 'head.json'),
      '--format',
      'md',
      '--fail-on',
      'p95:+10%,new-n-plus-one',
    ],
    { timeoutMs: 60_000 },
  );
  expect(compare.code, compare.stderr).toBe(1);
  writeFileSync(join(out, 'comment.md'), compare.stdout);

  const script = new AsyncFunction('require', 'context', 'github', 'core', commentScript());
  const context = { repo: { owner: 'acme', repo: 'trips' }, payload: { pull_request: { number: 128 } } };
  const cwd = process.cwd();
  process.chdir(scratch);
  try {
    const first: CommentCall[] = [];
    await script(createRequire(import.meta.url), context, fakeGitHub([], first), {});
    expect(first.map((c) => c.call)).toEqual(['create']);
    expect(first[0]?.body).toMatchInlineSnapshot(`
      "<!-- loadlens-report -->
      ## loadlens: ❌ regression

      0 regressions, 0 improvements, 9 unchanged · 1 new findings, 0 resolved

      | rule | result | detail |
      |:--|:--|:--|
      | \`p95:+10%\` | ✅ ok | no significant p95 regression beyond the limit |
      | \`new-n-plus-one\` | ❌ failed | new: N+1: one query per trip in the stats handler |

      ### New findings

      - **high** N+1: one query per trip in the stats handler — saves 151 ms/request
      "
    `);

    const again: CommentCall[] = [];
    const previous = { id: 7, user: { type: 'Bot' }, body: first[0]!.body };
    const someoneElse = { id: 6, user: { type: 'User' }, body: 'looks good <!-- loadlens-report -->' };
    await script(createRequire(import.meta.url), context, fakeGitHub([someoneElse, previous], again), {});
    expect(again).toEqual([{ call: 'update', body: first[0]!.body }]);
  } finally {
    process.chdir(cwd);
  }
});
