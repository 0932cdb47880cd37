// What a plan says about a query shape: which table it scans whole, how big that table is, the index
// that would avoid the scan — and, for PostgreSQL, the re-plan that proves the planner would use it.

/** The evidence that an index pays: the plan before and after it was created (and rolled back). */
export interface IndexProof {
  /**
   * How the index was tried: created inside a transaction that was rolled back (PostgreSQL), or built
   * under loadlens's own name and dropped again (MongoDB, whose index builds are not transactional).
   */
  method: 'rolled-back transaction' | 'built and dropped';
  /** The statement's estimated total cost as planned now, and with the suggested indexes (PostgreSQL). */
  beforeCost?: number;
  afterCost?: number;
  /** The node the index replaces ("Seq Scan on comment") and the one that reads through it. */
  before: string;
  after: string;
}

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
  /** This table's side of the join conditions the index serves (PostgreSQL). */
  join?: string[];
  sort: string[];
  range: string[];
  /** What the index covers, in order, as shown in titles: columns, or expressions like `lower(name)`. */
  fields: string[];
  /** The statement that would create the index. */
  index: string;
  /** The re-plan that kept this suggestion (PostgreSQL), absent where the database has no such test. */
  proof?: IndexProof;
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
 * Tables smaller than this are a few 8 KB pages, cheap to scan, and planners prefer a scan anyway;
 * loadlens's choice, overridable with the explain options. It is low because every PostgreSQL suggestion
 * must also pass the re-plan (a 5,000-row table read by slug on every request is worth an index).
 */
export const LARGE_TABLE_ROWS = 1_000;

/**
 * Dexter's default: a suggestion must cut the statement's estimated cost at least by half.
 * https://github.com/ankane/dexter (`--min-cost-savings-pct 50`)
 */
export const MIN_COST_DROP = 0.5;
