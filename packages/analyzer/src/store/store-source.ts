// The span store as a span source: one streaming query ordered by TraceId, read a DuckDB chunk at a time,
// so a trace is complete when the next TraceId appears and memory holds one chunk plus one trace.
import type { AttributeValue, NormalizedSpan, SpanEvent, SpanKind } from '@loadlens/types';
import type { SpanSource } from '../sources/span-source.ts';
import { openDatabase } from './open-database.ts';
import { TRACES_TABLE } from './schema.ts';

const KIND: Record<string, SpanKind> = {
  Internal: 'internal',
  Server: 'server',
  Client: 'client',
  Producer: 'producer',
  Consumer: 'consumer',
};
const STATUS: Record<string, NormalizedSpan['status']> = { Unset: 'unset', Ok: 'ok', Error: 'error' };

// Maps and lists come out as JSON text: one JSON.parse is far cheaper than walking DuckDB value objects.
const SELECT = `SELECT "TraceId", "SpanId", "ParentSpanId", "SpanName", "SpanKind", "ServiceName",
  epoch_ns("Timestamp")::DOUBLE, "Duration"::DOUBLE, "StatusCode", "StatusMessage",
  to_json("SpanAttributes")::VARCHAR, "SpanAttributeTypes",
  CASE WHEN len("Events.Name") = 0 THEN NULL ELSE to_json({
    t: list_transform("Events.Timestamp", x -> epoch_ns(x)::DOUBLE), n: "Events.Name", a: "Events.Attributes"
  })::VARCHAR END
FROM ${TRACES_TABLE} ORDER BY "TraceId"`;

/** Restores the types the store recorded in SpanAttributeTypes (it keeps every value as a string). */
export function typedAttributes(json: string, types: string): Record<string, AttributeValue> {
  const attributes = JSON.parse(json) as Record<string, AttributeValue>;
  if (types === '') return attributes;
  const kinds = JSON.parse(types) as Record<string, string>;
  for (const key in kinds) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    const kind = kinds[key];
    attributes[key] = kind === 'n' ? Number(value) : kind === 'b' ? value === 'true' : JSON.parse(value);
  }
  return attributes;
}

function eventsOf(json: string | null): SpanEvent[] {
  if (json === null) return [];
  const { t, n, a } = JSON.parse(json) as { t: number[]; n: string[]; a: Record<string, string>[] };
  return n.map((name, i) => ({ name, timeNs: t[i]!, attributes: a[i] ?? {} }));
}

type Row = [
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  number,
  string,
  string,
  string,
  string,
  string | null,
];

function spanOf(row: Row): NormalizedSpan {
  const span: NormalizedSpan = {
    traceId: row[0],
    spanId: row[1],
    name: row[3],
    kind: KIND[row[4]] ?? 'internal',
    service: row[5],
    startNs: row[6],
    durationNs: row[7],
    status: STATUS[row[8]] ?? 'unset',
    attributes: typedAttributes(row[10], row[11]),
    events: eventsOf(row[12]),
  };
  if (row[2] !== '') span.parentSpanId = row[2];
  if (row[9] !== '') span.statusMessage = row[9];
  return span;
}

/**
 * Opens a store file read-only. Another process holding it, or a file that is not a store, is an
 * InputError (exit 2).
 * @example const source = await openStoreSource('run.db')
 */
export async function openStoreSource(file: string): Promise<SpanSource> {
  const db = await openDatabase(file, { readOnly: true });
  let closed = false;
  return {
    kind: 'store',
    location: file,
    traces: async function* storeTraces(): AsyncGenerator<NormalizedSpan[]> {
      const result = await db.connection.stream(SELECT);
      let current: NormalizedSpan[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk.getRows() as unknown as Row[];
        for (const row of rows) {
          if (current.length > 0 && current[0]!.traceId !== row[0]) {
            yield current;
            current = [];
          }
          current.push(spanOf(row));
        }
      }
      if (current.length > 0) yield current;
    },
    close: async function closeStore() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
