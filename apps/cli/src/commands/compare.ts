// `loadlens compare base head`: per route, query shape or operation deltas with a rank test on the latency
// histograms, new and resolved findings, and --fail-on rules that make it exit 1 (for CI).
import {
  compareResults,
  parseFailOn,
  readResultFile,
  renderComparisonMarkdown,
  renderComparisonText,
  renderHtmlReport,
} from '@loadlens/analyzer';
import { comparisonSchema, InputError } from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';

const FORMATS = ['text', 'json', 'md', 'html'] as const;

export default defineCommand({
  meta: {
    description:
      'Compare two reports (report.json) or two runs (run.json): regressions with their p-values, new and resolved findings.',
  },
  args: {
    base: { type: 'positional', description: 'The baseline report or run (e.g. from main)', required: true },
    head: { type: 'positional', description: 'The report or run to check', required: true },
    failOn: {
      type: 'string',
      description:
        'Rules that exit 1, e.g. "p95:+10%,new-n-plus-one" (p50|p95|p99|mean:+N% or +Nms, errors:+N%, new-<kind>)',
    },
    format: { type: 'string', description: 'text | json | md | html', default: 'text' },
  },
  async run(context) {
    const io = ioOf(context);
    const format = context.args.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format))
      throw new InputError(`--format: expected text, json, md or html, got "${context.args.format}"`);
    const rules = parseFailOn(context.args.failOn ?? '');
    const base = await readResultFile(context.args.base);
    const head = await readResultFile(context.args.head);
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
