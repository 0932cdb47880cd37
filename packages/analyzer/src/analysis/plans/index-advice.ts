// What a plan says about a query shape: which table it scans whole, how big that table is, and the index
// that would avoid the scan — filter fields (equality first, then sort, then range: the ESR rule).

export interface IndexAdvice {
  shapeId: string;
  fingerprint: string;
  system: string;
  /** The table or collection scanned whole. */
  table: string;
  /** "Seq Scan" (PostgreSQL) or "COLLSCAN" (MongoDB). */
  scan: string;
  /** Rows/documents in it, as the database estimates. */
  rows: number;
  equality: string[];
  sort: string[];
  range: string[];
  /** What the index covers, in order, as shown in titles: columns, or expressions like `lower(name)`. */
  fields: string[];
  /** The statement that would create the index. */
  index: string;
}

/**
 * Orders index fields by MongoDB's Equality-Sort-Range guideline, which holds for B-tree indexes in
 * PostgreSQL too: equality columns first, then the sort columns, then range columns.
 * @example indexFields(['user_id'], ['start_ts'], ['start_ts']) // ['user_id', 'start_ts']
 */
export function indexFields(equality: string[], sort: string[], range: string[]): string[] {
  const out: string[] = [];
  for (const f of [...equality, ...sort, ...range]) if (!out.includes(f)) out.push(f);
  return out;
}

/**
 * Tables smaller than this are cheap to scan and planners prefer a scan anyway (a few hundred 8 KB
 * pages); loadlens's choice, overridable with the explain options.
 */
export const LARGE_TABLE_ROWS = 10_000;
