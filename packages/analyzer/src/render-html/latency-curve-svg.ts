// The latency-vs-offered-load chart: p50 and p99 at each step of the capacity search, with the SLO
// line and the knee, drawn as inline SVG so the report needs no script or network to show it.
import type { Capacity } from '@loadlens/types';
import { linearTicks, logTicks } from './axis-ticks.ts';
import { escapeHtml } from './escape-html.ts';
import { formatMs, formatRate, formatShare } from './format-values.ts';

const WIDTH = 760;
const HEIGHT = 340;
const PAD = { left: 84, right: 24, top: 20, bottom: 48 };
/** Above this max/min ratio a linear axis flattens p50 into the floor, so the y axis goes logarithmic. */
const LOG_SCALE_RATIO = 20;

type Scale = (value: number) => number;

/** Axis labels are round numbers already: print them without trailing zeros. */
function tickLabel(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toPrecision(6))} s` : `${Number(ms.toPrecision(6))} ms`;
}

function yScale(min: number, max: number): { scale: Scale; ticks: number[]; log: boolean } {
  const top = PAD.top;
  const bottom = HEIGHT - PAD.bottom;
  if (max / Math.max(min, 1e-3) > LOG_SCALE_RATIO) {
    const ticks = logTicks(min, max);
    const lo = Math.log10(ticks[0] as number);
    const hi = Math.log10(ticks.at(-1) as number);
    const scale = (v: number) => bottom - ((Math.log10(Math.max(v, 1e-3)) - lo) / (hi - lo)) * (bottom - top);
    return { scale, ticks, log: true };
  }
  const ticks = linearTicks(max);
  const hi = ticks.at(-1) as number;
  return { scale: (v: number) => bottom - (v / hi) * (bottom - top), ticks, log: false };
}

/** A line through the points; each dot carries its figures as a tooltip, so the chart can be read exactly. */
function polyline(points: readonly [number, number, string][], cls: string): string {
  const d = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const dots = points
    .map(
      ([x, y, title]) =>
        `<circle class="${cls}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5"><title>${escapeHtml(title)}</title></circle>`,
    )
    .join('');
  return `<polyline class="${cls}" points="${d}"/>${dots}`;
}

/**
 * The chart for `capacity.points`, or an empty string when there are none.
 * @example renderLatencyCurve(report.capacity) // '<svg class="chart latency-curve" …>'
 */
export function renderLatencyCurve(capacity: Capacity): string {
  const points = [...capacity.points].sort((a, b) => a.offeredRate - b.offeredRate);
  if (points.length === 0) return '';
  const slo = capacity.slo?.latencyMs.p99;
  const latencies = points.flatMap((p) => [p.p50Ms, p.p99Ms]);
  const y = yScale(Math.min(...latencies), Math.max(...latencies, slo ?? 0));
  // The knee and the sustainable rate can lie beyond the last step; the axis reaches them too.
  const xTicks = linearTicks(
    Math.max(...points.map((p) => p.offeredRate), capacity.kneeRate ?? 0, capacity.sustainableRate ?? 0),
  );
  const xMax = xTicks.at(-1) as number;
  const x: Scale = (v) => PAD.left + (v / xMax) * (WIDTH - PAD.left - PAD.right);
  const bottom = HEIGHT - PAD.bottom;
  const parts: string[] = [];

  for (const tick of y.ticks) {
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y.scale(tick).toFixed(1)}" y2="${y.scale(tick).toFixed(1)}"/>`,
      `<text class="tick" x="${PAD.left - 8}" y="${(y.scale(tick) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(tickLabel(tick))}</text>`,
    );
  }
  for (const tick of xTicks) {
    parts.push(
      `<text class="tick" x="${x(tick).toFixed(1)}" y="${bottom + 18}" text-anchor="middle">${tick}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${bottom}" y2="${bottom}"/>`,
    `<text class="label" x="${(PAD.left + WIDTH - PAD.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">offered load (req/s)</text>`,
    `<text class="label" transform="translate(14 ${(PAD.top + bottom) / 2}) rotate(-90)" text-anchor="middle">latency${y.log ? ' (log scale)' : ''}</text>`,
  );
  if (slo !== undefined) {
    const sy = y.scale(slo).toFixed(1);
    parts.push(
      `<line class="slo" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${sy}" y2="${sy}"/>`,
      `<text class="slo-label" x="${WIDTH - PAD.right - 4}" y="${Number(sy) - 6}" text-anchor="end">SLO p99 ${escapeHtml(formatMs(slo))}</text>`,
    );
  }
  if (capacity.kneeRate !== undefined) {
    const kx = x(capacity.kneeRate).toFixed(1);
    parts.push(
      `<line class="knee" x1="${kx}" x2="${kx}" y1="${PAD.top}" y2="${bottom}"/>`,
      `<text class="knee-label" x="${Number(kx) + 6}" y="${PAD.top + 12}">knee ${escapeHtml(formatRate(capacity.kneeRate))}</text>`,
    );
  }
  parts.push(
    polyline(
      points.map((p) => [
        x(p.offeredRate),
        y.scale(p.p50Ms),
        `${formatRate(p.offeredRate)}: p50 ${formatMs(p.p50Ms)}`,
      ]),
      'p50',
    ),
    polyline(
      points.map((p) => [
        x(p.offeredRate),
        y.scale(p.p99Ms),
        `${formatRate(p.offeredRate)}: p99 ${formatMs(p.p99Ms)}, errors ${formatShare(p.errorRate)}`,
      ]),
      'p99',
    ),
  );
  const legend =
    `<g class="legend" transform="translate(${PAD.left + 12} ${PAD.top + 6})">` +
    '<line class="p50" x1="0" x2="18" y1="0" y2="0"/><text x="24" y="4">p50</text>' +
    '<line class="p99" x1="60" x2="78" y1="0" y2="0"/><text x="84" y="4">p99</text></g>';
  return (
    `<svg class="chart latency-curve" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" ` +
    `aria-label="p50 and p99 latency against offered load" xmlns="http://www.w3.org/2000/svg">` +
    `${parts.join('')}${legend}</svg>`
  );
}
