// `loadlens export k6 <workload> --out load.ts`: the same workload as a typed k6 script, for running
// distributed (k6 operator) when one machine is not enough.
import { exportK6, loadWorkload } from '@loadlens/generator';
import { InputError } from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';

export default defineCommand({
  meta: {
    description:
      'Write a workload as a TypeScript k6 script (one arrival-rate scenario per operation, SLO thresholds, traceparent headers) plus its SharedArray data file.',
  },
  args: {
    format: { type: 'positional', description: 'k6', required: true },
    workload: { type: 'positional', description: 'Workload file (.yaml, .json or .ts)', required: true },
    out: {
      type: 'string',
      description: 'Script to write, e.g. load.ts (data goes to load.data.json next to it)',
    },
  },
  async run(context) {
    const io = ioOf(context);
    const { args } = context;
    if (args.format !== 'k6')
      throw new InputError(`unknown format "${args.format}" for "loadlens export": expected k6`);
    if (args.out === undefined) throw new InputError('export k6: give --out, e.g. --out load.ts');
    const { file, resolved } = await loadWorkload(args.workload);
    const result = exportK6(resolved, args.out, { sourceFile: file });
    io.err(
      `${result.script}: ${result.scenarios} k6 scenario(s); ${result.dataFile}: ${result.samples} pre-drawn request(s). Run: k6 run --env TARGET=<url> ${result.script}`,
    );
    return 0;
  },
});
