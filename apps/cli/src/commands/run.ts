// `loadlens run <workload> --target URL --out run.json`: the open-model load run. Exit 0 ok, 1 SLO failed,
// 2 bad input, 3 target unreachable or died mid-run (run.json is still written, marked partial).
import {
  failedSloLines,
  limitDuration,
  loadWorkload,
  parseMetricsAddress,
  runSummaryRows,
  runWorkload,
} from '@loadlens/generator';
import { ExitCode, formatRate, InputError, parseDurationMs } from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';
import { formatTable } from '../format-table.ts';
import { LOADLENS_VERSION } from '../version.ts';
import { intFlag, labelsOf, repeatedFlag, requestSourceFor, targetOf } from './run-flags.ts';

export default defineCommand({
  meta: { description: 'Run a workload against a target on an open-model schedule and write run.json.' },
  args: {
    workload: { type: 'positional', description: 'Workload file (.yaml, .json or .ts)', required: true },
    target: { type: 'string', description: 'Base URL of the target (default: the workload’s "target")' },
    out: { type: 'string', description: 'Run result file (default run.json)' },
    duration: {
      type: 'string',
      description: 'Run for this long instead (e.g. "30s"); cuts a staged profile',
    },
    connections: {
      type: 'string',
      description: 'Cap on open connections (default: the workload’s, else 1024)',
    },
    queue: {
      type: 'string',
      description: 'Requests that may wait for a connection before drops (default 65536)',
    },
    traceSample: {
      type: 'string',
      description: 'Share of traceparent headers marked sampled, 0..1 (default 1)',
    },
    metrics: { type: 'string', description: 'Serve Prometheus metrics on 127.0.0.1:PORT during the run' },
    resources: {
      type: 'string',
      description: 'Resource-sample URL of `loadlens wrap` to fold into run.json',
    },
    label: { type: 'string', description: 'key=value label for the run (repeatable)' },
  },
  async run(context) {
    const io = ioOf(context);
    const args = context.args;
    const { file, resolved } = await loadWorkload(args.workload);
    const target = targetOf(args.target, resolved.target);
    let workload = resolved;
    if (args.duration !== undefined) {
      const ms = parseDurationMs(args.duration);
      if (ms === undefined || ms <= 0)
        throw new InputError(`--duration "${args.duration}": expected a duration like "30s"`);
      workload = limitDuration(resolved, ms);
    }
    const traceSample = args.traceSample === undefined ? 1 : Number(args.traceSample);
    if (!(traceSample >= 0 && traceSample <= 1))
      throw new InputError(`--trace-sample "${args.traceSample}": expected a ratio between 0 and 1`);
    const connections = intFlag('connections', args.connections, 1);
    const queue = intFlag('queue', args.queue, 0);
    if (args.metrics !== undefined) parseMetricsAddress(args.metrics);
    const out = args.out ?? 'run.json';
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
        ...(args.metrics === undefined ? {} : { metrics: args.metrics }),
        ...(args.resources === undefined ? {} : { resources: args.resources }),
        labels: labelsOf(repeatedFlag(context.rawArgs, 'label')),
        versions: { loadlens: LOADLENS_VERSION },
        progress: tty
          ? { tty: true, write: (text) => process.stderr.write(text) }
          : { tty: false, write: (text) => io.err(text.replace(/\n$/, '')) },
        signal: abort.signal,
        onMetrics: (url) => io.err(`metrics on ${url}`),
        onStart: () =>
          io.err(
            `running "${workload.name}" against ${target} for ${workload.durationMs / 1000} s: ${workload.operations
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
      if (resourceFailures > 0) io.err(`resources: ${resourceFailures} poll(s) of ${args.resources} failed`);
      const partial = result.partial
        ? ` (partial: ${result.stopReason}${result.stopDetail ? `, ${result.stopDetail}` : ''})`
        : '';
      io.out(`wrote ${out}${partial}`);
      const failed = failedSloLines(result);
      for (const line of failed) io.err(line);
      if (result.stopReason === 'target-died') {
        io.err(`target ${target} died mid-run: ${result.stopDetail ?? 'connections refused'}`);
        return ExitCode.runtime;
      }
      return failed.length > 0 ? ExitCode.failed : ExitCode.ok;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
});
