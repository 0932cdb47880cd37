// EXPLAIN for MongoDB shapes: the fingerprint is a command with "?" for every value, so it is explained
// with those placeholders (the plan depends on fields and operators, not on values); a COLLSCAN of a
// large collection becomes a candidate index (equality fields, then sort, then range: ESR). Works on
// MongoDB and on FerretDB, whose explain carries its SQL backend's plan instead of stages.
// MongoDB has neither hypothetical indexes nor transactional DDL, so a suggestion is proven by building
// the index under a name of loadlens's own, explaining again, and dropping it (in a finally).
import type { QueryShape } from '@loadlens/types';
import { errorLine } from '../../fingerprint/scrub-message.ts';
import type { ExplainResult } from './explain-postgres.ts';
import { indexFields } from './index-advice.ts';
import { isFullScan, planBrief } from './mongo-plan.ts';

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

/** The commands this needs from a MongoDB database handle (the driver's `Db`). */
export interface MongoDatabase {
  command(command: Record<string, unknown>): Promise<Record<string, unknown>>;
  collection(name: string): {
    estimatedDocumentCount(): Promise<number>;
    listIndexes(): { toArray(): Promise<Array<{ key?: Record<string, unknown> }>> };
  };
}

/**
 * Collections smaller than this are cheap to scan whole. Higher than PostgreSQL's floor because a
 * MongoDB proof builds a real index (there is no rolled-back one), which should be worth its build.
 */
export const LARGE_COLLECTION_DOCS = 10_000;

/** The name the proof's throw-away index gets, so that dropping it can never drop one of the user's. */
const PROBE_INDEX = 'loadlens_candidate';

/** True when an existing index's keys start with the candidate's fields, in order. */
function alreadyIndexed(fields: string[], existing: Array<{ key?: Record<string, unknown> }>): boolean {
  return existing.some((e) => {
    const keys = Object.keys(e.key ?? {});
    return fields.length <= keys.length && fields.every((f, i) => keys[i] === f);
  });
}

/**
 * @example await explainMongo(client.db('tripstore'), report.queries.slice(0, 5))
 */
export async function explainMongo(
  db: MongoDatabase,
  queries: QueryShape[],
  minRows = LARGE_COLLECTION_DOCS,
): Promise<ExplainResult> {
  const result: ExplainResult = { advice: [], plans: [], skipped: [], warnings: [], rejected: [] };
  for (const q of queries) {
    if (q.system !== 'mongodb') continue;
    const parsed = parseMongoFingerprint(q.fingerprint);
    if (parsed === undefined) continue;
    const explain = async () =>
      (
        await db.command({
          explain: { find: parsed.collection, filter: placeholders(parsed.filter), sort: parsed.sort },
          verbosity: 'queryPlanner',
        })
      ).queryPlanner as Record<string, unknown> | undefined;
    try {
      const planner = await explain();
      const fullScan = isFullScan(planner);
      result.plans.push({
        shapeId: q.id,
        fingerprint: q.fingerprint,
        system: q.system,
        access: fullScan ? 'full-scan' : 'index',
        scans: [`${planBrief(planner)} on ${parsed.collection}`],
      });
      if (!fullScan) continue;
      const collection = db.collection(parsed.collection);
      const rows = await collection.estimatedDocumentCount();
      if (rows < minRows) continue;
      const { equality, sort, range } = mongoIndexFields(parsed.filter, parsed.sort);
      const fields = indexFields(equality, sort, range);
      if (fields.length === 0) continue;
      if (alreadyIndexed(fields, await collection.listIndexes().toArray())) continue;
      const key = Object.fromEntries(fields.map((f) => [f, parsed.sort[f] === -1 ? -1 : 1]));
      let after: Record<string, unknown> | undefined;
      try {
        await db.command({ createIndexes: parsed.collection, indexes: [{ key, name: PROBE_INDEX }] });
      } catch (error) {
        result.warnings.push(`could not try an index on ${parsed.collection}: ${errorLine(error)}`);
        continue;
      }
      try {
        after = await explain();
      } finally {
        await db.command({ dropIndexes: parsed.collection, index: PROBE_INDEX });
      }
      // Kept only when the planner reads through the index instead of the whole collection.
      const spec = fields.map((f) => `${JSON.stringify(f)}: ${key[f]}`).join(', ');
      const index = `db.${parsed.collection}.createIndex({ ${spec} })`;
      if (isFullScan(after)) {
        result.rejected.push({
          shapeId: q.id,
          index,
          reason: `the server's plan still reads the whole collection (${planBrief(after)} on ${parsed.collection})`,
        });
        continue;
      }
      result.advice.push({
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
        index,
        proof: {
          method: 'built and dropped',
          before: `${planBrief(planner)} on ${parsed.collection}`,
          after: `${planBrief(after)} on ${parsed.collection}`,
        },
      });
    } catch (error) {
      result.skipped.push({ shapeId: q.id, reason: errorLine(error) });
    }
  }
  return result;
}
