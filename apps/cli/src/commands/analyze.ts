// `loadlens analyze <source>`: reads spans (store, OTLP JSON file, Jaeger download or jaeger: URL),
// analyzes them in one streaming pass and prints the report as text, JSON or Markdown.
import { writeFile } from 'node:fs/promises';
import {
  type AnalyzeOptions,
  analyzeSource,
  explainReport,
  loadOtherRuns,
  openSpanSource,
  parseThresholds,
  readRunFile,
  renderHtmlReport,
  renderJson,
  renderMarkdown,
  renderText,
  reportWarnings,
} from '@loadlens/analyzer';
import { InputError } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { choice, custom, integer, text } from '../options/option-values.ts';

/** What `loadlens analyze` adds to the analysis's options: files to read, output, EXPLAIN. */
interface AnalyzeCliOptions {
  runFile?: string;
  runs?: string[];
  format?: 'text' | 'json' | 'md' | 'html';
  out?: string;
  explain?: string;
  top?: number;
}

const spec: CommandSpec<AnalyzeOptions & AnalyzeCliOptions, 'source'> = {
  name: 'analyze',
  description:
    'Analyze the spans of a run: slowest query shapes, N+1s, sequential calls, contention, CPU, errors, the stage that saturates first.',
  positionals: [
    {
      name: 'source',
      description:
        'Spans: a store (run.db), an OTLP JSON file, a Jaeger JSON download, or jaeger:http://host:16686?service=…',
    },
  ],
  moreWords: 'more runs for --runs…',
  options: {
    runFile: text({
      description: 'The run result (run.json) the spans came from: load phases, capacity, resources',
      flag: 'run',
      placeholder: 'FILE',
    }),
    runs: custom({
      description:
        'Other runs at other data volumes, for data-growth findings: report.json or run.json=spans (comma-separated, or further arguments)',
      placeholder: 'FILES',
      parse: (value) => value.split(','),
    }),
    format: choice({
      description: 'Output format (default text)',
      values: ['text', 'json', 'md', 'html'] as const,
    }),
    out: text({ description: 'Also write the JSON report to this file', placeholder: 'FILE' }),
    traceUrlTemplate: text({
      description:
        'Trace UI link template, e.g. "http://127.0.0.1:16686/trace/{traceId}" (default: no links)',
      flag: 'trace-url',
      placeholder: 'URL',
    }),
    explain: text({
      description: 'postgres://… or mongodb://…: EXPLAIN the top shapes and suggest indexes',
      placeholder: 'URL',
    }),
    top: integer({ description: 'Findings to show and shapes to EXPLAIN (default 10)', min: 1 }),
    thresholds: custom({
      description:
        'Detection thresholds, e.g. "nPlusOneMinRepeats=3,nPlusOneMinTotalMs=50,slowQueryMs=500" (defaults: Sentry’s rules)',
      placeholder: 'NAME=VALUE,…',
      parse: (value) => parseThresholds(value),
    }),
    source: null,
    run: null,
    otherReports: null,
    now: null,
  },
};

export default defineCliCommand({
  spec,
  async run({ options: args, positionals, more: extra, io }) {
    const format = args.format ?? 'text';
    const top = args.top ?? 10;
    const thresholds = args.thresholds ?? parseThresholds('');
    // `--runs a.json b.json`: the first file is the flag's value, the others arrive as further words.
    if (extra.length > 0 && args.runs === undefined)
      throw new InputError(`unexpected argument "${extra[0]}": analyze takes one span source`);
    const runFiles = [...(args.runs ?? []), ...extra].map((f) => f.trim()).filter((f) => f !== '');
    const run = args.runFile !== undefined ? await readRunFile(args.runFile) : undefined;
    const reports = await loadOtherRuns(runFiles, thresholds);
    const source = await openSpanSource(positionals.source);
    let report = await analyzeSource(source, {
      thresholds,
      ...(run ? { run } : {}),
      ...(reports.length > 0 ? { otherReports: reports } : {}),
      ...(args.traceUrlTemplate ? { traceUrlTemplate: args.traceUrlTemplate } : {}),
    });
    if (args.explain !== undefined) {
      const analyzed = report;
      const explained = await explainReport(report, args.explain, top, ({ shapeId, reason }) => {
        const shape = analyzed.queries.find((q) => q.id === shapeId);
        io.err(`warning: --explain could not plan ${shape?.fingerprint.slice(0, 80) ?? shapeId}: ${reason}`);
      });
      for (const warning of explained.warnings) io.err(`warning: --explain ${warning}`);
      for (const { shapeId, index, reason } of explained.rejected) {
        const shape = analyzed.queries.find((q) => q.id === shapeId);
        io.err(
          `note: --explain did not suggest ${index} for ${shape?.fingerprint.slice(0, 80) ?? shapeId}: ${reason}`,
        );
      }
      report = explained.report;
    }
    for (const warning of reportWarnings(report)) io.err(`warning: ${warning}`);
    const json = format === 'json' || args.out !== undefined ? renderJson(report) : undefined;
    if (args.out !== undefined) await writeFile(args.out, `${json}\n`);
    if (format === 'json') io.out(json as string);
    else if (format === 'md') io.out(renderMarkdown(report, { top }));
    else if (format === 'html')
      io.out(
        renderHtmlReport(report, args.traceUrlTemplate ? { jaegerUrlTemplate: args.traceUrlTemplate } : {}),
      );
    // Colour only on a terminal.
    else io.out(renderText(report, { top, color: process.stdout.isTTY === true }));
    return 0;
  },
});
