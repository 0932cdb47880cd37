// The comparison as text for the terminal and as Markdown for the pull-request comment (same cap as the report).
import type { Comparison, Delta } from '@loadlens/types';
import { formatMs } from '../format-duration.ts';
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
function interesting(c: Comparison): Delta[] {
  const order: Delta['verdict'][] = ['regression', 'improvement', 'new', 'removed'];
  return c.deltas
    .filter((d) => d.verdict !== 'unchanged')
    .sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
}

function summary(c: Comparison): string {
  const count = (v: Delta['verdict']) => c.deltas.filter((d) => d.verdict === v).length;
  return `${count('regression')} regressions, ${count('improvement')} improvements, ${count('unchanged')} unchanged · ${c.newFindings.length} new findings, ${c.resolvedFindings.length} resolved`;
}

export function renderComparisonText(c: Comparison): string {
  const lines = [`loadlens compare — ${c.base.location} → ${c.head.location}`, summary(c), ''];
  for (const d of interesting(c))
    lines.push(
      `${d.verdict.toUpperCase().padEnd(11)} ${d.kind} ${d.key}`,
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
  const rows = interesting(c);
  if (rows.length > 0) {
    parts.push('### Changes', '', '| | what | p50 | p95 | p-value |', '|:--|:--|:--|:--|--:|');
    for (const d of rows.slice(0, CHANGE_ROWS))
      parts.push(
        `| ${VERDICT_ICON[d.verdict]} | ${d.kind} ${cell(d.key.slice(0, 200), true)} | ${metric(d, 'p50Ms')} | ${metric(d, 'p95Ms')} | ${d.pValue !== undefined ? d.pValue.toPrecision(2) : ''} |`,
      );
    if (rows.length > CHANGE_ROWS) parts.push('', `_${rows.length - CHANGE_ROWS} more changes not shown._`);
    parts.push('');
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
