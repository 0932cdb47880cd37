// Gets PostgreSQL's generic plan for a statement with $n parameters and no values. PostgreSQL 16+ has
// EXPLAIN (GENERIC_PLAN); on 12–15 the same plan comes from a prepared statement executed under
// plan_cache_mode = force_generic_plan, with NULL for every parameter (a generic plan ignores values).
import type { RunSimpleQuery } from './explain-postgres.ts';

/** The fields of PostgreSQL's EXPLAIN (FORMAT JSON) nodes that index advice reads. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Total Cost'?: number;
  'Plan Rows'?: number;
  Filter?: string;
  'Index Cond'?: string;
  'Hash Cond'?: string;
  'Merge Cond'?: string;
  'Join Filter'?: string;
  'Sort Key'?: string[];
  'Presorted Key'?: string[];
  'Group Key'?: string[];
  Plans?: PlanNode[];
}

/** 'auto' asks the server its version: the EXPLAIN option from 16 on, a prepared statement before. */
export type GenericPlanMode = 'auto' | 'explain-option' | 'prepared';

function planOf(rows: Record<string, unknown>[]): PlanNode {
  const cell = Object.values(rows[0] ?? {})[0];
  const doc = (typeof cell === 'string' ? JSON.parse(cell) : cell) as Array<{ Plan: PlanNode }>;
  return (doc[0] as { Plan: PlanNode }).Plan;
}

/**
 * @example const planOf = createGenericPlanner(run); const plan = await planOf('SELECT * FROM t WHERE a = $1')
 */
export function createGenericPlanner(run: RunSimpleQuery, mode: GenericPlanMode = 'auto') {
  let current = mode;
  let prepared = 0;

  async function viaPrepared(statement: string): Promise<PlanNode> {
    // Set each time, not once: a SET inside a transaction that is rolled back (index proofs plan inside
    // one) is undone with it.
    await run('SET plan_cache_mode = force_generic_plan');
    const name = `loadlens_explain_${++prepared}`;
    const params = new Set(statement.match(/\$\d+/g) ?? []).size;
    await run(`PREPARE ${name} AS ${statement}`);
    try {
      const args = params > 0 ? `(${Array.from({ length: params }, () => 'NULL').join(', ')})` : '';
      return planOf(await run(`EXPLAIN (FORMAT JSON) EXECUTE ${name}${args}`));
    } finally {
      await run(`DEALLOCATE ${name}`);
    }
  }

  return async function genericPlan(statement: string): Promise<PlanNode> {
    if (current === 'auto') {
      // Not by trying: before 16 the server analyzes the statement first and fails on "$1" itself
      // ("there is no parameter $1"), which says nothing about the missing option.
      const version = Number(Object.values((await run('SHOW server_version_num'))[0] ?? {})[0]);
      current = version >= 160000 ? 'explain-option' : 'prepared';
    }
    if (current === 'prepared') return viaPrepared(statement);
    return planOf(await run(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${statement}`));
  };
}

/**
 * Plans a generic statement, typing as text the parameters the server cannot infer a type for: a
 * scrubbed `COUNT(1)` is `COUNT($1)`, which PostgreSQL refuses to plan without one. Returns the statement
 * that planned, for the re-plans to use.
 */
export async function planTyped(
  genericPlan: (statement: string) => Promise<PlanNode>,
  statement: string,
): Promise<{ plan: PlanNode; statement: string }> {
  let current = statement;
  for (;;) {
    try {
      return { plan: await genericPlan(current), statement: current };
    } catch (error) {
      const n = /could not determine data type of parameter \$(\d+)/.exec(
        String((error as Error)?.message),
      )?.[1];
      const typed =
        n === undefined
          ? current
          : current.replace(new RegExp(`\\$${n}(?![\\d:])`, 'g'), (p) => `${p}::text`);
      if (typed === current) throw error;
      current = typed;
    }
  }
}
