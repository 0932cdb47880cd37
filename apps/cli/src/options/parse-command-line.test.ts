import { describe, expect, it } from 'vitest';
import type { CommandSpec } from './option-spec.ts';
import { integer, onOff, repeated, text } from './option-values.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { renderHelp } from './render-help.ts';

interface Options {
  maxSteps?: number;
  labels?: string[];
  json?: boolean;
  out?: string;
  /** Not a flag: set by the command itself. */
  signal?: AbortSignal;
}

const spec: CommandSpec<Options, 'workload'> = {
  name: 'try',
  description: 'A command for the test.',
  positionals: [{ name: 'workload', description: 'Workload file' }],
  passthrough: 'command…',
  options: {
    maxSteps: integer({ description: 'Most steps', min: 1 }),
    labels: repeated({ description: 'A label', flag: 'label', each: (v) => v }),
    json: onOff({ description: 'JSON out' }),
    out: text({ description: 'Output file', placeholder: 'FILE', alias: 'o' }),
    signal: null,
  },
};

describe('parseCommandLine', () => {
  it('reads kebab-case flags, both value forms, switches, repeated flags in order, and what follows --', () => {
    const line = parseCommandLine(spec, [
      'w.yaml',
      '--max-steps',
      '4',
      '--label=a',
      '--json',
      '--label',
      'b',
      '-o',
      'x.json',
      '--',
      'node',
      '--max-steps',
    ]);
    expect(line).toEqual({
      options: { maxSteps: 4, labels: ['a', 'b'], json: true, out: 'x.json' },
      positionals: { workload: 'w.yaml' },
      more: [],
      rest: ['node', '--max-steps'],
    });
  });

  it('still accepts the camelCase spelling, and --no- for a switch', () => {
    expect(parseCommandLine(spec, ['w', '--maxSteps', '2', '--no-json']).options).toEqual({
      maxSteps: 2,
      json: false,
    });
  });

  it('refuses an unknown flag, a bad value, a missing value or argument, in one line each', () => {
    const err = (args: string[]) => {
      try {
        parseCommandLine(spec, args);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(err(['w', '--max-step', '2'])).toBe(
      'unknown option --max-step for "loadlens try" (see loadlens try --help)',
    );
    expect(err(['w', '--max-steps', '0'])).toBe('--max-steps "0": expected an integer ≥ 1');
    expect(err(['w', '--out'])).toBe('--out: expected a value (FILE) (see loadlens try --help)');
    expect(err([])).toBe('missing <workload> (see loadlens try --help)');
    expect(err(['w', 'v'])).toBe('unexpected argument "v" (see loadlens try --help)');
  });

  it('writes --help from the table: kebab-case flags with their values, never a key that is not a flag', () => {
    expect(renderHelp(spec as CommandSpec<unknown>, '0.1.0')).toMatchInlineSnapshot(`
      "loadlens try 0.1.0 — A command for the test.

      Usage: loadlens try <workload> [options] [-- command…]

      Arguments:
        workload  Workload file

      Options:
        --max-steps N   Most steps
        --label VALUE   A label (repeatable)
        --json          JSON out
        -o, --out FILE  Output file
        -h, --help      Show this help"
    `);
  });
});
