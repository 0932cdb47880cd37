// `loadlens synth emission|canvass`: seeded synthetic data in the target's own format, to a file or
// (emission) uploaded through the target's API.
import {
  canvassLines,
  parseInactiveRate,
  uploadEmission,
  writeCanvassFile,
  writeEmissionFile,
} from '@loadlens/generator';
import { InputError } from '@loadlens/types';
import { type ArgsDef, defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';
import { rejectUnknownFlags } from '../strict-args.ts';

const shared = {
  seed: { type: 'string', description: 'Seed: the same seed gives the same bytes (default 1)' },
  out: { type: 'string', description: 'Output file (JSON lines)' },
  start: { type: 'string', description: 'First day of data, YYYY-MM-DD (default 2026-11-01)' },
} as const satisfies ArgsDef;

const emissionArgs = {
  ...shared,
  users: { type: 'string', description: 'emission: active users (default 50)' },
  days: { type: 'string', description: 'emission: days of data per user (default 7)' },
  inactive: { type: 'string', description: 'emission: heavy inactive users (test phones logging all day)' },
  'inactive-rate': {
    type: 'string',
    description: 'emission: their logging interval, "max" (1 s) or e.g. "5s"',
  },
  target: {
    type: 'string',
    description: 'emission: upload through /profile/create + /usercache/put of this URL',
  },
} as const satisfies ArgsDef;

const canvassArgs = {
  ...shared,
  volunteers: { type: 'string', description: 'canvass: volunteers (default 100)' },
  localities: { type: 'string', description: 'canvass: localities, 100 m grid cells (default 50)' },
} as const satisfies ArgsDef;

function intFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min)
    throw new InputError(`--${name} "${value}": expected an integer ≥ ${min}`);
  return n;
}

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

export default defineCommand({
  meta: {
    description:
      'Write seeded synthetic data: "emission" (e-mission phone entries, JSON lines) or "canvass" (volunteers, localities, visits).',
  },
  args: {
    kind: { type: 'positional', description: 'emission | canvass', required: true },
    ...emissionArgs,
    ...canvassArgs,
  },
  async run(context) {
    const io = ioOf(context);
    const { args } = context;
    const kind = args.kind;
    if (kind !== 'emission' && kind !== 'canvass')
      throw new InputError(`unknown kind "${kind}" for "loadlens synth": expected emission or canvass`);
    rejectUnknownFlags(context.rawArgs, kind === 'emission' ? emissionArgs : canvassArgs, `synth ${kind}`);
    const seed = intFlag('seed', args.seed, 1, 0);
    const started = performance.now();
    const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (kind === 'canvass') {
      const options = {
        volunteers: intFlag('volunteers', args.volunteers, 100, 1),
        localities: intFlag('localities', args.localities, 50, 1),
        seed,
        ...(args.start === undefined ? {} : { start: args.start }),
      };
      if (args.out === undefined) {
        for (const line of canvassLines(options)) io.out(line.trimEnd());
        return 0;
      }
      const summary = writeCanvassFile(options, args.out);
      io.err(`${args.out}: ${summary.lines} records (${size(summary.bytes)}) in ${took()}`);
      return 0;
    }
    const options = {
      users: intFlag('users', args.users, 50, 0),
      days: intFlag('days', args.days, 7, 1),
      seed,
      inactive: intFlag('inactive', args.inactive, 0, 0),
      ...(args['inactive-rate'] === undefined
        ? {}
        : { inactiveIntervalS: parseInactiveRate(args['inactive-rate']) }),
      ...(args.start === undefined ? {} : { start: args.start }),
    };
    if (args.target !== undefined && args.out !== undefined)
      throw new InputError('synth emission: give either --out FILE or --target URL, not both');
    if (args.target !== undefined) {
      const summary = await uploadEmission(options, args.target, {
        onProgress: (p) => {
          if (p.users % 100 === 0) io.err(`  ${p.users} users, ${p.entries} entries uploaded`);
        },
      });
      io.err(
        `${args.target}: ${summary.entries} entries of ${summary.users} users in ${summary.requests} requests, ${took()}`,
      );
      return 0;
    }
    if (args.out === undefined) throw new InputError('synth emission: give --out FILE or --target URL');
    const summary = writeEmissionFile(options, args.out);
    io.err(
      `${args.out}: ${summary.lines} entries of ${summary.users} users over ${options.days} days (${size(summary.bytes)}) in ${took()}`,
    );
    return 0;
  },
});
