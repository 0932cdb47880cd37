// `loadlens export k6 <workload> --out load.ts`: the same workload as a typed k6 script, for running
// distributed (k6 operator) when one machine is not enough.
import { exportK6, loadWorkload } from '@loadlens/generator';
import { InputError } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { text } from '../options/option-values.ts';

const spec: CommandSpec<{ out?: string }, 'format' | 'workload'> = {
  name: 'export',
  description:
    'Write a workload as a TypeScript k6 script (one arrival-rate scenario per operation, SLO thresholds, traceparent headers) plus its SharedArray data file.',
  positionals: [
    { name: 'format', description: 'k6' },
    { name: 'workload', description: 'Workload file (.yaml, .json or .ts)' },
  ],
  options: {
    out: text({
      description: 'Script to write, e.g. load.ts (data goes to load.data.json next to it)',
      placeholder: 'FILE',
    }),
  },
};

export default defineCliCommand({
  spec,
  async run({ options: args, positionals, io }) {
    if (positionals.format !== 'k6')
      throw new InputError(`unknown format "${positionals.format}" for "loadlens export": expected k6`);
    if (args.out === undefined) throw new InputError('export k6: give --out, e.g. --out load.ts');
    const { file, resolved } = await loadWorkload(positionals.workload);
    const result = exportK6(resolved, args.out, { sourceFile: file });
    io.err(
      `${result.script}: ${result.scenarios} k6 scenario(s); ${result.dataFile}: ${result.samples} pre-drawn request(s). Run: k6 run --env TARGET=<url> ${result.script}`,
    );
    return 0;
  },
});
