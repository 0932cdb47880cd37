// EXPLAIN for PostgreSQL shapes. A scrubbed sample has "?" where literals were, so it cannot be run;
// PostgreSQL plans it anyway as a generic plan once each "?" becomes a $n parameter (generic-plan.ts).
// Each scan's candidate indexes (index-candidates.ts) are kept only when a re-plan with them created
// uses them and costs at most half as much (prove-scans.ts, prove-indexes.ts).
import type { QueryShape } from '@loadlens/types';
import { errorLine } from '../../fingerprint/scrub-message.ts';
import { type ExistingIndex, existingIndexes } from './existing-indexes.ts';
import { createGenericPlanner, type GenericPlanMode, type PlanNode, planTyped } from './generic-plan.ts';
import { type IndexAdvice, LARGE_TABLE_ROWS, MIN_COST_DROP } from './index-advice.ts';
import { candidatesFor, planCandidates } from './index-candidates.ts';
import { adviceSql, quoteIdent } from './index-sql.ts';
import { DEFAULT_PROOF_LIMITS, type ProofLimits } from './prove-indexes.ts';
import { candidateKey, costBefore, type ProvableScan, proveScans } from './prove-scans.ts';
import { type ShapePlan, shapePlan } from './shape-plan.ts';

/**
 * Runs one statement over the simple-query protocol and returns its rows. It must not be the extended
 * protocol: there "$1" is a bind parameter the client has to supply, while a generic plan wants it
 * left unbound. pg's `client.query(sql)` without values and PGlite's `exec(sql)` are simple queries.
 */
export type RunSimpleQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Turns a scrubbed sample into a statement with $1…$n parameters; collapsed lists `(?+)` become one
 * parameter. Undefined for statements EXPLAIN cannot take (only SELECT/UPDATE/DELETE/WITH are planned).
 * @example toGenericStatement('SELECT * FROM t WHERE a = ? AND b IN (?+)') // 'SELECT * FROM t WHERE a = $1 AND b IN ($2)'
 */
export function toGenericStatement(sample: string): string | undefined {
  if (!/^\s*(select|update|delete|with)\b/i.test(sample)) return undefined;
  let n = 0;
  return sample.replace(/\(\?\+\)|\?/g, (m) => (m === '?' ? `$${++n}` : `($${++n})`));
}

export interface ExplainPostgresOptions {
  /** Tables with fewer rows (the planner's estimate) get no advice. */
  minRows?: number;
  /** Share of the estimated cost a suggestion must save (Dexter's 50 % by default). */
  minCostDrop?: number;
  mode?: GenericPlanMode;
  limits?: ProofLimits;
}

/** What EXPLAIN made of the shapes: proven advice, each shape's plan, and what could not be done. */
export interface ExplainResult {
  advice: IndexAdvice[];
  plans: ShapePlan[];
  skipped: Array<{ shapeId: string; reason: string }>;
  /** Literal-free notes for the user: a candidate whose CREATE INDEX failed, for instance. */
  warnings: string[];
  /** Candidates tried and not suggested, with why: what a reader needs to trust the silence. */
  rejected: RejectedIndex[];
}

export interface RejectedIndex {
  shapeId: string;
  /** The statement that was tried. */
  index: string;
  reason: string;
}

/**
 * EXPLAINs the given shapes (PostgreSQL ones with a plannable sample) and returns index advice for the
 * sequential scans of tables of at least `minRows` rows — only advice a re-plan proved. Shapes the
 * server cannot plan are skipped.
 * @example await explainPostgres(async (sql) => (await client.query(sql)).rows, report.queries.slice(0, 5))
 */
