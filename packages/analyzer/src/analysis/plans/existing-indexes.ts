// The indexes a table already has, read from the catalog (pg_index), so that no advice repeats one: the
// complaint that started issue #15 was "CREATE INDEX ON comment (id)" — the primary key.
import type { RunSimpleQuery } from './explain-postgres.ts';
import type { IndexCandidate } from './index-candidates.ts';
import { quoteIdent } from './index-sql.ts';

export interface ExistingIndex {
  method: string;
  /** Key columns or expressions, unquoted and without spaces, for comparison with candidates. */
  keys: string[];
}

const normalize = (key: string) => key.replace(/["\s]/g, '');

/** The table's non-partial indexes (a partial index serves only the queries its predicate implies). */
export async function existingIndexes(run: RunSimpleQuery, table: string): Promise<ExistingIndex[]> {
  const regclass = quoteIdent(table).replace(/'/g, "''");
  const rows = await run(
    `SELECT am.amname AS method, array_to_json(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) ` +
      `FROM generate_series(1, i.indnkeyatts) k ORDER BY k)) AS keys FROM pg_index i ` +
      `JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam ` +
      `WHERE i.indrelid = to_regclass('${regclass}') AND i.indpred IS NULL`,
  );
  return rows.map((r) => {
    const keys = typeof r.keys === 'string' ? (JSON.parse(r.keys) as string[]) : (r.keys as string[]);
    return { method: String(r.method), keys: keys.map(normalize) };
  });
}

/**
 * True when an existing index already does what the candidate would: same kind, and the candidate's
 * fields lead it in the same order (a B-tree on (a, b) serves lookups on a).
 */
export function alreadyIndexed(candidate: IndexCandidate, existing: readonly ExistingIndex[]): boolean {
  const method = candidate.method === 'btree' ? 'btree' : 'gin';
  const fields = candidate.fields.map(normalize);
  return existing.some(
    (e) => e.method === method && fields.length <= e.keys.length && fields.every((f, i) => e.keys[i] === f),
  );
}
