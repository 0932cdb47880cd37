// EXPLAIN for MongoDB shapes: the fingerprint is a command with "?" for every value, so it is explained
// with those placeholders (the plan depends on fields and operators, not on values); a COLLSCAN of a
// large collection becomes an index suggestion (equality fields, then sort, then range: ESR). Works on
// MongoDB and on FerretDB, whose explain carries its SQL backend's plan instead of stages.
import type { QueryShape } from '@loadlens/types';
import { type IndexAdvice, indexFields, LARGE_TABLE_ROWS } from './index-advice.ts';

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte', '$ne', '$nin', '$regex', '$exists']);

/** The parts of a `collection.find {…}` fingerprint an explain needs, or undefined for other shapes. */
export function parseMongoFingerprint(
  fingerprint: string,
): { collection: string; filter: Record<string, unknown>; sort: Record<string, unknown> } | undefined {
  const m = /^(.+)\.(find|count|findAndModify|update|delete) (\{.*\})$/s.exec(fingerprint);
  if (!m) return undefined;
  const body = JSON.parse(m[3] as string) as Record<string, unknown>;
  const filter = (body.filter ?? body.query ?? {}) as Record<string, unknown>;
  return { collection: m[1] as string, filter, sort: (body.sort ?? {}) as Record<string, unknown> };
}

/**
 * Index fields for a filter and sort, by ESR.
 * @example mongoIndexFields({ user: '?', ts: { $gte: '?' } }, { ts: -1 }) // { equality: ['user'], sort: ['ts'], range: ['ts'] }
 */
export function mongoIndexFields(filter: Record<string, unknown>, sort: Record<string, unknown>) {
  const equality: string[] = [];
  const range: string[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$')) continue; // $or/$and branches: no single index order to suggest
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const ops = Object.keys(value);
      if (ops.some((op) => RANGE_OPERATORS.has(op))) range.push(field);
      else if (ops.every((op) => op === '$eq' || op === '$in')) equality.push(field);
      else if (!ops.some((op) => op.startsWith('$'))) equality.push(field);
    } else equality.push(field);
  }
  return { equality, sort: Object.keys(sort), range };
}

/** Placeholders that a server accepts: `$in`/`$nin`/`$all` need arrays. */
function placeholders(value: unknown, key?: string): unknown {
  if (value === '?' && key !== undefined && ['$in', '$nin', '$all'].includes(key)) return ['?'];
  if (Array.isArray(value)) return value.map((v) => placeholders(v));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v, k)]));
  return value;
}

/** Every string in a plan tree: MongoDB's stage names, FerretDB's SQLite plan lines. */
function planStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) planStrings(item, out);
  else if (node !== null && typeof node === 'object')
    for (const value of Object.values(node)) planStrings(value, out);
  return out;
}

/**
 * True when the winning plan reads the whole collection: MongoDB's COLLSCAN stage, or a plan line
 * "SCAN <table>" without "USING INDEX" from FerretDB's SQL backends (IXSCAN has no word boundary).
 */
export function isFullScan(queryPlanner: Record<string, unknown> | undefined): boolean {
  if (queryPlanner === undefined) return false;
  const strings = planStrings(queryPlanner.winningPlan ?? queryPlanner.Plan ?? queryPlanner);
  return strings.some((s) => s === 'COLLSCAN' || (/\bSCAN\b/.test(s) && !/USING (COVERING )?INDEX/.test(s)));
}

/** The commands this needs from a MongoDB database handle (the driver's `Db`). */
export interface MongoDatabase {
  command(command: Record<string, unknown>): Promise<Record<string, unknown>>;
  collection(name: string): { estimatedDocumentCount(): Promise<number> };
}

/**
 * @example await explainMongo(client.db('tripstore'), report.queries.slice(0, 5))
 */
export async function explainMongo(
  db: MongoDatabase,
  queries: QueryShape[],
  minRows = LARGE_TABLE_ROWS,
): Promise<{ advice: IndexAdvice[]; skipped: Array<{ shapeId: string; reason: string }> }> {
  const advice: IndexAdvice[] = [];
  const skipped: Array<{ shapeId: string; reason: string }> = [];
  for (const q of queries) {
    if (q.system !== 'mongodb') continue;
    const parsed = parseMongoFingerprint(q.fingerprint);
    if (parsed === undefined) continue;
    try {
      const explained = await db.command({
        explain: { find: parsed.collection, filter: placeholders(parsed.filter), sort: parsed.sort },
        verbosity: 'queryPlanner',
      });
      const planner = explained.queryPlanner as Record<string, unknown> | undefined;
      if (!isFullScan(planner)) continue;
      const rows = await db.collection(parsed.collection).estimatedDocumentCount();
      if (rows < minRows) continue;
      const { equality, sort, range } = mongoIndexFields(parsed.filter, parsed.sort);
      const fields = indexFields(equality, sort, range);
      if (fields.length === 0) continue;
      const spec = fields.map((f) => `${JSON.stringify(f)}: ${parsed.sort[f] === -1 ? -1 : 1}`).join(', ');
      advice.push({
        shapeId: q.id,
        fingerprint: q.fingerprint,
        system: q.system,
        table: parsed.collection,
        scan: 'COLLSCAN',
        rows,
        equality,
        sort,
        range,
        fields,
        index: `db.${parsed.collection}.createIndex({ ${spec} })`,
      });
    } catch (error) {
      skipped.push({ shapeId: q.id, reason: String((error as Error).message).split('\n')[0] ?? 'error' });
    }
  }
  return { advice, skipped };
}
