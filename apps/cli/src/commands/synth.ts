// `loadlens synth emission|canvass`: seeded synthetic data in the target's own format, to a file or
// (emission) uploaded through the target's API.
import {
  type CanvassSynthOptions,
  canvassLines,
  type EmissionSynthOptions,
  parseInactiveRate,
  uploadEmission,
  writeCanvassFile,
  writeEmissionFile,
} from '@loadlens/generator';
import { InputError } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import { type CommandSpec, flagOf } from '../options/option-spec.ts';
import { custom, integer, text } from '../options/option-values.ts';

/** What `loadlens synth` adds to the synthesizers' options: where the data goes. */
interface SynthCliOptions {
  out?: string;
  /** emission only: upload through the API instead. */
  target?: string;
}

type SynthOptions = EmissionSynthOptions & CanvassSynthOptions & SynthCliOptions;

const spec: CommandSpec<SynthOptions, 'kind'> = {
  name: 'synth',
  description:
    'Write seeded synthetic data: "emission" (e-mission phone entries, JSON lines) or "canvass" (volunteers, localities, visits).',
  positionals: [{ name: 'kind', description: 'emission | canvass' }],
  options: {
    seed: integer({ description: 'Seed: the same seed gives the same bytes (default 1)', min: 0 }),
    out: text({ description: 'Output file (JSON lines)', placeholder: 'FILE' }),
    start: text({ description: 'First day of data, YYYY-MM-DD (default 2026-11-01)', placeholder: 'DATE' }),
    users: integer({ description: 'emission: active users (default 50)', min: 0 }),
    days: integer({ description: 'emission: days of data per user (default 7)', min: 1 }),
    inactive: integer({
      description: 'emission: heavy inactive users (test phones logging all day)',
      min: 0,
    }),
    inactiveIntervalS: custom({
      description: 'emission: their logging interval, "max" (1 s) or e.g. "5s"',
      flag: 'inactive-rate',
      placeholder: 'max|INTERVAL',
      parse: (value) => parseInactiveRate(value),
    }),
    target: text({
      description: 'emission: upload through /profile/create + /usercache/put of this URL',
      placeholder: 'URL',
    }),
    volunteers: integer({ description: 'canvass: volunteers (default 100)', min: 1 }),
    localities: integer({ description: 'canvass: localities, 100 m grid cells (default 50)', min: 1 }),
  },
};

/** The options only one kind takes: given to the other, they are a mistake worth a line. */
const ONLY: Record<'emission' | 'canvass', ReadonlyArray<keyof SynthOptions>> = {
  emission: ['users', 'days', 'inactive', 'inactiveIntervalS', 'target'],
  canvass: ['volunteers', 'localities'],
};

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

export default defineCliCommand({
  spec,
  async run({ options: args, positionals, io }) {
    const kind = positionals.kind;
    if (kind !== 'emission' && kind !== 'canvass')
      throw new InputError(`unknown kind "${kind}" for "loadlens synth": expected emission or canvass`);
    const other = kind === 'emission' ? 'canvass' : 'emission';
    for (const key of ONLY[other])
      if (args[key] !== undefined)
        throw new InputError(
          `unknown option --${flagOf(key, spec.options[key] ?? {})} for "loadlens synth ${kind}" (see loadlens synth --help)`,
        );
    const seed = args.seed ?? 1;
    const started = performance.now();
    const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (kind === 'canvass') {
      const options = {
        volunteers: args.volunteers ?? 100,
        localities: args.localities ?? 50,
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
      users: args.users ?? 50,
      days: args.days ?? 7,
      seed,
      inactive: args.inactive ?? 0,
      ...(args.inactiveIntervalS === undefined ? {} : { inactiveIntervalS: args.inactiveIntervalS }),
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
