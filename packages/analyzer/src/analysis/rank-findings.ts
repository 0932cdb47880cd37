// Ranks findings by what they cost users: time a fix would save over the run, then per request; gives
// each a stable id (kind + route + shape) and a severity from its share of the route's time.
import type { Finding, Severity } from '@loadlens/types';
import { shapeId } from '../fingerprint/shape-id.ts';
import type { DraftFinding } from './pattern-findings.ts';

/**
 * Severity from the share of the route's time a fix would save (errors: the share of requests that fail).
 * Cut-offs are loadlens's: half the time is critical, a quarter high, a tenth medium, 2 % low.
 */
export function severityOf(f: DraftFinding): Severity {
  const s = f.impact.share;
  if (s >= 0.5) return 'critical';
  if (s >= 0.25) return 'high';
  if (s >= 0.1) return 'medium';
  if (s >= 0.02) return 'low';
  return 'info';
}

/** A finding's id: the same problem gets the same id in every run, so compare can match it. */
export function findingId(f: DraftFinding, key: string): string {
  return `${f.kind}:${shapeId(`${f.route ?? ''}\u0000${f.fingerprint ?? ''}\u0000${key}`)}`;
}

/**
 * Adds ids and severities and sorts, biggest saving first.
 * @example rankFindings([{ draft, key: shapeId }])
 */
export function rankFindings(drafts: Array<{ draft: DraftFinding; key: string }>): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const { draft, key } of drafts) {
    const id = findingId(draft, key);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, severity: severityOf(draft), ...draft });
  }
  return sortFindings(out);
}

/** Biggest saving over the run first, then per request, then share; ids break ties so order is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (b.impact.totalMs ?? 0) - (a.impact.totalMs ?? 0) ||
      b.impact.msPerRequest - a.impact.msPerRequest ||
      b.impact.share - a.impact.share ||
      a.id.localeCompare(b.id),
  );
}
