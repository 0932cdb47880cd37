// `loadlens pr` on bad input: one line naming the input, exit 2, before anything is started.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-in-process.ts';

const checkout = mkdtempSync(path.join(tmpdir(), 'loadlens-pr-cli-'));

describe('loadlens pr', () => {
  it('needs --base and --head', async () => {
    const { code, err } = await runCli('pr', '--head', checkout);
    expect(code).toBe(2);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain('base');
  });

  it('names the deployment file it cannot read', async () => {
    const { code, err } = await runCli('pr', '--base', checkout, '--head', checkout);
    expect(code).toBe(2);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain(path.join(checkout, 'loadlens', 'deploy.yaml'));
  });

  it('names a bad --fail-on rule', async () => {
    const { code, err } = await runCli('pr', '--base', checkout, '--head', checkout, '--fail-on', 'p95:lots');
    expect(code).toBe(2);
    expect(err).toMatch(/p95:lots/);
  });

  it('names the field of a deployment file that is wrong', async () => {
    mkdirSync(path.join(checkout, 'loadlens'), { recursive: true });
    writeFileSync(
      path.join(checkout, 'loadlens', 'deploy.yaml'),
      'name: x\ncommand: node server.js\nport: -1\n',
    );
    const { code, err } = await runCli('pr', '--base', checkout, '--head', checkout);
    expect(code).toBe(2);
    expect(err).toContain('deploy.yaml: port');
  });
});
