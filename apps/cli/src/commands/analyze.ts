// `loadlens analyze <source>`: reads spans (store, OTLP JSON file, Jaeger download or jaeger: URL),
// analyzes them in one streaming pass and prints the report as text, JSON or Markdown.
import { writeFile } from 'node:fs/promises';
import {
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
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';

const FORMATS = ['text', 'json', 'md', 'html'] as const;

function parseTop(value: string | undefined): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`--top: expected a whole number ≥ 1, got "${value}"`);
  return n;
}

export default defineCommand({
  meta: {
    description:
      'Analyze the spans of a run: slowest query shapes, N+1s, sequential calls, contention, CPU, errors, the stage that saturates first.',
  },
  args: {
    source: {
      type: 'positional',
      description:
        'Spans: a store (run.db), an OTLP JSON file, a Jaeger JSON download, or jaeger:http://host:16686?service=…',
      required: true,
    },
    run: {
      type: 'string',
      description: 'The run result (run.json) the spans came from: load phases, capacity, resources',
    },
    runs: {
      type: 'string',
      description:
        'Other runs at other data volumes, for data-growth findings: report.json or run.json=spans (comma-separated, or further arguments)',
    },
    format: { type: 'string', description: 'text | json | md | html', default: 'text' },
    out: { type: 'string', description: 'Also write the JSON report to this file' },
    traceUrl: {
      type: 'string',
      description: 'Trace link template, e.g. "http://127.0.0.1:16686/trace/{traceId}"',
    },
    explain: {
      type: 'string',
      description: 'postgres://… or mongodb://…: EXPLAIN the top shapes and suggest indexes',
    },
    top: { type: 'string', description: 'Findings to show and shapes to EXPLAIN (default 10)' },
    thresholds: {
      type: 'string',
      description:
        'Detection thresholds, e.g. "nPlusOneMinRepeats=3,nPlusOneMinTotalMs=50,slowQueryMs=500" (defaults: Sentry’s rules)',
    },
  },
  async run(context) {
    const io = ioOf(context);
    const args = context.args;
    const format = args.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format))
      throw new InputError(`--format: expected text, json, md or html, got "${args.format}"`);
    const top = parseTop(args.top);
    const thresholds = parseThresholds(args.thresholds ?? '');
    // `--runs a.json b.json`: the first file is the flag's value, the others arrive as extra positionals.
    const extra = (args._ as string[]).slice(1);
    if (extra.length > 0 && args.runs === undefined)
      throw new InputError(`unexpected argument "${extra[0]}": analyze takes one span source`);
    const runFiles = [...(args.runs?.split(',') ?? []), ...extra]
      .map((f) => f.trim())
      .filter((f) => f !== '');
    const run = args.run !== undefined ? await readRunFile(args.run) : undefined;
    const reports = await loadOtherRuns(runFiles, thresholds);
    const source = await openSpanSource(args.source);
    let report = await analyzeSource(source, {
      thresholds,
      ...(run ? { run } : {}),
      ...(reports.length > 0 ? { otherReports: reports } : {}),
      ...(args.traceUrl ? { traceUrlTemplate: args.traceUrl } : {}),
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
      io.out(renderHtmlReport(report, args.traceUrl ? { jaegerUrlTemplate: args.traceUrl } : {}));
    // Colour only on a terminal.
    else io.out(renderText(report, { top, color: process.stdout.isTTY === true }));
    return 0;
  },
});
