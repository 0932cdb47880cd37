// The example pull-request workflow (.github/workflows/loadlens.yml) passes actionlint (with
// shellcheck on its run scripts when shellcheck is installed), and its github-script compiles.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { hasPeer, peerBinary, runCommand } from '../harness/index.ts';

const WORKFLOW = join(import.meta.dirname, '..', '..', '.github', 'workflows', 'loadlens.yml');
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
      'set -euo pipefail\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template.
      'set -euo pipefail\n          echo "${{ github.event.pull_request.title }}"\n',
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
    writeFileSync(broken, readFileSync(WORKFLOW, 'utf8').replace('mkdir -p "$out"', 'mkdir -p $out'));
    const result = await actionlint(broken);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SC2086');
  },
);

test("the comment script is valid JavaScript for actions/github-script's async function", () => {
  const lines = readFileSync(WORKFLOW, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === 'script: |');
  expect(start).toBeGreaterThan(0);
  const indent = (lines[start + 1]?.match(/^ */)?.[0] ?? '').length;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && (line.match(/^ */)?.[0] ?? '').length < indent) break;
    body.push(line.slice(indent));
  }
  const script = body.join('\n');
  expect(script).toContain("const marker = '<!-- loadlens-report -->';");
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => unknown;
  // github-script wraps the script in an async function of these names; compiling is what it does first.
  expect(() => new AsyncFunction('require', 'context', 'github', 'core', script)).not.toThrow();
});
