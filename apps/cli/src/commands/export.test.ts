import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

const example = fileURLToPath(new URL('../../../../examples/canvass-peak.yaml', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'loadlens-export-cli-'));

describe('loadlens export k6', () => {
  it('writes the script and its data file', async () => {
    const out = path.join(dir, 'load.ts');
    const result = await run('export', 'k6', example, '--out', out);
    expect(result.code).toBe(0);
    expect(result.err).toBe(
      `${out}: 3 k6 scenario(s); ${path.join(dir, 'load.data.json')}: 2001 pre-drawn request(s). Run: k6 run --env TARGET=<url> ${out}`,
    );
    expect(existsSync(path.join(dir, 'load.data.json'))).toBe(true);
  });

  it('exits 2 with one line for an unknown format, a missing --out, a bad workload', async () => {
    expect(await run('export', 'jmeter', example, '--out', 'x.ts')).toMatchObject({
      code: 2,
      err: 'unknown format "jmeter" for "loadlens export": expected k6',
    });
    expect(await run('export', 'k6', example)).toMatchObject({
      code: 2,
      err: 'export k6: give --out, e.g. --out load.ts',
    });
    const unknown = path.join(dir, 'unknown.yaml');
    writeFileSync(
      unknown,
      'name: u\nduration: 5s\noperations:\n  - { name: a, path: /a, rate: 1, body: { scenario: canvass.knock } }\n',
    );
    expect(await run('export', 'k6', unknown, '--out', path.join(dir, 'u.ts'))).toMatchObject({
      code: 2,
      err: 'operation "a": unknown scenario "canvass.knock" (known: emission.profile-create, emission.put, emission.get, emission.get-trips, emission.find-entries, emission.complete-ts, emission.user, canvass.visit)',
    });
    expect(await run('export', 'k6', 'missing.yaml', '--out', 'x.ts')).toMatchObject({
      code: 2,
      err: 'missing.yaml: cannot read workload file: no such file',
    });
  });
});
