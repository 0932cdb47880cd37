// Turns a database span into its query shape: which system, which fingerprint, a scrubbed sample.
// Cached by raw text, because the same statement text repeats across thousands of spans.
import { type NormalizedSpan, SEMCONV } from '@loadlens/types';
import { shapeMongo } from './fingerprint-mongo.ts';
import { shapeSql } from './fingerprint-sql.ts';
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
  const cache = new Map<string, SpanQuery>();
  return function queryOfSpan(span) {
    const a = span.attributes;
    const system = str(a[SEMCONV.dbSystem]);
    if (system === undefined) return undefined;
    const operation = str(a[SEMCONV.dbOperation]);
    const collection = str(a[SEMCONV.dbCollection]);
    const text = str(a[SEMCONV.dbQueryText]);
    const key = `${system}\u0000${collection ?? ''}\u0000${operation ?? ''}\u0000${text ?? span.name}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const query = shape(system, text, operation, collection, span.name);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, query);
    return query;
  };
}

function shape(
  system: string,
  text: string | undefined,
  operation: string | undefined,
  collection: string | undefined,
  spanName: string,
): SpanQuery {
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
      const sql = shapeSql(text);
      fingerprint = sql.fingerprint;
      sample = sql.sample;
    }
  } else {
    const sql = shapeSql(text);
    fingerprint = sql.fingerprint;
    sample = sql.sample;
    op ??= firstKeyword(fingerprint);
  }
  return {
    id: shapeId(`${system}\u0000${fingerprint}`),
    system,
    fingerprint,
    sample,
    operation: op,
    collection,
  };
}

function firstKeyword(fingerprint: string): string | undefined {
  const match = /^[a-z]+/.exec(fingerprint);
  return match?.[0]?.toUpperCase();
}
