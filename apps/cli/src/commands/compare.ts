// `loadlens compare base head`: per route, query shape or operation deltas with a rank test on the latency
// histograms, new and resolved findings, and --fail-on rules that make it exit 1 (for CI).
import {
  compareResults,
  type FailRule,
  parseFailOn,
  readResultFile,
  renderComparisonMarkdown,
  renderComparisonText,
  renderHtmlReport,
} from '@loadlens/analyzer';
import { comparisonSchema, InputError } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { choice, custom } from '../options/option-values.ts';

/** What `loadlens compare` takes besides the two files. */
interface CompareOptions {
  failOn?: FailRule[];
  format?: 'text' | 'json' | 'md' | 'html';
}

const spec: CommandSpec<CompareOptions, 'base' | 'head'> = {
  name: 'compare',
  description:
    'Compare two reports (report.json) or two runs (run.json): regressions with their p-values, new and resolved findings.',
  positionals: [
    { name: 'base', description: 'The baseline report or run (e.g. from main)' },
    { name: 'head', description: 'The report or run to check' },
  ],
  options: {
    failOn: custom({
      description:
        'Rules that exit 1, e.g. "p95:+10%,new-n-plus-one" (p50|p95|p99|mean:+N% or +Nms, errors:+N%, new-<kind>)',
      placeholder: 'RULES',
      parse: (value) => parseFailOn(value),
    }),
    format: choice({
      description: 'Output format (default text)',
      values: ['text', 'json', 'md', 'html'] as const,
    }),
  },
};

export default defineCliCommand({
  spec,
  async run({ options, positionals, io }) {
    const format = options.format ?? 'text';
    const rules = options.failOn ?? [];
    const base = await readResultFile(positionals.base);
    const head = await readResultFile(positionals.head);
    const comparison = compareResults(base, head, rules);
    if (format === 'json') io.out(JSON.stringify(comparisonSchema.parse(comparison), null, 2));
    else if (format === 'md') io.out(renderComparisonMarkdown(comparison));
    else if (format === 'html') {
      // The HTML report is the head's report with the comparison view added: it needs reports, not runs.
      if (head.kind !== 'report')
        throw new InputError(
          `--format html: ${head.file} is a run result; compare two reports (report.json) for HTML`,
        );
      io.out(renderHtmlReport(head.report, { comparison }));
    } else io.out(renderComparisonText(comparison));
    return comparison.failed ? 1 : 0;
  },
});
