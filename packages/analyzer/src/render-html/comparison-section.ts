// The comparison view: base vs head, the deltas with their verdicts, the rules that tripped, and the
// findings that appeared or went away. Start-up and background statements (outside any request) sit in
// their own collapsed table: they are not request latency, and a schema batch would otherwise head it.
import type { Comparison, Delta, MetricDelta } from '@loadlens/types';
import { cutStatement } from '../render/cut-statement.ts';
import { escapeHtml } from './escape-html.ts';
import { formatAddress, formatChange } from './format-values.ts';
import { type Column, sortableTable } from './sortable-table.ts';

/** Verdicts in the order a reviewer reads them: what got worse first. */
const VERDICT_ORDER = ['regression', 'new', 'improvement', 'removed', 'unchanged'] as const;

function metricValue(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(value >= 100 ? 0 : 2);
}

function metricCell(metric: MetricDelta): string {
  const change =
    metric.change === null ? '' : ` <span class="change">${escapeHtml(formatChange(metric.change))}</span>`;
  return `<span class="metric"><span class="muted">${escapeHtml(metric.metric)}</span> ${escapeHtml(metricValue(metric.base))} → ${escapeHtml(metricValue(metric.head))}${change}</span>`;
}

/** Below 0.001 the digits say nothing more than "significant". */
function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toPrecision(2);
}

/** The largest relative change of a delta, for sorting (regressions of any metric surface first). */
function largestChange(delta: Delta): number {
  return Math.max(0, ...delta.metrics.map((m) => m.change ?? 0));
}

function findingList(title: string, findings: Comparison['newFindings']): string {
  if (findings.length === 0) return '';
  const items = findings.map(
    (f) =>
      `<li><span class="badge ${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span> ${escapeHtml(f.title)}${f.route ? ` <span class="route-name">${escapeHtml(f.route)}</span>` : ''}</li>`,
  );
  return `<h3>${escapeHtml(title)}</h3><ul class="finding-list">${items.join('')}</ul>`;
}

/** A key (route or query shape) as a table shows it: cut when long, whole in its tooltip. */
function keyCode(key: string): string {
  const cut = cutStatement(key);
  return cut === key
    ? `<code>${escapeHtml(key)}</code>`
    : `<code title="${escapeHtml(key)}">${escapeHtml(cut)}</code>`;
}

export function renderComparison(comparison: Comparison): string {
  const counts = VERDICT_ORDER.map((verdict) => {
    const n = comparison.deltas.filter((d) => !d.background && d.verdict === verdict).length;
    return n > 0 ? `<span class="verdict ${verdict}">${n} ${verdict}</span>` : '';
  }).join(' ');
  const rules = comparison.rules
    .map(
      (r) =>
        `<li class="${r.tripped ? 'tripped' : 'passed'}">${r.tripped ? '✗' : '✓'} <code>${escapeHtml(r.rule)}</code> ${escapeHtml(r.detail)}</li>`,
    )
    .join('');
  const columns: Column<Delta>[] = [
    {
      header: 'What',
      cell: (d) =>
        `${keyCode(d.key)} <span class="muted">${escapeHtml(d.kind)}</span>${d.replaces === undefined ? '' : `<br><span class="muted">replaces</span> ${keyCode(d.replaces)}`}`,
    },
    {
      header: 'Verdict',
      value: (d) => VERDICT_ORDER.length - VERDICT_ORDER.indexOf(d.verdict),
      cell: (d) => `<span class="verdict ${escapeHtml(d.verdict)}">${escapeHtml(d.verdict)}</span>`,
    },
    { header: 'Change', value: largestChange, cell: (d) => d.metrics.map(metricCell).join('<br>') },
    {
      header: 'p-value',
      value: (d) => d.pValue ?? 1,
      cell: (d) =>
        d.pValue === undefined ? '—' : escapeHtml(`${formatPValue(d.pValue)}${d.test ? ` (${d.test})` : ''}`),
    },
  ];
  const sorted = [...comparison.deltas].sort(
    (a, b) =>
      VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
      largestChange(b) - largestChange(a),
  );
  const deltas = sorted.filter((d) => !d.background);
  const background = sorted.filter((d) => d.background);
  const status = comparison.failed
    ? '<p class="status failed">Regression: at least one rule tripped.</p>'
    : '<p class="status passed">No rule tripped.</p>';
  return `<p class="versus"><strong>${escapeHtml(comparison.base.label)}</strong> <span class="muted">(${escapeHtml(formatAddress(comparison.base.location))})</span> → <strong>${escapeHtml(comparison.head.label)}</strong> <span class="muted">(${escapeHtml(formatAddress(comparison.head.location))})</span></p>
${status}<p>${counts}</p>
${rules ? `<ul class="rules">${rules}</ul>` : ''}
${deltas.length > 0 ? sortableTable('deltas', columns, deltas, 'Verdict') : ''}
${background.length > 0 ? `<details class="background"><summary>Start-up and background statements, outside any request (${background.length})</summary>${sortableTable('background-deltas', columns, background, 'Verdict')}</details>` : ''}
${findingList('New findings', comparison.newFindings)}
${findingList('Resolved findings', comparison.resolvedFindings)}`;
}
