// The report as Markdown for a pull-request comment: a summary line, the top findings, the query table;
// always under GitHub's 65,536-character comment limit, with what was cut said in the comment.

import type { Finding, Report } from '@loadlens/types';
import { formatMs, formatShare } from '../format-duration.ts';
import { RANKING_NOTE } from './ranking-note.ts';
import { DEFAULT_TOP, findingStatement, type RenderOptions, traceLink } from './render-options.ts';

/** GitHub rejects comments over 65,536 characters; stay under 65,000 to leave room for a wrapper. */
export const MARKDOWN_LIMIT = 65_000;
/**
 * Row caps of a PR comment before any shrinking (loadlens's choice: what a reviewer reads; the JSON report
 * has everything): query shapes, routes, capacity points; statements and fingerprints cut at these lengths.
 */
const QUERY_ROWS = 15;
const ROUTE_ROWS = 30;
const CAPACITY_ROWS = 30;
const SAMPLE_CHARS = 300;
const FINGERPRINT_CHARS = 500;

/** Table cell: pipes escaped, newlines flattened, code in backticks when it has none of its own. */
export function cell(text: string, code = false): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return code && !flat.includes('`') ? `\`${flat}\`` : flat;
}

const ICON: Record<Finding['severity'], string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

function findingBlock(report: Report, f: Finding, i: number): string {
  const lines = [
    `**${i + 1}. ${ICON[f.severity]} ${cell(f.title)}** — saves ${formatMs(f.impact.msPerRequest)}/request (${formatShare(f.impact.share)} of the route) · \`${f.kind}\``,
  ];
  const statement = findingStatement(report, f);
  if (statement) lines.push('', '```sql', statement.slice(0, FINGERPRINT_CHARS), '```');
  lines.push(
    '',
    ...f.evidence.map((e) => `- ${cell(e.label)}: ${cell(String(e.value))}${e.unit ? ` ${e.unit}` : ''}`),
  );
  lines.push('', `> ${cell(f.suggestion)}`);
  if (f.sampleTraceIds.length > 0)
    lines.push(
      '',
      `Traces: ${f.sampleTraceIds
        .map((id) =>
          report.traceUrlTemplate
            ? `[${id.slice(0, 8)}](${traceLink(report.traceUrlTemplate, id)})`
            : `\`${id}\``,
        )
        .join(' ')}`,
    );
  return lines.join('\n');
}

function render(report: Report, findings: number, queries: number): string {
  const critical = report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  const parts = [
    '## loadlens report',
    '',
    `**${report.findings.length} findings** (${critical} critical or high) · ${report.routes.length} routes · ${report.queries.length} query shapes · ${report.traceCount} traces`,
  ];
  if (report.capacity?.kneeRate !== undefined)
    parts.push('', `Latency knee at **${report.capacity.kneeRate} req/s**.`);
  if (report.capacity && report.capacity.points.length > 0) {
    parts.push('', '| offered | achieved | p50 | p99 | errors |', '|--:|--:|--:|--:|--:|');
    for (const p of report.capacity.points.slice(0, CAPACITY_ROWS))
      parts.push(
        `| ${p.offeredRate}/s | ${Math.round(p.achievedRate * 10) / 10}/s | ${formatMs(p.p50Ms)} | ${formatMs(p.p99Ms)} | ${formatShare(p.errorRate)} |`,
      );
  }
  parts.push('', '### Top findings', '');
  if (report.findings.length === 0) parts.push('No findings.');
  else parts.push(`_${RANKING_NOTE}_`, '');
  for (const [i, f] of report.findings.slice(0, findings).entries())
    parts.push(findingBlock(report, f, i), '');
  if (report.findings.length > findings)
    parts.push(`_${report.findings.length - findings} more findings not shown._`, '');
  parts.push(
    '### Slowest query shapes',
    '',
    '| total | count | p50 | p95 | p99 | query |',
    '|--:|--:|--:|--:|--:|:--|',
  );
  for (const q of report.queries.slice(0, queries))
    parts.push(
      `| ${formatMs(q.totalMs)} | ${q.count} | ${formatMs(q.p50Ms)} | ${formatMs(q.p95Ms)} | ${formatMs(q.p99Ms)} | ${cell(q.sample.slice(0, SAMPLE_CHARS), true)} |`,
    );
  if (report.queries.length > queries)
    parts.push('', `_${report.queries.length - queries} more query shapes not shown._`);
  parts.push(
    '',
    '### Routes',
    '',
    '| route | count | p50 | p95 | p99 | biggest stage |',
    '|:--|--:|--:|--:|--:|:--|',
  );
  for (const r of report.routes.slice(0, ROUTE_ROWS)) {
    const s = r.stages[0];
    parts.push(
      `| ${cell(r.route, true)} | ${r.count} | ${formatMs(r.p50Ms)} | ${formatMs(r.p95Ms)} | ${formatMs(r.p99Ms)} | ${s ? `${s.stage} ${formatShare(s.share)}` : ''} |`,
    );
  }
  if (report.routes.length > ROUTE_ROWS)
    parts.push('', `_${report.routes.length - ROUTE_ROWS} more routes not shown._`);
  return parts.join('\n');
}

/**
 * @example renderMarkdown(report, { top: 5 }).length < MARKDOWN_LIMIT // always
 */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  let findings = options.top ?? DEFAULT_TOP;
  let queries = QUERY_ROWS;
  let text = render(report, findings, queries);
  // Shrink the lists until the comment fits; each pass halves them, so this ends within ~20 passes.
  while (text.length > MARKDOWN_LIMIT && (findings > 1 || queries > 1)) {
    findings = Math.max(1, Math.floor(findings / 2));
    queries = Math.max(1, Math.floor(queries / 2));
    text = render(report, findings, queries);
  }
  if (text.length > MARKDOWN_LIMIT) {
    const note = '\n\n_Report truncated to fit a pull-request comment; see the JSON report for the rest._';
    text = text.slice(0, MARKDOWN_LIMIT - note.length) + note;
  }
  return text;
}
