// Dexter's method, without HypoPG: create candidate indexes inside a transaction, ask the planner for the
// same generic plan again, note which candidates it uses and what the plan costs, then roll everything
// back. PostgreSQL's DDL is transactional, so the database is left as it was; the price is that each
// CREATE INDEX really builds the index (bounded by statement_timeout) and holds a SHARE lock on its table
// — writers wait — until the rollback, a fraction of a second after the build.

import { errorLine } from '../../fingerprint/scrub-message.ts';
import type { RunSimpleQuery } from './explain-postgres.ts';
import type { PlanNode } from './generic-plan.ts';
import type { IndexCandidate } from './index-candidates.ts';
import { createIndexSql } from './index-sql.ts';

export interface ProofLimits {
  /** Bound on each statement of the proof, CREATE INDEX included (a build that takes longer is dropped). */
  statementTimeoutMs: number;
  /** Bound on waiting for a table's lock: the proof gives up rather than queue behind the application. */
  lockTimeoutMs: number;
}

/** 30 s builds a B-tree over some ten million rows on a laptop; beyond that use a copy or HypoPG. */
export const DEFAULT_PROOF_LIMITS: ProofLimits = { statementTimeoutMs: 30_000, lockTimeoutMs: 2_000 };

export interface Replanned {
  plan: PlanNode;
  cost: number;
  /** Candidates the new plan reads through, with the node that does. */
  used: Array<{ candidate: IndexCandidate; node: PlanNode }>;
  /** Candidates whose CREATE INDEX failed, and the server's first line of why. */
  failed: Array<{ candidate: IndexCandidate; reason: string }>;
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node);
  for (const child of node.Plans ?? []) planNodes(child, out);
  return out;
}

/**
 * Plans `statement` again with the candidates created, inside a transaction that is always rolled back.
 * @example const r = await replanWith(run, planOf, 'SELECT * FROM t WHERE a = $1', [candidate])
 */
export async function replanWith(
  run: RunSimpleQuery,
  genericPlan: (statement: string) => Promise<PlanNode>,
  statement: string,
  candidates: readonly IndexCandidate[],
  limits: ProofLimits = DEFAULT_PROOF_LIMITS,
): Promise<Replanned> {
  const names = new Map<string, IndexCandidate>();
  const failed: Replanned['failed'] = [];
  await run('BEGIN');
  try {
    await run(`SET LOCAL statement_timeout = ${Math.round(limits.statementTimeoutMs)}`);
    await run(`SET LOCAL lock_timeout = ${Math.round(limits.lockTimeoutMs)}`);
    for (const candidate of candidates) {
      const name = `loadlens_candidate_${names.size + failed.length + 1}`;
      // A savepoint per candidate: one failing CREATE (no pg_trgm, a timeout) must not abort the others.
      await run('SAVEPOINT loadlens_candidate');
      try {
        if (candidate.method === 'trigram') await run('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        await run(createIndexSql(candidate, name));
        await run('RELEASE SAVEPOINT loadlens_candidate');
        names.set(name, candidate);
      } catch (error) {
        await run('ROLLBACK TO SAVEPOINT loadlens_candidate');
        failed.push({ candidate, reason: errorLine(error) });
      }
    }
    const plan = await genericPlan(statement);
    const used: Replanned['used'] = [];
    for (const node of planNodes(plan)) {
      const candidate = node['Index Name'] === undefined ? undefined : names.get(node['Index Name']);
      if (candidate !== undefined && !used.some((u) => u.candidate === candidate))
        used.push({ candidate, node });
    }
    return { plan, cost: plan['Total Cost'] ?? Number.NaN, used, failed };
  } finally {
    await run('ROLLBACK');
  }
}
