// `loadlens demo`: the whole loop on embedded defaults — tripstore seeded with heavy inactive users,
// wrapped with tracing, loaded, analyzed, fixed, loaded again and compared.

import { InputError } from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';
import { runDemo } from '../demo/run-demo.ts';

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`--${name}: expected a whole number ≥ 1, got "${value}"`);
  return n;
}

export default defineCommand({
  meta: {
    description:
      'Run the whole loop on the bundled demo target (tripstore): seed, wrap, load, analyze, fix, load again, compare.',
  },
  args: {
    out: { type: 'string', description: 'Output folder (default ./loadlens-demo)', default: 'loadlens-demo' },
    stageSeconds: { type: 'string', description: 'Seconds per ramp stage; four stages per pass (default 8)' },
    peakUsers: {
      type: 'string',
      description: 'Users of the e-mission model at the top of the ramp (default 1200)',
    },
    activeUsers: { type: 'string', description: 'Active users seeded with data (default 20)' },
    inactiveUsers: { type: 'string', description: 'Inactive test phones logging every second (default 3)' },
    days: { type: 'string', description: 'Days of seeded data (default 2)' },
    seed: { type: 'string', description: 'Seed for the data and the workload (default 1)' },
    traceUrl: {
      type: 'string',
      description:
        'Trace UI link template with {traceId}, e.g. http://127.0.0.1:16686/trace/{traceId} (default: no links, trace ids shown)',
    },
    top: { type: 'string', description: 'Findings to print (default 6)' },
  },
  async run(context) {
    const io = ioOf(context);
    const args = context.args;
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    const tty = process.stderr.isTTY === true;
    try {
      await runDemo({
        out: args.out,
        stageSeconds: positive('stage-seconds', args.stageSeconds, 8),
        peakUsers: positive('peak-users', args.peakUsers, 1200),
        activeUsers: positive('active-users', args.activeUsers, 20),
        inactiveUsers: positive('inactive-users', args.inactiveUsers, 3),
        days: positive('days', args.days, 2),
        seed: positive('seed', args.seed, 1),
        traceUrlTemplate: args.traceUrl,
        top: positive('top', args.top, 6),
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
