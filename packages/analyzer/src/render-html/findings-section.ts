// The findings of a report, ranked by what a fix would save, with evidence and sample traces.

import type { Finding } from '@loadlens/types';
import { RANKING_NOTE } from '../render/ranking-note.ts';
import { escapeHtml } from './escape-html.ts';
import { formatCount, formatMs, formatShare } from './format-values.ts';
import { traceLinks } from './trace-links.ts';

function evidenceList(finding: Finding): string {
  if (finding.evidence.length === 0) return '';
  const items = finding.evidence.map(function evidenceItem(item) {
    const unit = item.unit ? ` ${escapeHtml(item.unit)}` : '';
    return `<dt>${escapeHtml(item.label)}</dt><dd>${escapeHtml(typeof item.value === 'number' ? formatCount(item.value) : item.value)}${unit}</dd>`;
  });
  return `<dl class="evidence">${items.join('')}</dl>`;
}

/** One finding as an article; `rank` counts from 1. */
export function renderFinding(finding: Finding, rank: number, traceUrlTemplate: string | undefined): string {
  const route = finding.route ? `<span class="route-name">${escapeHtml(finding.route)}</span>` : '';
  const shape = finding.fingerprint ? `<pre class="shape">${escapeHtml(finding.fingerprint)}</pre>` : '';
  const traces = traceLinks(traceUrlTemplate, finding.sampleTraceIds);
  return `<article class="finding severity-${escapeHtml(finding.severity)}">
<header><span class="rank">#${rank}</span><span class="badge ${escapeHtml(finding.severity)}">${escapeHtml(finding.severity)}</span><span class="kind">${escapeHtml(finding.kind)}</span><h3>${escapeHtml(finding.title)}</h3></header>
<p class="impact">A fix saves <strong>${escapeHtml(formatMs(finding.impact.msPerRequest))}</strong> per request (${escapeHtml(formatShare(finding.impact.share))} of the route's time) ${route}</p>
${shape}${evidenceList(finding)}
<p class="suggestion">${escapeHtml(finding.suggestion)}</p>
${traces ? `<p class="traces">Sample traces: ${traces}</p>` : ''}
</article>`;
}

/**
 * Findings in the report's own order: the analyzer ranks them (time a fix would save over the run, a
 * cause with the waiting it creates), and every output must show the same first finding.
 */
export function renderFindings(findings: readonly Finding[], traceUrlTemplate: string | undefined): string {
  if (findings.length === 0)
    return '<p class="empty">No findings: nothing in this run crossed a detection threshold.</p>';
  const note = `<p class="ranking-note">${escapeHtml(RANKING_NOTE)}</p>`;
  return [note, ...findings.map((finding, i) => renderFinding(finding, i + 1, traceUrlTemplate))].join('\n');
}
