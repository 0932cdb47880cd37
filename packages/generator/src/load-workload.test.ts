import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkload } from './load-workload.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

async function problemOf(file: string): Promise<string> {
  try {
    await loadWorkload(file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} loaded without error`);
}

describe('loadWorkload', () => {
  it('loads the canvass YAML example and resolves its rates', async () => {
    const { resolved } = await loadWorkload(fixture('canvass-peak.yaml'));
    expect(resolved.operations.map((op) => [op.name, Math.round(op.ratePerSecond * 10) / 10])).toEqual([
      ['visit', 583.3],
      ['read', 116.7],
      ['health', 5],
    ]);
  });

  it('loads a TypeScript workload exporting defineWorkload', async () => {
    const { spec, resolved } = await loadWorkload(fixture('smoke.workload.ts'));
    expect(spec.name).toBe('smoke');
    expect(resolved.totalRatePerSecond).toBe(20);
  });

  it('names the file and the path of a schema problem', async () => {
    const file = fixture('bad-rate.yaml');
    expect(await problemOf(file)).toBe(
      `${file}: operations[2].rate: expected a rate like "50/s", got "fast"`,
    );
  });

  it('gives line and column for YAML syntax errors', async () => {
    const file = fixture('broken.yaml');
    expect(await problemOf(file)).toMatch(new RegExp(`^${file}:\\d+:\\d+: invalid YAML: `));
  });

  it('gives line and column for JSON syntax errors', async () => {
    const file = fixture('broken.json');
    expect(await problemOf(file)).toMatch(new RegExp(`^${file}:3:\\d+: invalid JSON: `));
  });

  it('rejects missing files and unknown extensions with one line', async () => {
    expect(await problemOf('/nonexistent/w.yaml')).toBe(
      '/nonexistent/w.yaml: cannot read workload file: no such file',
    );
    expect(await problemOf(fixture('../fixtures/workload.txt'))).toMatch(
      /workload.txt: unknown workload file type ".txt"/,
    );
    expect(await problemOf(fixture('dir.yaml'))).toMatch(
      /dir.yaml: cannot read workload file: is a directory/,
    );
  });
});
