// Builds traces shaped like what instrumentation-http/express/pg/mongodb emit (names, kinds, attributes),
// for unit tests of the analyses. Times are in ms from a fixed epoch for readable tests.
import { CRAFTED_EPOCH_NS } from '@loadlens/run-stats/testing';
import type { AttributeValue, NormalizedSpan, SpanEvent } from '@loadlens/types';

/** The instant crafted traces start from: the one crafted runs start at, so the two line up in time. */
export const EPOCH_NS = CRAFTED_EPOCH_NS;

let traceCounter = 0;

interface At {
  at: number;
  ms: number;
}

/**
 * @example const t = craftTrace(0); const root = t.server('GET', '/trips/:id', { at: 0, ms: 50 }); t.pg(root, 'SELECT 1', { at: 1, ms: 2 })
 */
export function craftTrace(startMs: number, service = 'tripstore') {
  traceCounter++;
  const traceId = traceCounter.toString(16).padStart(32, '0');
  const spans: NormalizedSpan[] = [];
  let spanCounter = 0;
  function add(
    parent: string | undefined,
    name: string,
    kind: NormalizedSpan['kind'],
    { at, ms }: At,
    attributes: Record<string, AttributeValue>,
    extra: Partial<NormalizedSpan> = {},
  ): string {
    spanCounter++;
    const spanId = (traceCounter * 4096 + spanCounter).toString(16).padStart(16, '0');
    spans.push({
      traceId,
      spanId,
      ...(parent !== undefined ? { parentSpanId: parent } : {}),
      name,
      kind,
      service,
      startNs: EPOCH_NS + Math.round((startMs + at) * 1e6),
      durationNs: Math.round(ms * 1e6),
      status: 'unset',
      attributes,
      events: [] as SpanEvent[],
      ...extra,
    });
    return spanId;
  }
  return {
    traceId,
    spans: () => spans,
    server(method: string, route: string, at: At, status = 200, parent?: string) {
      return add(parent, `${method} ${route}`, 'server', at, {
        'http.request.method': method,
        'http.route': route,
        'http.response.status_code': status,
      });
    },
    internal(parent: string, name: string, at: At) {
      return add(parent, name, 'internal', at, {});
    },
    pg(parent: string, sql: string, at: At) {
      return add(parent, `pg.query:${sql.split(' ')[0]} tripstore`, 'client', at, {
        'db.system.name': 'postgresql',
        'db.query.text': sql,
        'db.namespace': 'tripstore',
      });
    },
    pool(parent: string, at: At) {
      return add(parent, 'pg-pool.connect', 'client', at, { 'db.system.name': 'postgresql' });
    },
    mongo(parent: string, collection: string, operation: string, command: unknown, at: At) {
      return add(parent, `mongodb.${operation}`, 'client', at, {
        'db.system.name': 'mongodb',
        'db.collection.name': collection,
        'db.operation.name': operation,
        'db.query.text': JSON.stringify(command),
      });
    },
    /** A MongoDB call as opentelemetry-instrumentation-pymongo records it: `find {'user_id': 42}`. */
    pymongo(parent: string, collection: string, statement: string, at: At) {
      return add(parent, `db.${statement.split(' ')[0]}`, 'client', at, {
        'db.system.name': 'mongodb',
        'db.collection.name': collection,
        'db.query.text': statement,
      });
    },
    http(parent: string, method: string, host: string, at: At) {
      return add(parent, method, 'client', at, {
        'http.request.method': method,
        'server.address': host,
        'url.full': `http://${host}/x`,
      });
    },
    redis(parent: string, statement: string, at: At) {
      return add(parent, statement.split(' ')[0] ?? 'redis', 'client', at, {
        'db.system.name': 'redis',
        'db.query.text': statement,
      });
    },
    fail(spanId: string, errorType: string) {
      const s = spans.find((x) => x.spanId === spanId)!;
      s.status = 'error';
      s.attributes['error.type'] = errorType;
    },
  };
}
