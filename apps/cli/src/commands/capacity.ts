// `loadlens capacity <workload> --target URL --slo "p99<500ms,errors<1%"`: raise the offered rate step by
// step, bisect the edge, and report the highest sustainable rate, what broke, users and cost.
// --config a.yaml --config b.yaml launches and measures each deployment instead of --target.
// Exit 0 done, 2 bad input, 3 target unreachable.

import {
  capacityComparisonRows,
  capacityStepRows,
  capacityVerdictLines,
  compareConfigs,
  createRequestSource,
  describeSlo,
  loadWorkload,
  parseSlo,
  probeTarget,
  runCapacity,
  type StepVerdict,
  writeCapacityResults,
} from '@loadlens/generator';
import {
  type Capacity,
  ExitCode,
  formatRate,
  InputError,
  parseDurationMs,
  parseRatePerSecond,
} from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';
import { formatTable } from '../format-table.ts';
import { intFlag, repeatedFlag, requestSourceFor, targetOf } from './run-flags.ts';

/** Defaults: 10 s per step is long enough for queues to build past a knee; 10 steps bound a search to ~2 min. */
const DEFAULT_STEP = '10s';
const DEFAULT_MAX_STEPS = 10;

export default defineCommand({
  meta: {
    description:
      'Find the highest rate the target sustains within an SLO, what breaks it, and users and cost.',
  },
  args: {
    workload: { type: 'positional', description: 'Workload file (.yaml, .json or .ts)', required: true },
    target: { type: 'string', description: 'Base URL of the target (default: the workload’s "target")' },
    slo: { type: 'string', description: 'SLO, e.g. "p99<500ms,errors<1%" (default: the workload’s slo)' },
    out: { type: 'string', description: 'Write the capacity result as JSON (capacity.json)' },
    stepDuration: { type: 'string', description: `Length of each step (default ${DEFAULT_STEP})` },
    maxSteps: {
      type: 'string',
      description: `Most steps to run, climbing and bisecting (default ${DEFAULT_MAX_STEPS})`,
    },
    startRate: {
      type: 'string',
      description: 'Total offered rate of the first step, e.g. "100/s" (default: the workload’s)',
    },
    config: {
      type: 'string',
      description: 'Deployment configuration to launch and measure (repeatable: compares them side by side)',
    },
    connections: { type: 'string', description: 'Cap on open connections (default 1024)' },
    queue: { type: 'string', description: 'Client-side queue before drops (default 65536)' },
  },
  async run(context) {
    const io = ioOf(context);
    const args = context.args;
    const { file, resolved } = await loadWorkload(args.workload);
    requestSourceFor(file, resolved);
    const configs = repeatedFlag(context.rawArgs, 'config');
    if (configs.length > 0 && args.target !== undefined)
      throw new InputError('--target and --config exclude each other: each --config launches its own target');
    const target = configs.length > 0 ? undefined : targetOf(args.target, resolved.target);
    const slo = args.slo === undefined ? resolved.slo : parseSlo(args.slo);
    if (describeSlo(slo) === '')
      throw new InputError('no SLO: pass --slo "p99<500ms,errors<1%" or set "slo" in the workload');
    const stepMs = parseDurationMs(args.stepDuration ?? DEFAULT_STEP);
    if (stepMs === undefined || stepMs < 100)
      throw new InputError(`--step-duration "${args.stepDuration}": expected a duration ≥ 100ms like "10s"`);
    const startRate = args.startRate === undefined ? undefined : parseRatePerSecond(args.startRate);
    if (args.startRate !== undefined && !(startRate !== undefined && startRate > 0))
      throw new InputError(`--start-rate "${args.startRate}": expected a rate like "100/s"`);
    const connections =
      args.connections === undefined ? undefined : intFlag('connections', args.connections, 1);
    const queue = args.queue === undefined ? undefined : intFlag('queue', args.queue, 1);
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    const search = {
      workload: resolved,
      requests: (w: typeof resolved) => createRequestSource(w),
      slo,
      stepDurationMs: stepMs,
      maxSteps: intFlag('max-steps', args.maxSteps, 1) ?? DEFAULT_MAX_STEPS,
      ...(startRate === undefined ? {} : { startRate }),
      ...(connections === undefined ? {} : { connections }),
      ...(queue === undefined ? {} : { queue }),
      signal: abort.signal,
      onStep: (_scale: number, v: StepVerdict) =>
        io.err(`step ${formatRate(v.point.offeredRate)}: ${v.failure ? `fail (${v.detail})` : 'pass'}`),
    };
    if (target !== undefined) await probeTarget(target);
    process.once('SIGINT', onSigint);
    let results: { name: string; capacity: Capacity }[];
    try {
      if (target !== undefined) {
        io.err(`capacity of ${target} for "${resolved.name}" within ${describeSlo(slo)}`);
        results = [{ name: target, capacity: await runCapacity({ ...search, target }) }];
      } else {
        results = await compareConfigs(configs, search, (name, url) =>
          io.err(`capacity of "${name}" (${url}) for "${resolved.name}" within ${describeSlo(slo)}`),
        );
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    for (const { name, capacity } of results) {
      if (results.length > 1 || target === undefined) io.out(`${name}:`);
      for (const line of formatTable(capacityStepRows(capacity), ['r', 'r', 'r', 'r', 'r', 'r', 'l']))
        io.out(line);
      for (const line of capacityVerdictLines(capacity)) io.out(line);
    }
    if (results.length > 1) {
      io.out('');
      for (const line of formatTable(capacityComparisonRows(results), ['l', 'l', 'r', 'l', 'r', 'r', 'r']))
        io.out(line);
    }
    if (args.out !== undefined)
      for (const file of await writeCapacityResults(args.out, results)) io.out(`wrote ${file}`);
    return ExitCode.ok;
  },
});
