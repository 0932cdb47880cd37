// `--fail-on "p95:+10%,new-n-plus-one"`: the rules that make `compare` exit 1, parsed up front so a typo
// is a usage error (exit 2) and not a silently passing check.
import { type Delta, FINDING_KINDS, type Finding, type FindingKind, InputError } from '@loadlens/types';

export type FailRule =
  | { text: string; type: 'latency'; metric: 'p50' | 'p95' | 'p99' | 'mean'; percent?: number; ms?: number }
  | { text: string; type: 'errors'; points: number }
  | { text: string; type: 'new-finding'; kind: FindingKind | undefined };

const SYNTAX =
  'expected p50|p95|p99|mean:+N% or :+Nms, errors:+N% (percentage points), new-<finding kind> or new-findings';

/**
 * @example parseFailOn('p95:+10%,new-n-plus-one') // [{ type: 'latency', metric: 'p95', percent: 10 }, { type: 'new-finding', kind: 'n-plus-one' }]
 */
export function parseFailOn(spec: string): FailRule[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((text): FailRule => {
      const latency = /^(p50|p95|p99|mean):\+(\d+(?:\.\d+)?)(%|ms)$/.exec(text);
      if (latency) {
        const value = Number(latency[2]);
        const metric = latency[1] as 'p50' | 'p95' | 'p99' | 'mean';
        return latency[3] === '%'
          ? { text, type: 'latency', metric, percent: value }
          : { text, type: 'latency', metric, ms: value };
      }
      const errors = /^errors:\+(\d+(?:\.\d+)?)%$/.exec(text);
      if (errors) return { text, type: 'errors', points: Number(errors[1]) };
      if (text === 'new-findings' || text === 'new-finding')
        return { text, type: 'new-finding', kind: undefined };
      const kind = /^new-(.+)$/.exec(text)?.[1];
      if (kind !== undefined && (FINDING_KINDS as readonly string[]).includes(kind))
        return { text, type: 'new-finding', kind: kind as FindingKind };
      throw new InputError(`--fail-on: "${text}" is not a rule: ${SYNTAX}`);
    });
}

/** Whether one rule trips on these deltas and new findings, and why, in one line. */
export function evaluateRule(rule: FailRule, deltas: Delta[], newFindings: Finding[]) {
  const metric = (d: Delta, name: string) => d.metrics.find((m) => m.metric === name);
  const gated = deltas.filter((d) => d.kind !== 'query');
  if (rule.type === 'new-finding') {
    const hits = newFindings.filter((f) => rule.kind === undefined || f.kind === rule.kind);
    return {
      tripped: hits.length > 0,
      detail:
        hits.length > 0 ? `new: ${hits.map((f) => f.title).join('; ')}` : 'no new findings of that kind',
    };
  }
  if (rule.type === 'errors') {
    const hits = gated.filter((d) => {
      const m = metric(d, 'errorRate');
      return m?.base != null && m.head != null && (m.head - m.base) * 100 >= rule.points;
    });
    return {
      tripped: hits.length > 0,
      detail:
        hits.length > 0
          ? `error rate up on ${hits.map((d) => d.key).join(', ')}`
          : 'error rates within the limit',
    };
  }
  const name = `${rule.metric}Ms`;
  const hits = gated.filter((d) => {
    if (d.verdict !== 'regression') return false;
    const m = metric(d, name);
    if (m?.base == null || m.head == null) return false;
    return rule.percent !== undefined
      ? (m.change ?? 0) * 100 >= rule.percent
      : m.head - m.base >= (rule.ms ?? 0);
  });
  return {
    tripped: hits.length > 0,
    detail:
      hits.length > 0
        ? hits.map((d) => `${d.key}: ${rule.metric} ${fmtChange(metric(d, name)?.change ?? null)}`).join('; ')
        : `no significant ${rule.metric} regression beyond the limit`,
  };
}

const fmtChange = (c: number | null) =>
  c === null ? 'n/a' : `${c >= 0 ? '+' : ''}${(c * 100).toFixed(1)} %`;
