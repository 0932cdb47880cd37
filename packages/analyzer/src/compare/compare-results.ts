// Compares two reports (or two runs): per route, query shape or operation the change of each metric, a
// rank test on the latency histograms so that noise is not called a regression, and new/resolved findings.
import {
  COMPARISON_SCHEMA,
  type Comparison,
  type Delta,
  type Finding,
  InputError,
  type Report,
  type RunResult,
} from '@loadlens/types';
import { decodeHistogram } from '../analysis/latency-histogram.ts';
import type { ResultFile } from '../inputs/read-result-file.ts';
import type { FailRule } from './fail-on-rules.ts';
import { mannWhitney } from './mann-whitney.ts';

/** Significance level of the rank test (1 %: a CI gate runs on every PR, so false alarms must be rare). */
const ALPHA = 0.01;
/** Vargha–Delaney A beyond 0.5 ± 0.06 is at least a "small" effect (Vargha & Delaney, 2000). */
const MIN_EFFECT = 0.06;
/** The normal approximation of U is sound from about 20 observations per side. */
const MIN_SAMPLES = 20;

interface Side {
  key: string;
  kind: Delta['kind'];
  count: number;
  metrics: Record<string, number>;
  histogram: string | undefined;
}

function routeSides(report: Report): Side[] {
  return report.routes.map((r) => ({
    key: r.route,
    kind: 'route' as const,
    count: r.count,
    metrics: {
      count: r.count,
      meanMs: r.meanMs,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      errorRate: r.count ? r.errorCount / r.count : 0,
    },
    histogram: r.histogram,
  }));
}

function querySides(report: Report): Side[] {
  return report.queries.map((q) => ({
    key: q.fingerprint,
    kind: 'query' as const,
    count: q.count,
    metrics: {
      count: q.count,
      totalMs: q.totalMs,
      meanMs: q.meanMs,
      p50Ms: q.p50Ms,
      p95Ms: q.p95Ms,
      p99Ms: q.p99Ms,
    },
    histogram: q.histogram,
  }));
}

function operationSides(run: RunResult): Side[] {
  return run.operations.map((op) => {
    const l = op.latencyMs.corrected;
    const e = op.errors;
    const errors = e.timeout + e.refused + e.reset + e.http4xx + e.http5xx + e.other;
    return {
      key: `${op.name} (${op.method} ${op.route})`,
      kind: 'operation' as const,
      count: l.count,
      metrics: {
        count: l.count,
        meanMs: l.mean,
        p50Ms: l.p50,
        p95Ms: l.p95,
        p99Ms: l.p99,
        errorRate: op.sent ? errors / op.sent : 0,
        achievedRate: op.achievedRate,
      },
      histogram: op.histograms.corrected,
    };
  });
}

function delta(base: Side | undefined, head: Side | undefined): Delta {
  const any = (head ?? base) as Side;
  const names = [...new Set([...Object.keys(base?.metrics ?? {}), ...Object.keys(head?.metrics ?? {})])];
  const metrics = names.map((metric) => {
    const b = base?.metrics[metric] ?? null;
    const h = head?.metrics[metric] ?? null;
    return { metric, base: b, head: h, change: b !== null && h !== null && b !== 0 ? (h - b) / b : null };
  });
  if (!base || !head) return { key: any.key, kind: any.kind, verdict: base ? 'removed' : 'new', metrics };
  if (!base.histogram || !head.histogram || base.count < MIN_SAMPLES || head.count < MIN_SAMPLES)
    return { key: any.key, kind: any.kind, verdict: 'unchanged', metrics };
  const test = mannWhitney(decodeHistogram(base.histogram), decodeHistogram(head.histogram));
  if (!test) return { key: any.key, kind: any.kind, verdict: 'unchanged', metrics };
  const significant = test.pValue < ALPHA && Math.abs(test.effect - 0.5) >= MIN_EFFECT;
  return {
    key: any.key,
    kind: any.kind,
    verdict: !significant ? 'unchanged' : test.effect > 0.5 ? 'regression' : 'improvement',
    metrics,
    pValue: test.pValue,
    test: `Mann-Whitney U on latency histograms (A = ${test.effect.toFixed(2)})`,
  };
}

function pair(base: Side[], head: Side[]): Delta[] {
  const h = new Map(head.map((s) => [`${s.kind}\u0000${s.key}`, s]));
  const out: Delta[] = [];
  for (const b of base) {
    const k = `${b.kind}\u0000${b.key}`;
    out.push(delta(b, h.get(k)));
    h.delete(k);
  }
  for (const rest of h.values()) out.push(delta(undefined, rest));
  return out;
}

function evaluate(rule: FailRule, deltas: Delta[], newFindings: Finding[]) {
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

/**
 * @example compareResults(await readResultFile('base.json'), await readResultFile('head.json'), parseFailOn('p95:+10%'))
 */
export function compareResults(
  base: ResultFile,
  head: ResultFile,
  rules: FailRule[],
  now = new Date(),
): Comparison {
  let deltas: Delta[];
  let newFindings: Finding[] = [];
  let resolvedFindings: Finding[] = [];
  if (base.kind === 'report' && head.kind === 'report') {
    deltas = [
      ...pair(routeSides(base.report), routeSides(head.report)),
      ...pair(querySides(base.report), querySides(head.report)),
    ];
    const baseIds = new Set(base.report.findings.map((f) => f.id));
    const headIds = new Set(head.report.findings.map((f) => f.id));
    newFindings = head.report.findings.filter((f) => !baseIds.has(f.id));
    resolvedFindings = base.report.findings.filter((f) => !headIds.has(f.id));
  } else if (base.kind === 'run' && head.kind === 'run') {
    deltas = pair(operationSides(base.run), operationSides(head.run));
  } else {
    throw new InputError(
      `${head.file}: is a ${head.kind === 'run' ? 'run result' : 'report'} but ${base.file} is a ${base.kind === 'run' ? 'run result' : 'report'}: compare two reports or two runs`,
    );
  }
  const results = rules.map((rule) => ({ rule: rule.text, ...evaluate(rule, deltas, newFindings) }));
  return {
    schema: COMPARISON_SCHEMA,
    generatedAt: now.toISOString(),
    base: { label: 'base', location: base.file },
    head: { label: 'head', location: head.file },
    deltas,
    newFindings,
    resolvedFindings,
    rules: results,
    failed: results.some((r) => r.tripped),
  };
}
