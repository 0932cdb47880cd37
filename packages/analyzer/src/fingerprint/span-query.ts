// Turns a database span into its query shape: which system, which fingerprint, a scrubbed sample.
// Cached by raw text, because the same statement text repeats across thousands of spans.
import { type NormalizedSpan, SEMCONV } from '@loadlens/types';
import { mongoCommandName, shapeMongo } from './fingerprint-mongo.ts';
import { shapeSql, sqlShapeKey } from './fingerprint-sql.ts';
import { shapeId } from './shape-id.ts';

/** A query shape as the analyses see it. */
export interface SpanQuery {
  id: string;
  system: string;
  fingerprint: string;
  /** Scrubbed: literals replaced; safe to print. */
  sample: string;
  operation: string | undefined;
  collection: string | undefined;
}

/** Systems whose query text is not SQL. */
const DOCUMENT_SYSTEMS = new Set(['mongodb']);

/** Key-value stores: their "statement" is a command and keys (which embed ids and tokens): keep the command only. */
const KEY_VALUE_SYSTEMS = new Set(['redis', 'memcached', 'valkey']);

/** Lookups before the cache judges whether statements repeat enough to be worth caching. */
const CACHE_PROBE = 2_000;

/** Bound on the raw-text cache: texts with inlined literals are mostly unique, so it must not grow forever. */
const CACHE_LIMIT = 20_000;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Creates a shaper that maps spans to query shapes, or undefined for spans that are not database calls.
 * @example const queryOf = createQueryShaper(); const q = queryOf(span); q?.fingerprint
 */
export function createQueryShaper(): (span: NormalizedSpan) => SpanQuery | undefined {
  // Caches per system, collection and operation (nested Maps: no key string is built per span), then by
  // the raw text. Shapes are interned by fingerprint, so each shape is hashed once.
  const byContext = new Map<string, Map<string, Map<string, TextCache>>>();
  const byFingerprint = new Map<string, SpanQuery>();
  return function queryOfSpan(span) {
    const a = span.attributes;
    const system = str(a[SEMCONV.dbSystem]);
    if (system === undefined) return undefined;
    const operation = str(a[SEMCONV.dbOperation]);
    const text = str(a[SEMCONV.dbQueryText]);
    // Pool checkouts and connects carry the db system but no statement and no operation: not a query.
    if (text === undefined && operation === undefined) return undefined;
    const collection = str(a[SEMCONV.dbCollection]);
    let byCollection = byContext.get(system);
    if (byCollection === undefined) {
      byCollection = new Map();
      byContext.set(system, byCollection);
    }
    let byOperation = byCollection.get(collection ?? '');
    if (byOperation === undefined) {
      byOperation = new Map();
      byCollection.set(collection ?? '', byOperation);
    }
    let cache = byOperation.get(operation ?? '');
    if (cache === undefined) {
      cache = { texts: new Map(), shapes: new Map(), lookups: 0, hits: 0, enabled: true };
      byOperation.set(operation ?? '', cache);
    }
    const raw = text ?? span.name;
    if (cache.enabled) {
      cache.lookups++;
      const hit = cache.texts.get(raw);
      if (hit !== undefined) {
        cache.hits++;
        return hit;
      }
      // Statements with inlined literals almost never repeat: hashing and keeping them costs more than
      // fingerprinting again, so the cache switches itself off when fewer than half of lookups hit.
      if (cache.lookups >= CACHE_PROBE && cache.hits * 2 < cache.lookups) {
        cache.enabled = false;
        cache.texts.clear();
      }
    }
    // SQL is looked up by a hash of its collapsed tokens, so repeated shapes build no strings.
    const sqlKey = text !== undefined && isSqlSystem(system) ? sqlShapeKey(text) : undefined;
    let query = sqlKey !== undefined ? cache.shapes.get(sqlKey) : undefined;
    if (query === undefined) {
      const fresh = shape(system, text, operation, collection, span.name);
      const key = `${system}|${fresh.fingerprint}`;
      query = byFingerprint.get(key);
      if (query === undefined) {
        // Once per shape: the id hash and, for SQL without db.operation.name, the statement's first keyword.
        const op =
          fresh.operation ?? (DOCUMENT_SYSTEMS.has(system) ? undefined : firstKeyword(fresh.fingerprint));
        query = { ...fresh, operation: op, id: shapeId(`${system}\u0000${fresh.fingerprint}`) };
        byFingerprint.set(key, query);
      }
      if (sqlKey !== undefined) cache.shapes.set(sqlKey, query);
    }
    if (cache.enabled) {
      if (cache.texts.size >= CACHE_LIMIT) cache.texts.clear();
      cache.texts.set(raw, query);
    }
    return query;
  };
}

interface TextCache {
  texts: Map<string, SpanQuery>;
  /** By sqlShapeKey: one entry per shape, so it stays small. */
  shapes: Map<number, SpanQuery>;
  lookups: number;
  hits: number;
  enabled: boolean;
}

function shape(
  system: string,
  text: string | undefined,
  operation: string | undefined,
  collection: string | undefined,
  spanName: string,
): Omit<SpanQuery, 'id'> {
  let fingerprint: string;
  let sample: string;
  let op = operation;
  if (text === undefined) {
    // No statement recorded (e.g. Redis without db.query.text, pool spans): the operation names the shape.
    // The span name is only used when it carries no statement (instrumentation-pg puts SQL in names
    // only as "pg.query:SELECT db", the first keyword): it is shaped like SQL so literals never leak.
    fingerprint = `${system} ${operation ?? shapeSql(spanName).fingerprint}${collection ? ` ${collection}` : ''}`;
    sample = fingerprint;
  } else if (KEY_VALUE_SYSTEMS.has(system)) {
    const command = (operation ?? /^\s*([A-Za-z.]+)/.exec(text)?.[1] ?? 'command').toUpperCase();
    fingerprint = `${system} ${command}`;
    sample = fingerprint;
    op = command;
  } else if (DOCUMENT_SYSTEMS.has(system)) {
    const mongo = shapeMongo(text, collection, operation);
    if (mongo !== undefined) {
      fingerprint = mongo.fingerprint;
      sample = mongo.fingerprint;
      op = mongo.operation;
    } else {
      // A statement in no form we read: keep only collection and command. (Scanning it as SQL would keep
      // double-quoted strings, which SQL reads as identifiers but a document store's text uses for values.)
      op = operation ?? mongoCommandName(text) ?? 'command';
      fingerprint = `${collection ?? '?'}.${op}`;
      sample = fingerprint;
    }
  } else {
    const sql = shapeSql(text);
    fingerprint = sql.fingerprint;
    sample = sql.sample;
  }
  return {
    system,
    fingerprint,
    sample,
    operation: op,
    collection,
  };
}

/** Systems whose statements are SQL (everything but document and key-value stores). */
function isSqlSystem(system: string): boolean {
  return !DOCUMENT_SYSTEMS.has(system) && !KEY_VALUE_SYSTEMS.has(system);
}

function firstKeyword(fingerprint: string): string | undefined {
  const match = /^[a-z]+/.exec(fingerprint);
  return match?.[0]?.toUpperCase();
}
