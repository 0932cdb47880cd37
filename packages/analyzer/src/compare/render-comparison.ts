// The comparison as text for the terminal and as Markdown for the pull-request comment (same cap as the report).
// Start-up and background statements (outside any request) are counted apart and, in Markdown, listed in a
// collapsed section: a schema's CREATE TABLE batch is not a change a reviewer of request latency needs first.
import type { Comparison, Delta } from '@loadlens/types';
import { formatMs } from '../format-duration.ts';
import { cutStatement } from '../render/cut-statement.ts';
import { cell, MARKDOWN_LIMIT } from '../render/render-markdown.ts';

/** Row caps of the PR comment (loadlens's choice; the JSON comparison has every row). */
const CHANGE_ROWS = 40;
const FINDING_ROWS = 20;

const VERDICT_ICON: Record<Delta['verdict'], string> = {
  regression: '🔺 regression',
  improvement: '✅ improvement',
  unchanged: 'unchanged',
  new: '🆕 new',
  removed: 'removed',
};

function metric(d: Delta, name: string): string {
  const m = d.metrics.find((x) => x.metric === name);
  if (!m) return '';
  const fmt = (v: number | null) => (v === null ? '–' : formatMs(v));
  const change = m.change === null ? '' : ` (${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(1)} %)`;
  return `${fmt(m.base)} → ${fmt(m.head)}${change}`;
}

/** Changed rows first (regressions, then improvements, new, removed); unchanged rows only counted. */
function interesting(deltas: readonly Delta[]): Delta[] {
  const order: Delta['verdict'][] = ['regression', 'improvement', 'new', 'removed'];
  return deltas
    .filter((d) => d.verdict !== 'unchanged')
    .sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
}

const requestDeltas = (c: Comparison) => c.deltas.filter((d) => !d.background);
const backgroundChanges = (c: Comparison) => interesting(c.deltas.filter((d) => d.background));

function summary(c: Comparison): string {
  const request = requestDeltas(c);
  const count = (v: Delta['verdict']) => request.filter((d) => d.verdict === v).length;
  const background = backgroundChanges(c).length;
  return `${count('regression')} regressions, ${count('improvement')} improvements, ${count('unchanged')} unchanged · ${c.newFindings.length} new findings, ${c.resolvedFindings.length} resolved${background > 0 ? ` · ${background} start-up/background statement${background === 1 ? '' : 's'} changed` : ''}`;
}

/** What a row names: its kind and key, cut when long, and for a new shape the one it replaces. */
function what(d: Delta): string {
  const replaces = d.replaces === undefined ? '' : ` (replaces ${cell(cutStatement(d.replaces), true)})`;
  return `${d.kind} ${cell(cutStatement(d.key), true)}${replaces}`;
}

function changeRow(d: Delta): string {
  return `| ${VERDICT_ICON[d.verdict]} | ${what(d)} | ${metric(d, 'p50Ms')} | ${metric(d, 'p95Ms')} | ${d.pValue !== undefined ? d.pValue.toPrecision(2) : ''} |`;
}

const CHANGE_HEADER = ['| | what | p50 | p95 | p-value |', '|:--|:--|:--|:--|--:|'];

export function renderComparisonText(c: Comparison): string {
  const lines = [`loadlens compare — ${c.base.location} → ${c.head.location}`, summary(c), ''];
  for (const d of interesting(requestDeltas(c)))
    lines.push(
      `${d.verdict.toUpperCase().padEnd(11)} ${d.kind} ${cutStatement(d.key)}${d.replaces === undefined ? '' : ` (replaces ${cutStatement(d.replaces)})`}`,
      `            p50 ${metric(d, 'p50Ms')} · p95 ${metric(d, 'p95Ms')}${d.pValue !== undefined ? ` · p=${d.pValue.toPrecision(2)}` : ''}`,
    );
  for (const f of c.newFindings) lines.push(`NEW FINDING ${f.severity} ${f.title}`);
  for (const f of c.resolvedFindings) lines.push(`RESOLVED    ${f.title}`);
  for (const r of c.rules) lines.push(`rule ${r.rule}: ${r.tripped ? 'FAILED' : 'ok'} — ${r.detail}`);
  lines.push(c.failed ? 'result: FAILED' : 'result: ok');
  return lines.join('\n');
}

export function renderComparisonMarkdown(c: Comparison): string {
  const parts = [`## loadlens: ${c.failed ? '❌ regression' : '✅ no regression'}`, '', summary(c), ''];
  if (c.rules.length > 0) {
    parts.push('| rule | result | detail |', '|:--|:--|:--|');
    for (const r of c.rules)
      parts.push(
        `| \`${cell(r.rule)}\` | ${r.tripped ? '❌ failed' : '✅ ok'} | ${cell(r.detail.slice(0, 500))} |`,
      );
    parts.push('');
  }
  const rows = interesting(requestDeltas(c));
  if (rows.length > 0) {
    parts.push('### Changes', '', ...CHANGE_HEADER);
    for (const d of rows.slice(0, CHANGE_ROWS)) parts.push(changeRow(d));
    if (rows.length > CHANGE_ROWS) parts.push('', `_${rows.length - CHANGE_ROWS} more changes not shown._`);
    parts.push('');
  }
  const background = backgroundChanges(c);
  if (background.length > 0) {
    // GitHub renders <details> collapsed; the blank line after <summary> lets the table inside render.
    parts.push(
      '<details><summary>Start-up and background statements, outside any request (' +
        `${background.length})</summary>`,
      '',
      ...CHANGE_HEADER,
    );
    for (const d of background.slice(0, CHANGE_ROWS)) parts.push(changeRow(d));
    parts.push('', '</details>', '');
  }
  if (c.newFindings.length > 0) {
    parts.push('### New findings', '');
    for (const f of c.newFindings.slice(0, FINDING_ROWS))
      parts.push(`- **${f.severity}** ${cell(f.title)} — saves ${formatMs(f.impact.msPerRequest)}/request`);
    parts.push('');
  }
  if (c.resolvedFindings.length > 0) {
    parts.push('### Resolved', '');
    for (const f of c.resolvedFindings.slice(0, FINDING_ROWS)) parts.push(`- ${cell(f.title)}`);
  }
  let text = parts.join('\n').trimEnd();
  if (text.length > MARKDOWN_LIMIT) {
    const note = '\n\n_Comparison truncated to fit a pull-request comment; see the JSON for the rest._';
    text = text.slice(0, MARKDOWN_LIMIT - note.length) + note;
  }
  return text;
}
