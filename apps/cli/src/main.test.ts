import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../test/run-in-process.ts';
import { commands } from './commands.ts';
import { isCliCommand } from './options/cli-command.ts';
import { flagOf } from './options/option-spec.ts';

const example = fileURLToPath(new URL('../../../examples/canvass-peak.yaml', import.meta.url));
// A workload whose last rate is not a rate.
const badRate = join(mkdtempSync(join(tmpdir(), 'loadlens-main-')), 'bad-rate.yaml');
writeFileSync(
  badRate,
  [
    'name: canvass-peak',
    'duration: 60s',
    'operations:',
    '  - { name: visit, method: POST, path: /visits, rate: 10/s }',
    '  - { name: read, method: GET, path: /read, rate: 1/s }',
    '  - { name: health, method: GET, path: /health, rate: fast }',
  ].join('\n'),
);

describe('loadlens CLI', () => {
  it('validate prints the resolved rate of each operation and the total', async () => {
    const { code, out } = await run('validate', example);
    expect(code).toBe(0);
    expect(out.replace(example, 'canvass-peak.yaml')).toMatchInlineSnapshot(`
      "canvass-peak.yaml: valid workload "canvass-peak"
        operation  method  path                                  rate  from
        visit      POST    /visits                            583.3/s  users: 35000 × 1/min ÷ 60
        read       GET     /localities/{locality}/intentions  116.7/s  users: 35000 × 0.2/min ÷ 60
        health     GET     /health                                5/s  own rate
        total                                                   705/s
        duration 60s · seed 7 · SLO p99 < 500ms, errors < 1%"
    `);
  });

  it('validate --json prints the resolved workload', async () => {
    const { code, out } = await run('validate', example, '--json');
    expect(code).toBe(0);
    const resolved = JSON.parse(out);
    expect(resolved.totalRatePerSecond).toBeCloseTo(705, 9);
    expect(resolved.slo).toEqual({ latencyMs: { p99: 500 }, errorRate: 0.01 });
  });

  it('exits 2 with one line naming the file and path for a bad workload', async () => {
    const { code, err, out } = await run('validate', badRate);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`${badRate}: operations[2].rate: expected a rate like "50/s", got "fast"`);
  });

  it('validate refuses what run would: a {param} nothing fills', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadlens-validate-'));
    const file = join(dir, 'orders.yaml');
    writeFileSync(
      file,
      'name: orders\nduration: 10s\noperations:\n  - { name: orders, path: "/customers/{cid}/orders", rate: 5/s }\n',
    );
    const { code, err, out } = await run('validate', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(
      err.startsWith(`${file}: operation "orders": nothing fills "{cid}" in /customers/{cid}/orders: `),
    ).toBe(true);
    expect(err).toContain('{id}, {uuid}');
  });

  it('exits 2 for a missing file, a missing argument, an unknown flag and an unknown command', async () => {
    expect(await run('validate', 'nope.yaml')).toMatchObject({
      code: 2,
      err: 'nope.yaml: cannot read workload file: no such file',
    });
    expect(await run('validate')).toMatchObject({
      code: 2,
      err: 'missing <workload> (see loadlens validate --help)',
    });
    expect(await run('validate', example, '--jsn')).toMatchObject({
      code: 2,
      err: 'unknown option --jsn for "loadlens validate" (see loadlens validate --help)',
    });
    expect(await run('frobnicate')).toMatchObject({
      code: 2,
      err: 'unknown command "frobnicate" (see loadlens --help)',
    });
  });

  it('prints usage listing every registered command, and the version', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const name of Object.keys(commands)) expect(help.out).toContain(`  ${name}`);
    expect(help.out).toContain('Exit codes: 0 ok');
    expect(await run('--version')).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const usage = await run('validate', '--help');
    expect(usage.code).toBe(0);
    expect(usage.out).toContain('--json');
  });

  it('registers only commands whose module loads and has a run function', async () => {
    for (const [name, entry] of Object.entries(commands)) {
      const command = await entry.load();
      expect(typeof command.run, name).toBe('function');
    }
  });

  it('prints --help for every command from its table of options: each flag, kebab-case', async () => {
    for (const [name, entry] of Object.entries(commands)) {
      const command = await entry.load();
      expect(isCliCommand(command), `${name} has a table of options`).toBe(true);
      if (!isCliCommand(command)) continue;
      const { code, out } = await run(name, '--help');
      expect(code).toBe(0);
      expect(out.startsWith(`loadlens ${name} `)).toBe(true);
      for (const [key, spec] of Object.entries(
        command.spec.options as Record<string, { flag?: string } | null>,
      ))
        if (spec !== null) expect(out, `${name} --help`).toContain(`--${flagOf(key, spec)}`);
      expect(out, `${name}: multi-word flags are kebab-case`).not.toMatch(/--[a-z]+[A-Z]/);
    }
  });
});
