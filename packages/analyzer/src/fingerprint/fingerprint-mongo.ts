// MongoDB command fingerprints by mtools' rules: every value → "?", $in-style arrays and range
// sub-documents collapsed, keys sorted; driver bookkeeping (lsid, $db, $clusterTime, …) dropped.

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
]);

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

/**
 * Fingerprints a command as instrumentation-mongodb writes it in `db.query.text`/`db.statement`.
 * @example shapeMongo('{"find":"?","filter":{"user":"?","ts":{"$gte":"?"}}}', 'trips')?.fingerprint
 * // 'trips.find {"filter":{"ts":{"$gte":"?"},"user":"?"}}'
 */
export function shapeMongo(
  text: string,
  collection: string | undefined,
  operation: string | undefined,
): MongoShape | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const command = parsed as Record<string, unknown>;
  const first = Object.keys(command)[0];
  const commandName = first !== undefined && COMMAND_NAMES.has(first) ? first : undefined;
  const body: Record<string, unknown> = {};
  for (const k of Object.keys(command)) if (k !== commandName) body[k] = command[k];
  const normalized = normalize(body, undefined) as Record<string, unknown>;
  const named = typeof command[commandName ?? ''] === 'string' ? (command[commandName ?? ''] as string) : '?';
  // The collection name is an identifier, not a value: instrumentation-mongodb scrubs it to "?" in the
  // text, so take it from db.collection.name when the text lost it.
  const coll = collection ?? (named !== '?' ? named : '?');
  const op = operation ?? commandName;
  return {
    fingerprint: `${coll}.${op ?? 'command'} ${JSON.stringify(normalized)}`,
    operation: op,
    command: normalized,
  };
}
