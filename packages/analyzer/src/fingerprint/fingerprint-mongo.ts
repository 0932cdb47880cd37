// MongoDB command fingerprints by mtools' rules: every value → "?", $in-style arrays and range
// sub-documents collapsed, keys sorted; driver bookkeeping (lsid, $db, $clusterTime, …) dropped.
// Reads the command as instrumentation-mongodb writes it (a JSON document) and as pymongo's
// instrumentation does (the command name, then the Python repr of its main argument, or the name alone).
import { pythonRepr } from './python-repr.ts';

/** Keys the driver adds to every command; they say nothing about the query's shape. */
const DRIVER_KEYS = new Set([
  'lsid',
  '$db',
  '$clusterTime',
  '$readPreference',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'readConcern',
  'writeConcern',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'comment',
  'maxTimeMS',
  'cursor',
  'batchSize',
  'singleBatch',
  'ordered',
  'bypassDocumentValidation',
  'let',
]);

/** Operators whose array operand is a list of values (its length is data, not shape). */
const VALUE_LIST_OPERATORS = new Set(['$in', '$nin', '$all']);

/** Keys whose operand is a spec (field → 1/-1), not data: kept as written, order included. */
const SPEC_KEYS = new Set(['sort', '$sort', 'projection', 'hint', '$project', 'key']);

/** The command names instrumentation-mongodb may put first; their value is the collection name. */
const COMMAND_NAMES = new Set([
  'find',
  'aggregate',
  'count',
  'distinct',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'createIndexes',
  'getMore',
  'killCursors',
  'listIndexes',
  'listCollections',
]);

/** The command a statement starts with, when it is a known one (never another word: it could be data). */
export function mongoCommandName(text: string): string | undefined {
  const word = /^\s*\{?\s*["']?([A-Za-z]\w*)/.exec(text)?.[1];
  return word !== undefined && COMMAND_NAMES.has(word) ? word : undefined;
}

function normalize(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    if (key !== undefined && VALUE_LIST_OPERATORS.has(key)) return '?';
    // Arrays of documents (pipelines, $or/$and branches, bulk write batches) keep one entry per distinct
    // shape, in first-seen order; arrays of scalars are values and collapse to one placeholder.
    const shapes: unknown[] = [];
    const seen = new Set<string>();
    for (const item of value) {
      if (item === null || typeof item !== 'object') return '?';
      const shaped = normalize(item, undefined);
      const text = JSON.stringify(shaped);
      if (!seen.has(text)) {
        seen.add(text);
        shapes.push(shaped);
      }
    }
    return shapes;
  }
  if (value !== null && typeof value === 'object') {
    if (key !== undefined && SPEC_KEYS.has(key)) return specOf(value as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (DRIVER_KEYS.has(k)) continue;
      out[k] = normalize((value as Record<string, unknown>)[k], k);
    }
    return out;
  }
  return '?';
}

/** A sort/projection spec keeps field order and ±1/"text"-style directions; anything else becomes "?". */
function specOf(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec))
    out[k] = v === 1 || v === -1 || v === 0 || v === 'text' || v === '2dsphere' ? v : '?';
  return out;
}

/** The fingerprint of a MongoDB command, or undefined when the text is not a JSON document. */
export interface MongoShape {
  /** `<collection>.<command> {normalized command}`; the sample is this same text. */
  fingerprint: string;
  operation: string | undefined;
  /** The parsed command (literals replaced), for EXPLAIN suggestions. */
  command: Record<string, unknown>;
}

/** Where pymongo's statement puts its one argument, by command (its instrumentation writes only that). */
const ARGUMENT_FIELD: Record<string, string> = {
  find: 'filter',
  count: 'query',
  distinct: 'query',
  findAndModify: 'query',
  findandmodify: 'query',
  delete: 'deletes',
  update: 'updates',
  insert: 'documents',
  aggregate: 'pipeline',
};

function documentOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return pythonRepr(text);
  }
}

function shapeOf(collection: string, operation: string, body: Record<string, unknown>): MongoShape {
  const normalized = normalize(body, undefined) as Record<string, unknown>;
  const rest = Object.keys(normalized).length > 0 ? ` ${JSON.stringify(normalized)}` : '';
  return { fingerprint: `${collection}.${operation}${rest}`, operation, command: normalized };
}

/**
 * Fingerprints a command as instrumentation-mongodb writes it in `db.query.text`/`db.statement` (JSON),
 * or as pymongo's instrumentation does (`find {'user_id': 42}`, `getMore trips`, or just `find`).
 * Undefined when the text is neither.
 * @example shapeMongo('{"find":"?","filter":{"user":"?","ts":{"$gte":"?"}}}', 'trips')?.fingerprint
 * // 'trips.find {"filter":{"ts":{"$gte":"?"},"user":"?"}}'
 */
export function shapeMongo(
  text: string,
  collection: string | undefined,
  operation: string | undefined,
): MongoShape | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    const m = /^([A-Za-z]\w*)(?:\s+([\s\S]+))?$/.exec(trimmed);
    if (m === null) return undefined;
    const name = m[1] as string;
    const argument = m[2];
    const op = operation ?? name;
    // "getMore trips": the argument is the collection itself.
    if (argument === undefined || /^[\w.-]+$/.test(argument))
      return shapeOf(collection ?? argument ?? '?', op, {});
    const value = documentOf(argument);
    if (value === undefined || value === null || typeof value !== 'object') return undefined;
    return shapeOf(collection ?? '?', op, { [ARGUMENT_FIELD[name] ?? 'argument']: value });
  }
  const parsed = documentOf(trimmed);
  if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return undefined;
  const command = parsed as Record<string, unknown>;
  const first = Object.keys(command)[0];
  const commandName = first !== undefined && COMMAND_NAMES.has(first) ? first : undefined;
  const body: Record<string, unknown> = {};
  for (const k of Object.keys(command)) if (k !== commandName) body[k] = command[k];
  const named = typeof command[commandName ?? ''] === 'string' ? (command[commandName ?? ''] as string) : '?';
  // The collection name is an identifier, not a value: instrumentation-mongodb scrubs it to "?" in the
  // text, so take it from db.collection.name when the text lost it.
  const coll = collection ?? (named !== '?' ? named : '?');
  const op = operation ?? commandName ?? 'command';
  const normalized = normalize(body, undefined) as Record<string, unknown>;
  return { fingerprint: `${coll}.${op} ${JSON.stringify(normalized)}`, operation: op, command: normalized };
}
