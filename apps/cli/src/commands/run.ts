// `loadlens run <workload> --target URL --out run.json`: the open-model load run. Exit 0 ok, 1 SLO failed,
// 2 bad input, 3 target unreachable or died mid-run (run.json is still written, marked partial).
import {
  failedSloLines,
  limitDuration,
  loadWorkload,
  parseMetricsAddress,
  type RunWorkloadOptions,
  runSummaryRows,
  runWorkload,
  targetText,
} from '@loadlens/generator';
import { ExitCode, formatRate } from '@loadlens/types';
import { formatTable } from '../format-table.ts';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { custom, duration, ratio, text } from '../options/option-values.ts';
import { LOADLENS_VERSION } from '../version.ts';
import {
  connectionsOption,
  labelsOption,
  queueOption,
  requestSourceFor,
  targetOf,
  targetOption,
} from './run-flags.ts';

/** What `loadlens run` adds to the engine's options: a shorter run than the workload's. */
interface RunCliOptions {
  /** Milliseconds; cuts a staged profile. */
  duration?: number;
}

const spec: CommandSpec<RunWorkloadOptions & RunCliOptions, 'workload'> = {
  name: 'run',
  description: 'Run a workload against a target on an open-model schedule and write run.json.',
  positionals: [{ name: 'workload', description: 'Workload file (.yaml, .json or .ts)' }],
  options: {
    target: targetOption,
    out: text({ description: 'Run result file (default run.json)', placeholder: 'FILE' }),
    duration: duration({ description: 'Run for this long instead (e.g. "30s"); cuts a staged profile' }),
    connections: connectionsOption,
    queue: queueOption,
    traceSample: ratio({ description: 'Share of traceparent headers marked sampled, 0..1 (default 1)' }),
    metrics: custom({
      description: 'Serve Prometheus metrics on 127.0.0.1:PORT during the run',
      placeholder: 'HOST:PORT',
      parse(value) {
        parseMetricsAddress(value);
        return value;
      },
    }),
    resources: text({
      description: 'Resource-sample URL of `loadlens wrap` to fold into run.json',
      placeholder: 'URL',
    }),
    labels: labelsOption,
    workload: null,
    workloadFile: null,
    requests: null,
    versions: null,
    progress: null,
    signal: null,
    onMetrics: null,
    onStart: null,
    transport: null,
    deadTargetMs: null,
    probed: null,
  },
};

export default defineCliCommand({
  spec,
  async run({ options, positionals, io }) {
    const { file, resolved } = await loadWorkload(positionals.workload);
    const target = targetOf(options.target, resolved.target);
    const workload = options.duration === undefined ? resolved : limitDuration(resolved, options.duration);
    const traceSample = options.traceSample ?? 1;
    const { connections, queue } = options;
    const out = options.out ?? 'run.json';
    const requests = requestSourceFor(file, workload);
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    const tty = process.stderr.isTTY === true;
    try {
      const { result, resourceFailures } = await runWorkload({
        workload,
        workloadFile: file,
        target,
        requests,
        out,
        traceSample,
        ...(connections === undefined ? {} : { connections }),
        ...(queue === undefined ? {} : { queue }),
        ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
        ...(options.resources === undefined ? {} : { resources: options.resources }),
        labels: options.labels ?? {},
        versions: { loadlens: LOADLENS_VERSION },
        progress: tty
          ? { tty: true, write: (text) => process.stderr.write(text) }
          : { tty: false, write: (text) => io.err(text.replace(/\n$/, '')) },
        signal: abort.signal,
        onMetrics: (url) => io.err(`metrics on ${url}`),
        onStart: () =>
          io.err(
            `running "${workload.name}" against ${targetText(target)} for ${workload.durationMs / 1000} s: ${workload.operations
              .map((op) => `${op.name} ${formatRate(op.ratePerSecond)}`)
              .join(', ')} (Ctrl-C stops early; ${out} is still written)`,
          ),
      });
      for (const line of formatTable(runSummaryRows(result), [
        'l',
        'r',
        'r',
        'r',
        'r',
        'r',
        'r',
        'r',
        'r',
        'r',
      ]))
        io.out(line);
      if (resourceFailures > 0)
        io.err(`resources: ${resourceFailures} poll(s) of ${options.resources} failed`);
      const partial = result.partial
        ? ` (partial: ${result.stopReason}${result.stopDetail ? `, ${result.stopDetail}` : ''})`
        : '';
      io.out(`wrote ${out}${partial}`);
      const failed = failedSloLines(result);
      for (const line of failed) io.err(line);
      if (result.stopReason === 'target-died') {
        io.err(`target ${targetText(target)} died mid-run: ${result.stopDetail ?? 'connections refused'}`);
        return ExitCode.runtime;
      }
      return failed.length > 0 ? ExitCode.failed : ExitCode.ok;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
});
