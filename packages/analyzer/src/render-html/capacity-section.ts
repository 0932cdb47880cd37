// Capacity: the figures a reader asks first (how much load, what broke, how many users, what cost)
// above the latency-vs-load chart.
import type { Capacity } from '@loadlens/types';
import { escapeHtml } from './escape-html.ts';
import { formatCount, formatRate, formatUsd } from './format-values.ts';
import { renderLatencyCurve } from './latency-curve-svg.ts';

/** Fewer offered rates than this do not show where latency turns upward. */
const MIN_CURVE_POINTS = 3;

function figure(label: string, value: string | undefined): string {
  return value === undefined
    ? ''
    : `<div class="figure"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

export function renderCapacity(capacity: Capacity | undefined): string {
  if (!capacity)
    return '<p class="empty">No capacity search in this run (run with stages that ramp the load).</p>';
  const r = (v: number | undefined) => (v === undefined ? undefined : formatRate(v));
  const failure =
    capacity.failureMode && capacity.failureMode !== 'none'
      ? `${capacity.failureMode}${capacity.failureDetail ? `: ${capacity.failureDetail}` : ''}`
      : undefined;
  const figures = [
    figure('sustainable at the SLO', r(capacity.sustainableRate)),
    figure('knee of the latency curve', r(capacity.kneeRate)),
    figure(
      'users supported',
      capacity.usersSupported === undefined ? undefined : formatCount(Math.floor(capacity.usersSupported)),
    ),
    figure(
      capacity.instance ? `per user per month on ${capacity.instance.name}` : 'per user per month',
      capacity.costPerUserMonthlyUsd === undefined ? undefined : formatUsd(capacity.costPerUserMonthlyUsd),
    ),
    figure(
      'per million requests',
      capacity.costPerMillionRequestsUsd === undefined
        ? undefined
        : formatUsd(capacity.costPerMillionRequestsUsd),
    ),
  ].join('');
  const chart = renderLatencyCurve(capacity);
  // A curve needs a few offered rates; one constant-rate run is a single point.
  const few =
    capacity.points.length > 0 && capacity.points.length < MIN_CURVE_POINTS
      ? `<p class="empty">${capacity.points.length === 1 ? 'One load step' : `${capacity.points.length} load steps`}: a staged or ramping workload (or <code>loadlens capacity</code>) draws the curve and its knee.</p>`
      : '';
  return `<div class="figures">${figures}</div>
${failure ? `<p class="failure">What broke first: <strong>${escapeHtml(failure)}</strong></p>` : ''}
${chart || '<p class="empty">No load steps to draw.</p>'}${few}`;
}
