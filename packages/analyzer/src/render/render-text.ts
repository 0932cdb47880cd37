// The terminal report: summary, ranked findings with evidence, per-route stages, the query digest.
// Colour only when asked (the CLI asks on a TTY), so piped output and snapshots stay plain.

import type { Finding, Report } from '@loadlens/types';
import { formatMs, formatShare } from '../format-duration.ts';
import { cutStatement } from './cut-statement.ts';
import { RANKING_NOTE } from './ranking-note.ts';
import { DEFAULT_TOP, findingStatement, type RenderOptions, traceLink } from './render-options.ts';

const SEVERITY_COLOUR: Record<Finding['severity'], string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
};
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';

function table(rows: string[][], right: number[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows.map((row) =>
    row
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * @example renderText(report, { top: 5, color: process.stdout.isTTY })
 */
export function renderText(report: Report, options: RenderOptions = {}): string {
  const top = options.top ?? DEFAULT_TOP;
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  lines.push(
    paint(BOLD, `loadlens report — ${report.source.location}`),
    `${report.traceCount} traces, ${report.spanCount} spans, ${report.routes.length} routes, ${report.queries.length} query shapes, ${report.findings.length} findings`,
  );
  if (report.capacity && report.capacity.points.length > 0) {
    lines.push('', paint(BOLD, 'Capacity (per load phase of the run)'));
    const knee = report.capacity.kneeRate;
    const rows = [['offered', 'achieved', 'p50', 'p99', 'errors', 'dropped', '']];
    for (const p of report.capacity.points)
      rows.push([
        `${p.offeredRate}/s`,
        `${Math.round(p.achievedRate * 10) / 10}/s`,
        formatMs(p.p50Ms),
        formatMs(p.p99Ms),
        formatShare(p.errorRate),
        formatShare(p.droppedRate),
        p.offeredRate === knee ? '← knee: latency takes off after this rate' : '',
      ]);
    lines.push(...table(rows, [0, 1, 2, 3, 4, 5]).map((l) => `  ${l}`));
  }
  lines.push('', paint(BOLD, 'Findings (by time a fix would save)'));
  if (report.findings.length === 0) lines.push('  none');
  else lines.push(`  ${RANKING_NOTE}`);
  report.findings.slice(0, top).forEach((f, i) => {
    lines.push(
      `${String(i + 1).padStart(2)}. ${paint(SEVERITY_COLOUR[f.severity], f.severity.toUpperCase())} ${f.title}`,
      `    saves ${formatMs(f.impact.msPerRequest)} per request (${formatShare(f.impact.share)} of the route) · ${f.kind} · ${f.id}`,
    );
    const statement = findingStatement(report, f);
    if (statement) lines.push(`    query: ${cutStatement(statement, 160)}`);
    for (const e of f.evidence)
      lines.push(`    - ${e.label}: ${cutStatement(String(e.value), 140)}${e.unit ? ` ${e.unit}` : ''}`);
    lines.push(`    → ${f.suggestion}`);
    if (f.sampleTraceIds.length > 0)
      lines.push(
        `    traces: ${f.sampleTraceIds.map((id) => traceLink(report.traceUrlTemplate, id)).join(' ')}`,
      );
  });
  if (report.findings.length > top)
    lines.push(`    … ${report.findings.length - top} more (--top ${report.findings.length})`);
  lines.push('', paint(BOLD, 'Routes'));
  const routeRows = [
    ['route', 'count', 'errors', 'p50', 'p95', 'p99', 'stages (self time share · critical path share)'],
  ];
  for (const r of report.routes)
    routeRows.push([
      r.route,
      String(r.count),
      String(r.errorCount),
      formatMs(r.p50Ms),
      formatMs(r.p95Ms),
      formatMs(r.p99Ms),
      r.stages
        .slice(0, 4)
        .map((s) => `${s.stage} ${formatShare(s.share)}·${formatShare(s.criticalShare ?? 0)}`)
        .join(', '),
    ]);
  lines.push(...table(routeRows, [1, 2, 3, 4, 5]).map((l) => `  ${l}`));
  lines.push('', paint(BOLD, 'Query shapes (by total time)'));
  const queryRows = [['total', 'count', 'p50', 'p95', 'p99', 'max', 'system', 'query']];
  for (const q of report.queries.slice(0, Math.max(top, 10)))
    queryRows.push([
      formatMs(q.totalMs),
      String(q.count),
      formatMs(q.p50Ms),
      formatMs(q.p95Ms),
      formatMs(q.p99Ms),
      formatMs(q.maxMs),
      q.system,
      cutStatement(q.sample, 90),
    ]);
  lines.push(...table(queryRows, [0, 1, 2, 3, 4, 5]).map((l) => `  ${l}`));
  if (report.queries.length > Math.max(top, 10))
    lines.push(`  … ${report.queries.length - Math.max(top, 10)} more shapes`);
  return lines.join('\n');
}
