import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'loadlens-synth-cli-'));

describe('loadlens synth', () => {
  it('synth emission writes the same bytes for the same seed', async () => {
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    const first = await run(
      'synth',
      'emission',
      '--users',
      '5',
      '--days',
      '2',
      '--seed',
      '4',
      '--inactive',
      '1',
      '--inactive-rate',
      '60s',
      '--out',
      a,
    );
    expect(first.code).toBe(0);
    expect(first.err).toMatch(
      new RegExp(`^${a}: \\d+ entries of 6 users over 2 days \\(\\d+\\.\\d [kM]B\\) in \\d+\\.\\d s$`),
    );
    await run(
      'synth',
      'emission',
      '--users',
      '5',
      '--days',
      '2',
      '--seed',
      '4',
      '--inactive',
      '1',
      '--inactive-rate',
      '60s',
      '--out',
      b,
    );
    const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(hash(a)).toBe(hash(b));
    expect(readFileSync(a, 'utf8')).toContain('"user":"inactive-4-0"');
  });

  it('synth canvass prints JSON lines without --out', async () => {
    const { code, out } = await run(
      'synth',
      'canvass',
      '--volunteers',
      '2',
      '--localities',
      '1',
      '--seed',
      '9',
    );
    expect(code).toBe(0);
    const kinds = out.split('\n').map((l) => JSON.parse(l).kind);
    expect(kinds.slice(0, 3)).toEqual(['volunteer', 'volunteer', 'locality']);
    expect(kinds.filter((k) => k === 'visit').length).toBeGreaterThanOrEqual(40);
  });

  it('exits 2 with one line for a bad kind, flag or value, and 3 for an unreachable target', async () => {
    expect(await run('synth', 'weather')).toMatchObject({
      code: 2,
      err: 'unknown kind "weather" for "loadlens synth": expected emission or canvass',
    });
    expect(await run('synth', 'canvass', '--users', '3')).toMatchObject({
      code: 2,
      err: 'unknown option --users for "loadlens synth canvass" (see loadlens synth --help)',
    });
    expect(await run('synth', 'emission', '--days', '0', '--out', path.join(dir, 'x'))).toMatchObject({
      code: 2,
      err: '--days "0": expected an integer ≥ 1',
    });
    expect(await run('synth', 'emission', '--users', '1')).toMatchObject({
      code: 2,
      err: 'synth emission: give --out FILE or --target URL',
    });
    expect(
      await run('synth', 'emission', '--inactive-rate', 'often', '--out', path.join(dir, 'x')),
    ).toMatchObject({
      code: 2,
      err: '--inactive-rate "often": expected "max" or an interval of at least 1s, like "5s"',
    });
    expect(await run('synth', 'emission', '--target', 'nowhere')).toMatchObject({
      code: 2,
      err: '--target "nowhere": expected an http(s) URL like http://127.0.0.1:8080',
    });
    const refused = await run('synth', 'emission', '--users', '1', '--target', 'http://127.0.0.1:9');
    expect(refused).toMatchObject({
      code: 3,
      err: '--target http://127.0.0.1:9: /profile/create failed: ECONNREFUSED',
    });
  });
});
