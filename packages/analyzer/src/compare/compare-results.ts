// Compares two reports (or two runs): per route, query shape or operation the change of each metric, a
// rank test on the latency histograms so that noise is not called a regression, and new/resolved findings.

import { decodeHistogram } from '@loadlens/run-stats';
import { COMPARISON_SCHEMA, type Comparison, type Delta, type Finding, InputError } from '@loadlens/types';
import type { ResultFile } from '../inputs/read-result-file.ts';
import { operationSides, querySides, routeSides, type Side } from './compare-sides.ts';
import { evaluateRule, type FailRule } from './fail-on-rules.ts';
import { mannWhitney } from './mann-whitney.ts';

/** Significance level of the rank test (1 %: a CI gate runs on every PR, so false alarms must be rare). */
const ALPHA = 0.01;
/** Vargha–Delaney A beyond 0.5 ± 0.06 is at least a "small" effect (Vargha & Delaney, 2000). */
const MIN_EFFECT = 0.06;
/** The normal approximation of U is sound from about 20 observations per side. */
const MIN_SAMPLES = 20;
/**
 * A shift must also matter in practice: the median has to move by at least 1 ms. Below that, a
 * statistically clear change (0.7 → 1.1 ms for a primary-key lookup) is within the jitter between two
 * runs on a shared CI runner and far below what a user of an HTTP service notices.
 */
const MIN_MEDIAN_SHIFT_MS = 1;

function delta(base: Side | undefined, head: Side | undefined): Delta {
  const judged = judge(base, head);
  // Background only on every side it appears on: a statement that moved into a request is request work.
  const outside = (side: Side | undefined) => side === undefined || side.background === true;
  return outside(base) && outside(head) ? { ...judged, background: true } : judged;
}

function judge(base: Side | undefined, head: Side | undefined): Delta {
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
  const medianShiftMs = Math.abs((head.metrics.p50Ms ?? 0) - (base.metrics.p50Ms ?? 0));
  const significant =
    test.pValue < ALPHA && Math.abs(test.effect - 0.5) >= MIN_EFFECT && medianShiftMs >= MIN_MEDIAN_SHIFT_MS;
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
  const removed: Side[] = [];
  for (const b of base) {
    const k = `${b.kind}\u0000${b.key}`;
    const match = h.get(k);
    out.push(delta(b, match));
    if (match === undefined) removed.push(b);
    h.delete(k);
  }
  for (const rest of h.values()) {
    const d = delta(undefined, rest);
    const replaced = d.background ? undefined : replacedBy(rest, removed);
    out.push(replaced === undefined ? d : { ...d, replaces: replaced.key });
  }
  return out;
}

/** The removed shape sharing the most routes with a new one (ties: the one with more calls), if any. */
function replacedBy(added: Side, removed: readonly Side[]): Side | undefined {
  const routes = new Set(added.routes ?? []);
  let best: { side: Side; shared: number } | undefined;
  for (const side of removed) {
    if (side.kind !== added.kind || side.background) continue;
    const shared = (side.routes ?? []).filter((r) => routes.has(r)).length;
    if (shared === 0) continue;
    if (!best || shared > best.shared || (shared === best.shared && side.count > best.side.count))
      best = { side, shared };
  }
  return best?.side;
}

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
  // Start-up and background statements are not request latency: no rule trips on them.
  const requestDeltas = deltas.filter((d) => !d.background);
  const results = rules.map((rule) => ({
    rule: rule.text,
    ...evaluateRule(rule, requestDeltas, newFindings),
  }));
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