export async function explainPostgres(
  run: RunSimpleQuery,
  queries: QueryShape[],
  options: ExplainPostgresOptions = {},
): Promise<ExplainResult> {
  const minRows = options.minRows ?? LARGE_TABLE_ROWS;
  const minCostDrop = options.minCostDrop ?? MIN_COST_DROP;
  const limits = options.limits ?? DEFAULT_PROOF_LIMITS;
  const genericPlan = createGenericPlanner(run, options.mode ?? 'auto');
  const result: ExplainResult = { advice: [], plans: [], skipped: [], warnings: [], rejected: [] };
  const tables = new Map<string, Promise<{ rows: number; indexes: ExistingIndex[] }>>();
  const tableFacts = (table: string) => {
    let facts = tables.get(table);
    if (facts === undefined) {
      facts = (async () => {
        const ident = quoteIdent(table);
        const sizes = await run(
          `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass('${ident.replace(/'/g, "''")}')`,
        );
        // reltuples is the planner's estimate: no count(*) on a big table. It is -1 before the first
        // ANALYZE (a freshly seeded database); the planner then sizes the table from its pages, which a
        // plan of a bare scan reports.
        let rows = Number(sizes[0]?.n ?? -1);
        // A table off the search_path (the plan names no schema) cannot be sized: no advice for it.
        if (rows < 0)
          rows = await genericPlan(`SELECT 1 FROM ${ident}`).then(
            (p) => p['Plan Rows'] ?? -1,
            () => -1,
          );
        return { rows, indexes: await existingIndexes(run, table) };
      })();
      tables.set(table, facts);
    }
    return facts;
  };
  for (const q of queries) {
    if (q.system !== 'postgresql') continue;
    const generic = toGenericStatement(q.sample);
    if (generic === undefined) continue;
    let plan: PlanNode;
    let statement = generic;
    try {
      ({ plan, statement } = await planTyped(genericPlan, generic));
    } catch (error) {
      result.skipped.push({ shapeId: q.id, reason: errorLine(error) });
      continue;
    }
    result.plans.push(shapePlan(q, plan));
    const scans: ProvableScan[] = [];
    for (const scan of planCandidates(plan)) {
      // A catalog the role may not read (pg_index is readable by default) costs this scan its advice only.
      const facts = await tableFacts(scan.table).catch(() => ({ rows: -1, indexes: [] }));
      if (!(facts.rows >= minRows)) continue;
      // A join key that already leads an index has its lookup path; the candidate need not repeat it.
      const join = scan.parts.join.filter((f) => !facts.indexes.some((e) => e.keys[0] === f));
      const parts = { ...scan.parts, join };
      scans.push({ ...scan, ...candidatesFor(scan.table, parts), parts, ...facts });
    }
    const proof = await proveScans(
      run,
      genericPlan,
      statement,
      scans,
      costBefore(plan),
      limits,
      minCostDrop,
    ).catch((error: unknown) => ({ error }));
    if (proof === undefined) continue;
    if ('error' in proof) {
      result.skipped.push({ shapeId: q.id, reason: errorLine(proof.error) });
      continue;
    }
    result.warnings.push(...proof.warnings);
    if (proof.rejected) {
      for (const index of proof.rejected.tried)
        result.rejected.push({ shapeId: q.id, index, reason: proof.rejected.reason });
      continue;
    }
    const { best, owner } = proof;
    for (const { candidate, node } of best.used) {
      const scan = owner.get(candidateKey(candidate)) as ProvableScan;
      const inPrimary = (f: string) => candidate.fields.includes(f);
      result.advice.push({
        shapeId: q.id,
        fingerprint: q.fingerprint,
        system: q.system,
        table: candidate.table,
        scan: 'Seq Scan',
        rows: scan.rows,
        equality: scan.parts.equality.filter(inPrimary),
        join: scan.parts.join.filter(inPrimary),
        sort: scan.parts.sort.filter(inPrimary),
        range: scan.parts.range.filter(inPrimary),
        fields: candidate.fields,
        index: adviceSql(candidate),
        proof: {
          method: 'rolled-back transaction',
          beforeCost: costBefore(plan),
          afterCost: best.cost,
          before: `Seq Scan on ${candidate.table}`,
          after: `${node['Node Type']} on ${candidate.table}`,
        },
      });
    }
  }
  return result;
}
