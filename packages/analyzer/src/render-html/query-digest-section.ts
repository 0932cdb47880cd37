// The query digest: every query shape (literals removed) with its cost, as a sortable table.
import type { QueryShape, RouteSummary } from '@loadlens/types';
import { escapeHtml } from './escape-html.ts';
import { formatCount, formatMs, formatShare } from './format-values.ts';
import { type Column, sortableTable } from './sortable-table.ts';
import { traceLinks } from './trace-links.ts';

function topRoute(shape: QueryShape): string {
  const route = [...shape.routes].sort((a, b) => b.share - a.share)[0];
  return route
    ? `${escapeHtml(route.route)} <span class="muted">${escapeHtml(formatShare(route.share))}</span>`
    : '';
}

export function renderQueryDigest(
  queries: readonly QueryShape[],
  traceUrlTemplate: string | undefined,
): string {
  if (queries.length === 0) return '<p class="empty">No database spans in this run.</p>';
  const columns: Column<QueryShape>[] = [
    {
      header: 'Shape',
      cell: (q) =>
        `<code title="${escapeHtml(q.sample)}">${escapeHtml(q.fingerprint)}</code>` +
        `<div class="muted">${escapeHtml(q.system)}${q.collection ? ` · ${escapeHtml(q.collection)}` : ''} ${traceLinks(traceUrlTemplate, q.sampleTraceIds, 1)}</div>`,
    },
    { header: 'Calls', value: (q) => q.count, cell: (q) => escapeHtml(formatCount(q.count)) },
    { header: 'Total', value: (q) => q.totalMs, cell: (q) => escapeHtml(formatMs(q.totalMs)) },
    { header: 'Mean', value: (q) => q.meanMs, cell: (q) => escapeHtml(formatMs(q.meanMs)) },
    { header: 'p95', value: (q) => q.p95Ms, cell: (q) => escapeHtml(formatMs(q.p95Ms)) },
    { header: 'p99', value: (q) => q.p99Ms, cell: (q) => escapeHtml(formatMs(q.p99Ms)) },
    { header: 'Max', value: (q) => q.maxMs, cell: (q) => escapeHtml(formatMs(q.maxMs)) },
    { header: 'Main route', cell: topRoute },
  ];
  const rows = [...queries].sort((a, b) => b.totalMs - a.totalMs);
  return sortableTable('query-digest', columns, rows, 'Total');
}

export function renderRouteTable(routes: readonly RouteSummary[]): string {
  if (routes.length === 0) return '<p class="empty">No server spans in this run.</p>';
  const columns: Column<RouteSummary>[] = [
    { header: 'Route', cell: (r) => `<span class="route-name">${escapeHtml(r.route)}</span>` },
    { header: 'Requests', value: (r) => r.count, cell: (r) => escapeHtml(formatCount(r.count)) },
    { header: 'Errors', value: (r) => r.errorCount, cell: (r) => escapeHtml(formatCount(r.errorCount)) },
    { header: 'Mean', value: (r) => r.meanMs, cell: (r) => escapeHtml(formatMs(r.meanMs)) },
    { header: 'p50', value: (r) => r.p50Ms, cell: (r) => escapeHtml(formatMs(r.p50Ms)) },
    { header: 'p95', value: (r) => r.p95Ms, cell: (r) => escapeHtml(formatMs(r.p95Ms)) },
    { header: 'p99', value: (r) => r.p99Ms, cell: (r) => escapeHtml(formatMs(r.p99Ms)) },
  ];
  const rows = [...routes].sort((a, b) => b.p99Ms - a.p99Ms);
  return sortableTable('routes', columns, rows, 'p99');
}
