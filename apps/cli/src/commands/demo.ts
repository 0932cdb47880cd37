// `loadlens demo`: the whole loop on embedded defaults — tripstore seeded with heavy inactive users,
// wrapped with tracing, loaded, analyzed, fixed, loaded again and compared.

import { type DemoOptions, runDemo } from '../demo/run-demo.ts';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { integer, text } from '../options/option-values.ts';

const count = (description: string) => integer({ description, min: 1 });

const spec: CommandSpec<DemoOptions> = {
  name: 'demo',
  description:
    'Run the whole loop on the bundled demo target (tripstore): seed, wrap, load, analyze, fix, load again, compare.',
  positionals: [],
  options: {
    out: text({ description: 'Output folder (default ./loadlens-demo)', placeholder: 'DIR' }),
    stageSeconds: count('Seconds per ramp stage; four stages per pass (default 8)'),
    peakUsers: count('Users of the e-mission model at the top of the ramp (default 1200)'),
    activeUsers: count('Active users seeded with data (default 20)'),
    inactiveUsers: count('Inactive test phones logging every second (default 3)'),
    days: count('Days of seeded data (default 2)'),
    seed: count('Seed for the data and the workload (default 1)'),
    traceUrlTemplate: text({
      description:
        'Trace UI link template with {traceId}, e.g. http://127.0.0.1:16686/trace/{traceId} (default: no links, trace ids shown)',
      flag: 'trace-url',
      placeholder: 'URL',
    }),
    top: count('Findings to print (default 6)'),
    write: null,
    progress: null,
    color: null,
    signal: null,
  },
};

export default defineCliCommand({
  spec,
  async run({ options, io }) {
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    const tty = process.stderr.isTTY === true;
    try {
      await runDemo({
        out: options.out ?? 'loadlens-demo',
        stageSeconds: options.stageSeconds ?? 8,
        peakUsers: options.peakUsers ?? 1200,
        activeUsers: options.activeUsers ?? 20,
        inactiveUsers: options.inactiveUsers ?? 3,
        days: options.days ?? 2,
        seed: options.seed ?? 1,
        traceUrlTemplate: options.traceUrlTemplate,
        top: options.top ?? 6,
        write: (line) => io.out(line),
        progress: tty
          ? { tty: true, write: (text) => process.stderr.write(text) }
          : { tty: false, write: (text) => io.err(`       ${text.replace(/\n$/, '')}`) },
        color: process.stdout.isTTY === true,
        signal: abort.signal,
      });
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
});
