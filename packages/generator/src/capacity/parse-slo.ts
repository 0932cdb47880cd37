// Parses the `--slo` flag ("p99<500ms,errors<1%,dropped<1%") into the resolved SLO the engine checks.
import { InputError, parseDurationMs, parseFraction, type ResolvedSlo } from '@loadlens/types';

const TERM = /^\s*(p50|p90|p95|p99|p999|errors|dropped)\s*<\s*(.+?)\s*$/;

/**
 * @example parseSlo('p99<500ms,errors<1%') // { latencyMs: { p99: 500 }, errorRate: 0.01 }
 */
export function parseSlo(text: string, flag = '--slo'): ResolvedSlo {
  const slo: ResolvedSlo = { latencyMs: {} };
  const terms = text.split(',').filter((t) => t.trim() !== '');
  if (terms.length === 0)
    throw new InputError(`${flag} "${text}": expected terms like "p99<500ms,errors<1%"`);
  for (const term of terms) {
    const m = TERM.exec(term);
    if (!m)
      throw new InputError(
        `${flag} "${text}": cannot read "${term.trim()}": expected pNN<duration (p50, p90, p95, p99, p999), errors<N% or dropped<N%`,
      );
    const [, name, value] = m as unknown as [string, string, string];
    if (name === 'errors' || name === 'dropped') {
      const fraction = parseFraction(value);
      if (fraction === undefined)
        throw new InputError(`${flag} "${text}": "${value}" is not a percentage like "1%"`);
      if (name === 'errors') slo.errorRate = fraction;
      else slo.droppedRate = fraction;
    } else {
      const ms = parseDurationMs(value);
      if (ms === undefined)
        throw new InputError(`${flag} "${text}": "${value}" is not a duration like "500ms"`);
      slo.latencyMs[name as keyof ResolvedSlo['latencyMs']] = ms;
    }
  }
  return slo;
}

/** "p99 < 500ms, errors < 1%" */
export function describeSlo(slo: ResolvedSlo): string {
  const parts = Object.entries(slo.latencyMs).map(([p, ms]) => `${p} < ${ms}ms`);
  if (slo.errorRate !== undefined) parts.push(`errors < ${+(slo.errorRate * 100).toFixed(4)}%`);
  if (slo.droppedRate !== undefined) parts.push(`dropped < ${+(slo.droppedRate * 100).toFixed(4)}%`);
  return parts.join(', ');
}
