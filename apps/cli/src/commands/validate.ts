// `loadlens validate <workload>`: checks a workload file and prints each operation's resolved rate.

import { loadWorkload } from '@loadlens/generator';
import { formatRate, peakTotalRate, type ResolvedWorkload } from '@loadlens/types';
import { formatTable } from '../format-table.ts';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { onOff } from '../options/option-values.ts';
import { requestSourceFor } from './run-flags.ts';

function rateOrigin(workload: ResolvedWorkload, op: ResolvedWorkload['operations'][number]): string {
  if (op.rateSource === 'users')
    return `users: ${workload.users?.count} × ${workload.users?.perMinute[op.name]}/min ÷ 60`;
  if (op.rateSource === 'weight') return `weight ${op.weight} of the total rate`;
  return 'own rate';
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function describeSlo(workload: ResolvedWorkload): string | undefined {
  const parts = Object.entries(workload.slo.latencyMs).map(([p, ms]) => `${p} < ${formatMs(ms)}`);
  if (workload.slo.errorRate !== undefined) parts.push(`errors < ${workload.slo.errorRate * 100}%`);
  if (workload.slo.droppedRate !== undefined) parts.push(`dropped < ${workload.slo.droppedRate * 100}%`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

const spec: CommandSpec<{ json?: boolean }, 'workload'> = {
  name: 'validate',
  description: 'Check a workload file (.yaml, .json or .ts) and print the resolved rate of each operation.',
  positionals: [{ name: 'workload', description: 'Workload file' }],
  options: { json: onOff({ description: 'Print the resolved workload as JSON' }) },
};

export default defineCliCommand({
  spec,
  async run({ options, positionals, io }) {
    const { file, resolved } = await loadWorkload(positionals.workload);
    // What `run` would refuse (an unknown scenario, a {param} nothing fills) is refused here too.
    requestSourceFor(file, resolved);
    if (options.json) {
      io.out(JSON.stringify(resolved, null, 2));
      return 0;
    }
    const rows = [
      ['operation', 'method', 'path', 'rate', 'from'],
      ...resolved.operations.map((op) => [
        op.name,
        op.method,
        op.path,
        formatRate(op.ratePerSecond),
        rateOrigin(resolved, op),
      ]),
      ['total', '', '', formatRate(resolved.totalRatePerSecond), ''],
    ];
    io.out(`${file}: valid workload "${resolved.name}"`);
    for (const line of formatTable(rows, ['l', 'l', 'l', 'r', 'l'])) io.out(`  ${line}`);
    const peak = peakTotalRate(resolved);
    const facts = [`duration ${formatMs(resolved.durationMs)}`, `seed ${resolved.seed}`];
    if (resolved.stages.length > 1 || Math.abs(peak - resolved.totalRatePerSecond) > 1e-9)
      facts.push(`${resolved.stages.length} stage(s), peak ${formatRate(peak)}`);
    const slo = describeSlo(resolved);
    if (slo) facts.push(`SLO ${slo}`);
    io.out(`  ${facts.join(' · ')}`);
    return 0;
  },
});
