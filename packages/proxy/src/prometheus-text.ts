// Renders metrics in the Prometheus text exposition format (version 0.0.4).
import { escapeLabelValue } from '@loadlens/types';
import type { Histogram } from './histogram.ts';

export type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels, extra?: string): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  if (extra) parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function number(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
}

/** Lines for one metric family: `# HELP`, `# TYPE`, then one sample per series. */
export function renderGauge(
  name: string,
  help: string,
  type: 'gauge' | 'counter',
  series: readonly { labels: Labels; value: number }[],
): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of series) lines.push(`${name}${labelText(s.labels)} ${number(s.value)}`);
  return lines;
}

/** Lines for a histogram family: cumulative `_bucket{le=…}`, `_sum`, `_count` per series. */
export function renderHistogram(
  name: string,
  help: string,
  series: readonly { labels: Labels; histogram: Histogram }[],
): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  for (const { labels, histogram } of series) {
    let cumulative = 0;
    for (let i = 0; i <= histogram.bounds.length; i++) {
      cumulative += histogram.counts[i] ?? 0;
      const le = i < histogram.bounds.length ? number(histogram.bounds[i] as number) : '+Inf';
      lines.push(`${name}_bucket${labelText(labels, `le="${le}"`)} ${cumulative}`);
    }
    lines.push(`${name}_sum${labelText(labels)} ${number(histogram.sum)}`);
    lines.push(`${name}_count${labelText(labels)} ${histogram.count}`);
  }
  return lines;
}
