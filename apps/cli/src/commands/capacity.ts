// `loadlens capacity <workload> --target URL --slo "p99<500ms,errors<1%"`: raise the offered rate step by
// step, bisect the edge, and report the highest sustainable rate, what broke, users and cost.
// --config a.yaml --config b.yaml launches and measures each deployment instead of --target.
// Exit 0 done, 2 bad input, 3 target unreachable.

import {
  type CapacityOptions,
  capacityComparisonRows,
  capacityStepRows,
  capacityVerdictLines,
  compareConfigs,
  createRequestSource,
  describeSlo,
  loadWorkload,
  parseSlo,
  runCapacity,
  type StepVerdict,
  targetText,
  writeCapacityResults,
} from '@loadlens/generator';
import { type Capacity, ExitCode, formatRate, InputError, parseDurationMs } from '@loadlens/types';
import { formatTable } from '../format-table.ts';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { custom, duration, integer, rate, repeated, text } from '../options/option-values.ts';
import { connectionsOption, queueOption, requestSourceFor, targetOf, targetOption } from './run-flags.ts';

/** Defaults: 10 s per step is long enough for queues to build past a knee; 10 steps bound a search to ~2 min. */
const DEFAULT_STEP = '10s';
const DEFAULT_MAX_STEPS = 10;

/** What `loadlens capacity` adds to the search's options. */
interface CapacityCliOptions {
  /** Capacity result file (JSON). */
  out?: string;
  /** Deployment configurations to launch and measure side by side, instead of --target. */
  config?: string[];
}

const spec: CommandSpec<CapacityOptions & CapacityCliOptions, 'workload'> = {
  name: 'capacity',
  description: 'Find the highest rate the target sustains within an SLO, what breaks it, and users and cost.',
  positionals: [{ name: 'workload', description: 'Workload file (.yaml, .json or .ts)' }],
  options: {
    target: targetOption,
    slo: custom({
      description: 'SLO, e.g. "p99<500ms,errors<1%" (default: the workload’s slo)',
      placeholder: 'SLO',
      parse: (value) => parseSlo(value),
    }),
    out: text({ description: 'Write the capacity result as JSON (capacity.json)', placeholder: 'FILE' }),
    stepDurationMs: duration({
      description: `Length of each step (default ${DEFAULT_STEP})`,
      flag: 'step-duration',
      minMs: 100,
    }),
    maxSteps: integer({
      description: `Most steps to run, climbing and bisecting (default ${DEFAULT_MAX_STEPS})`,
      min: 1,
    }),
    startRate: rate({
      description: 'Total offered rate of the first step, e.g. "100/s" (default: the workload’s)',
    }),
    config: repeated({
      description: 'Deployment configuration to launch and measure (compares them side by side)',
      placeholder: 'FILE',
      each: (value) => value,
    }),
    connections: connectionsOption,
    queue: queueOption,
    workload: null,
    requests: null,
    growth: null,
    precision: null,
    instance: null,
    onStep: null,
    signal: null,
  },
};

export default defineCliCommand({
  spec,
  async run({ options, positionals, io }) {
    const { file, resolved } = await loadWorkload(positionals.workload);
    requestSourceFor(file, resolved);
    const configs = options.config ?? [];
    if (configs.length > 0 && options.target !== undefined)
      throw new InputError('--target and --config exclude each other: each --config launches its own target');
    const target = configs.length > 0 ? undefined : targetOf(options.target, resolved.target);
    const slo = options.slo ?? resolved.slo;
    if (describeSlo(slo) === '')
      throw new InputError('no SLO: pass --slo "p99<500ms,errors<1%" or set "slo" in the workload');
    const { startRate, connections, queue } = options;
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    const search = {
      workload: resolved,
      requests: (w: typeof resolved) => createRequestSource(w),
      slo,
      stepDurationMs: options.stepDurationMs ?? parseDurationMs(DEFAULT_STEP)!,
      maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
      ...(startRate === undefined ? {} : { startRate }),
      ...(connections === undefined ? {} : { connections }),
      ...(queue === undefined ? {} : { queue }),
      signal: abort.signal,
      onStep: (_scale: number, v: StepVerdict) =>
        io.err(`step ${formatRate(v.point.offeredRate)}: ${v.failure ? `fail (${v.detail})` : 'pass'}`),
    };
    process.once('SIGINT', onSigint);
    let results: { name: string; capacity: Capacity }[];
    try {
      if (target !== undefined) {
        io.err(`capacity of ${targetText(target)} for "${resolved.name}" within ${describeSlo(slo)}`);
        results = [{ name: targetText(target), capacity: await runCapacity({ ...search, target }) }];
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
    if (options.out !== undefined)
      for (const file of await writeCapacityResults(options.out, results)) io.out(`wrote ${file}`);
    return ExitCode.ok;
  },
});
