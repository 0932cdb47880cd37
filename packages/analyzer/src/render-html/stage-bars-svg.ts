// Per-route stage breakdown: one stacked horizontal bar per route, a segment per stage sized by its
// mean self time per request, drawn as inline SVG.
import type { RouteSummary } from '@loadlens/types';
import { escapeHtml } from './escape-html.ts';
import { formatMs, formatShare } from './format-values.ts';

const WIDTH = 760;
const LABEL_WIDTH = 250;
const ROW = 30;
const BAR = 18;
const TOP = 34;
/** Route labels longer than this are cut in the chart (the full name is in the tooltip and the table). */
const LABEL_CHARS = 34;
/** Routes drawn: the costliest by total time (requests × mean); the table below lists them all. */
export const MAX_STAGE_ROUTES = 15;
/** Stage colours, assigned by stage in order of total time across routes so the costliest are distinct. */
const PALETTE = ['#d1495b', '#2e86ab', '#edae49', '#66a182', '#8d6a9f', '#00798c', '#6c757d', '#f18f01'];

function truncate(text: string): string {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/** Stage name → colour, costliest stage first. */
export function stageColors(routes: readonly RouteSummary[]): Map<string, string> {
  const totals = new Map<string, number>();
  for (const route of routes) {
    for (const stage of route.stages) {
      totals.set(stage.stage, (totals.get(stage.stage) ?? 0) + stage.meanMs * route.count);
    }
  }
  const order = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return new Map(order.map(([stage], i) => [stage, PALETTE[i % PALETTE.length] as string]));
}

/** The chart for the routes that have stages, or an empty string when none do. */
export function renderStageBars(routes: readonly RouteSummary[]): string {
  const withStages = routes.filter((r) => r.stages.length > 0);
  if (withStages.length === 0) return '';
  const drawn = [...withStages]
    .sort((a, b) => b.count * b.meanMs - a.count * a.meanMs)
    .slice(0, MAX_STAGE_ROUTES);
  const colors = stageColors(drawn);
  const totals = drawn.map((r) => r.stages.reduce((sum, s) => sum + s.meanMs, 0));
  const maxTotal = Math.max(...totals, 1e-9);
  const barSpace = WIDTH - LABEL_WIDTH - 90;
  const height = TOP + drawn.length * ROW + 8;
  const rows = drawn.map(function stageRow(route, i) {
    const y = TOP + i * ROW;
    let x = LABEL_WIDTH;
    const segments = route.stages.map(function segment(stage) {
      const w = (stage.meanMs / maxTotal) * barSpace;
      const rect =
        `<rect class="stage" x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 0.5).toFixed(1)}" height="${BAR}" ` +
        `fill="${colors.get(stage.stage)}"><title>${escapeHtml(`${route.route} · ${stage.stage}: ${formatMs(stage.meanMs)} per request (${formatShare(stage.share)})`)}</title></rect>`;
      x += w;
      return rect;
    });
    return (
      `<text class="route" x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${escapeHtml(truncate(route.route))}<title>${escapeHtml(route.route)}</title></text>` +
      segments.join('') +
      `<text class="tick" x="${(x + 6).toFixed(1)}" y="${y + 13}">${escapeHtml(formatMs(totals[i] as number))}</text>`
    );
  });
  let lx = LABEL_WIDTH;
  const legend = [...colors.entries()].map(function legendItem([stage, color]) {
    const item = `<rect x="${lx}" y="6" width="12" height="12" fill="${color}"/><text x="${lx + 16}" y="16">${escapeHtml(truncate(stage))}</text>`;
    lx += 28 + Math.min(stage.length, LABEL_CHARS) * 7;
    return item;
  });
  return (
    `<svg class="chart stage-bars" viewBox="0 0 ${WIDTH} ${height}" role="img" ` +
    `aria-label="mean time per request by stage, per route" xmlns="http://www.w3.org/2000/svg">` +
    `<g class="legend">${legend.join('')}</g>${rows.join('')}</svg>` +
    (withStages.length > drawn.length
      ? `<p class="muted">The ${drawn.length} routes with the most total time of ${withStages.length}; the table lists all.</p>`
      : '')
  );
}
