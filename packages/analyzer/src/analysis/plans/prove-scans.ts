// The proof for one statement: its scans' first candidates created together and the statement planned
// again; narrower candidates for the scans the planner still reads whole; then Dexter's verdict — the
// plan must read through the indexes and cost at most (1 - share) of what it costs now.

import { alreadyIndexed, type ExistingIndex } from './existing-indexes.ts';
import type { RunSimpleQuery } from './explain-postgres.ts';
import type { PlanNode } from './generic-plan.ts';
import type { IndexCandidate, ScanCandidates } from './index-candidates.ts';
import { adviceSql } from './index-sql.ts';
import { type ProofLimits, type Replanned, replanWith } from './prove-indexes.ts';

/** A scan of a table big enough to advise on, with the table's facts. */
export type ProvableScan = ScanCandidates & { rows: number; indexes: ExistingIndex[] };

export type ScanProof =
  | {
      rejected?: undefined;
      best: Replanned;
      /** Which scan each candidate was made for (equal candidates of two scans are one). */
      owner: Map<string, ProvableScan>;
      warnings: string[];
    }
  | { rejected: { tried: string[]; reason: string }; warnings: string[] };

/** One key per candidate definition. */
export const candidateKey = (c: IndexCandidate) =>
  `${c.method}\u0000${c.table}\u0000${c.fields.join('\u0000')}`;

/** The statement's estimated total cost as planned. */
export const costBefore = (plan: PlanNode) => plan['Total Cost'] ?? Number.NaN;

const twoDecimals = (n: number) => Math.round(n * 100) / 100;

function unique(candidates: IndexCandidate[]): IndexCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(candidateKey(c)) && seen.add(candidateKey(c)) !== undefined);
}

/**
 * Proves the candidates of a statement's scans, or says why none is kept; undefined when there is
 * nothing to try (no candidate the catalog does not already have).
 */
export async function proveScans(
  run: RunSimpleQuery,
  genericPlan: (statement: string) => Promise<PlanNode>,
  statement: string,
  scans: readonly ProvableScan[],
  before: number,
  limits: ProofLimits,
  minCostDrop: number,
): Promise<ScanProof | undefined> {
  const owner = new Map<string, ProvableScan>();
  for (const s of scans) for (const c of [s.primary, ...s.alternates]) if (c) owner.set(candidateKey(c), s);
  const fresh = (c: IndexCandidate | undefined, of: ProvableScan): c is IndexCandidate =>
    c !== undefined && !alreadyIndexed(c, of.indexes);
  const first = unique(scans.flatMap((s) => (fresh(s.primary, s) ? [s.primary] : [])));
  if (first.length === 0) return undefined;
  let best = await replanWith(run, genericPlan, statement, first, limits);
  const failed = [...best.failed];
  // Scans the planner still reads whole with their first candidate get the narrower ones, once.
  const unproven = scans.filter((s) => !best.used.some((u) => owner.get(candidateKey(u.candidate)) === s));
  const narrower = unproven.flatMap((s) => s.alternates.filter((c) => fresh(c, s)));
  if (narrower.length > 0) {
    const again = await replanWith(
      run,
      genericPlan,
      statement,
      unique([...best.used.map((u) => u.candidate), ...narrower]),
      limits,
    );
    failed.push(...again.failed);
    if (again.cost < best.cost) best = again;
  }
  const warnings = [...new Map(failed.map((f) => [candidateKey(f.candidate), f])).values()].map(
    (f) => `could not try ${adviceSql(f.candidate)} ${f.reason}`,
  );
  const notCreated = new Set(failed.map((f) => candidateKey(f.candidate)));
  const tried = (best.used.length > 0 ? best.used.map((u) => u.candidate) : first)
    .filter((c) => !notCreated.has(candidateKey(c)))
    .map(adviceSql);
  // Dexter's rule: the planner must use the index, and the statement must get much cheaper with it.
  if (best.used.length === 0) return { rejected: { tried, reason: 'the planner did not use it' }, warnings };
  if (!(best.cost <= before * (1 - minCostDrop)))
    return {
      rejected: {
        tried,
        reason: `estimated cost ${twoDecimals(before)} → ${twoDecimals(best.cost)}, less than the ${Math.round(minCostDrop * 100)} % drop asked for`,
      },
      warnings,
    };
  return { best, owner, warnings };
}
