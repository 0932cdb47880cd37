// The span store as a span source: one streaming query ordered by TraceId, read a DuckDB chunk at a time,
// so a trace is complete when the next TraceId appears and memory holds one chunk plus one trace.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AttributeValue, NormalizedSpan, SpanEvent, SpanKind } from '@loadlens/types';
import type { SpanSource } from '../sources/span-source.ts';
import { openDatabase } from './open-database.ts';
import { SCOPES_TABLE, TRACES_RAW_TABLE } from './schema.ts';

// Index = the raw table's Kind and Status codes (span-rows.ts KIND_CODE, STATUS_CODE).
const KINDS: SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: NormalizedSpan['status'][] = ['unset', 'ok', 'error'];

// Reads the raw table: attribute maps and the rare fields are JSON text there, with their value types.
const SELECT = `SELECT "TraceId", "SpanId", "ParentSpanId", "SpanName", "Kind", "ScopeRef",
  "TimestampNs"::DOUBLE, "Duration", "Status", "SpanAttributes", "Details"
FROM ${TRACES_RAW_TABLE} ORDER BY "TraceId"`;

interface Details {
  sm?: string;
  et?: number[];
  en?: string[];
  ea?: Record<string, AttributeValue>[];
}

function eventsOf(details: Details): SpanEvent[] {
  if (!details.en) return [];
  return details.en.map((name, i) => ({
    name,
    timeNs: details.et?.[i] ?? 0,
    attributes: details.ea?.[i] ?? {},
  }));
}

// TraceId, SpanId, ParentSpanId, SpanName, Kind, ScopeRef, start, Duration, Status, SpanAttributes, Details.
type Row = [string, string, string, string, number, number, number, number, number, string, string | null];

function spanOf(row: Row, services: Map<number, string>): NormalizedSpan {
  const span: NormalizedSpan = {
    traceId: row[0],
    spanId: row[1],
    name: row[3],
    kind: KINDS[row[4]] ?? 'internal',
    service: services.get(row[5]) ?? 'unknown_service',
    startNs: row[6],
    durationNs: row[7],
    status: STATUSES[row[8]] ?? 'unset',
    attributes: JSON.parse(row[9]) as Record<string, AttributeValue>,
    events: [],
  };
  if (row[2] !== '') span.parentSpanId = row[2];
  if (row[10] !== null) {
    const details = JSON.parse(row[10]) as Details;
    span.events = eventsOf(details);
    if (details.sm !== undefined) span.statusMessage = details.sm;
  }
  return span;
}

async function serviceNames(connection: DuckDBConnection): Promise<Map<number, string>> {
  const reader = await connection.runAndReadAll(`SELECT "ScopeRef", "ServiceName" FROM ${SCOPES_TABLE}`);
  return new Map(reader.getRows() as [number, string][]);
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
      const services = await serviceNames(db.connection);
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
          current.push(spanOf(row, services));
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
