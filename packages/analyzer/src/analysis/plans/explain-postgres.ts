// EXPLAIN for PostgreSQL shapes. A scrubbed sample has "?" where literals were, so it cannot be run;
// PostgreSQL plans it anyway as a generic plan once each "?" becomes a $n parameter (generic-plan.ts).
import type { QueryShape } from '@loadlens/types';
import { createGenericPlanner, type GenericPlanMode, type PlanNode } from './generic-plan.ts';
import { type IndexAdvice, indexFields, LARGE_TABLE_ROWS } from './index-advice.ts';

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

/**
 * What a plan's Filter compares, by kind of comparison: a column (`user_id`) or, when the filter wraps it
 * in a function, that expression (`lower(name)`), which only an expression index can serve. `pattern` holds
 * LIKE / ILIKE operands (`~~`, `~~*`): a B-tree serves those only when anchored at the start, which a
 * scrubbed literal cannot tell, so they get a trigram index instead.
 */
export function filterColumns(filter: string): { equality: string[]; range: string[]; pattern: string[] } {
  const equality: string[] = [];
  const range: string[] = [];
  const pattern: string[] = [];
  // "(user_id = $1)", "((day)::text = $2)", "(start_ts >= $3)", "(id = ANY ($4))", "(lower(name) ~~ $5)",
  // "(upper((email)::text) = $6)"
  const re =
    /(?:([a-z_]\w*)\()?\(*([a-z_][\w.]*)\)?(?:::[\w ]+)?\)?\s*(=|<>|!=|<=|>=|<|>|~~\*?)\s*(ANY\b)?/gi;
  for (const m of filter.matchAll(re)) {
    const column = (m[2] as string).split('.').pop() as string;
    if (/^(and|or|not|any)$/i.test(column)) continue;
    const fn = m[1]?.toLowerCase();
    const field = fn === undefined || /^(and|or|not|any)$/.test(fn) ? column : `${fn}(${column})`;
    const op = m[3] as string;
    (op === '=' ? equality : op.startsWith('~~') ? pattern : range).push(field);
  }
  return { equality: [...new Set(equality)], range: [...new Set(range)], pattern: [...new Set(pattern)] };
}

/** One element of CREATE INDEX's column list: an expression goes in parentheses. */
const indexElement = (field: string) => (field.includes('(') ? `(${field})` : field);

/**
 * The index for a scan: a B-tree on the equality, sort and range fields when the filter has an equality
 * to lead it; else, for LIKE / ILIKE, a trigram index on what is matched — a B-tree on the sort column
 * alone only pays when the pattern matches many rows, and under a generic plan (prepared statements) it
 * walks the whole table for a selective one; else a B-tree on the sort and range fields.
 */
function indexFor(
  table: string,
  equality: string[],
  sort: string[],
  range: string[],
  pattern: string[],
): { fields: string[]; index: string } | undefined {
  const fields = indexFields(equality, sort, range);
  const btree = { fields, index: `CREATE INDEX ON ${table} (${fields.map(indexElement).join(', ')});` };
  if (equality.length > 0 || (pattern.length === 0 && fields.length > 0)) return btree;
  if (pattern.length === 0) return undefined;
  const columns = pattern.map((p) => `${indexElement(p)} gin_trgm_ops`).join(', ');
  return {
    fields: pattern,
    index: `CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON ${table} USING gin (${columns});`,
  };
}

function sortColumns(keys: string[] | undefined): string[] {
  return (keys ?? []).map((k) =>
    (
      k
        .replace(/\s+(ASC|DESC|NULLS (FIRST|LAST))/gi, '')
        .split('.')
        .pop() as string
    ).replace(/[()"]/g, ''),
  );
}

/** Seq Scans in a plan with the sort keys of the Sort node above them, if any. */
function seqScans(
  node: PlanNode,
  sort: string[] | undefined,
  out: Array<{ node: PlanNode; sort: string[] }>,
): void {
  const here = node['Node Type'].endsWith('Sort') ? node['Sort Key'] : sort;
  if (node['Node Type'] === 'Seq Scan') out.push({ node, sort: sortColumns(here) });
  for (const child of node.Plans ?? []) seqScans(child, here, out);
}

/**
 * EXPLAINs the given shapes (PostgreSQL ones with a plannable sample) and returns index advice for each
 * sequential scan of a table of at least `minRows` rows. Shapes the server cannot plan are skipped.
 * @example await explainPostgres(async (sql) => (await client.query(sql)).rows, report.queries.slice(0, 5))
 */
export async function explainPostgres(
  run: RunSimpleQuery,
  queries: QueryShape[],
  minRows = LARGE_TABLE_ROWS,
  mode: GenericPlanMode = 'auto',
): Promise<{ advice: IndexAdvice[]; skipped: Array<{ shapeId: string; reason: string }> }> {
  const genericPlan = createGenericPlanner(run, mode);
  const advice: IndexAdvice[] = [];
  const skipped: Array<{ shapeId: string; reason: string }> = [];
  for (const q of queries) {
    if (q.system !== 'postgresql') continue;
    const statement = toGenericStatement(q.sample);
    if (statement === undefined) continue;
    let plan: PlanNode;
    try {
      plan = await genericPlan(statement);
    } catch (error) {
      // The server's message may quote the statement, which is literal-free; keep only its first line.
      skipped.push({ shapeId: q.id, reason: String((error as Error).message).split('\n')[0] ?? 'error' });
      continue;
    }
    const scans: Array<{ node: PlanNode; sort: string[] }> = [];
    seqScans(plan, undefined, scans);
    for (const { node, sort } of scans) {
      const table = node['Relation Name'];
      if (table === undefined) continue;
      const sizes = await run(
        `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass('${table.replace(/'/g, "''")}')`,
      );
      // reltuples is the planner's estimate (-1 before the first ANALYZE): no count(*) on a big table.
      const n = Number(sizes[0]?.n ?? -1);
      if (!(n >= minRows)) continue;
      const { equality, range, pattern } = filterColumns(node.Filter ?? '');
      const planned = indexFor(table, equality, sort, range, pattern);
      if (planned === undefined) continue;
      advice.push({
        shapeId: q.id,
        fingerprint: q.fingerprint,
        system: q.system,
        table,
        scan: 'Seq Scan',
        rows: n,
        equality,
        sort,
        range,
        ...planned,
      });
    }
  }
  return { advice, skipped };
}
