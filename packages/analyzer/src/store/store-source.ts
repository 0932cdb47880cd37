// The span store as a span source: DuckDB groups spans by TraceId and hands each trace over as a single
// JSON string, read a DuckDB chunk (2048 traces) at a time. One string per trace instead of six per span:
// reading strings out of DuckDB vectors one by one was a fifth of the read time (profiled), and
// JSON.parse of one document is V8's fastest path to objects. The grouping runs over hash partitions of
// the trace ids so DuckDB never holds more than ~200,000 spans' lists at once: one GROUP BY over 1M spans
// peaked at 1.15 GB RSS, five partitions at 0.69 GB in the same time (BENCHMARKS.md).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AttributeValue, NormalizedSpan, SpanEvent, SpanKind } from '@loadlens/types';
import type { SpanSource } from '../sources/span-source.ts';
import { openDatabase } from './open-database.ts';
import { SCOPES_TABLE, TRACES_RAW_TABLE } from './schema.ts';

// Index = the raw table's Kind and Status codes (span-rows.ts KIND_CODE, STATUS_CODE).
const KINDS: SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: NormalizedSpan['status'][] = ['unset', 'ok', 'error'];

// Spans per partition: bounds DuckDB's aggregation memory (see the comment at the top).
const PARTITION_SPANS = 200_000;

// Attribute maps and the rare fields are JSON text in the raw table; json() embeds them unquoted.
const selectPartition = (partitions: number, partition: number) => `SELECT to_json(list({
    s: "SpanId", p: "ParentSpanId", n: "SpanName", k: "Kind", r: "ScopeRef", t: "TimestampNs"::DOUBLE,
    d: "Duration", c: "Status", a: json("SpanAttributes"), x: json("Details")
  }))::VARCHAR, "TraceId"
FROM ${TRACES_RAW_TABLE} WHERE hash("TraceId") % ${partitions} = ${partition} GROUP BY "TraceId"`;

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

/** One span of the grouped query (keys kept short: they are parsed for every span). */
interface Packed {
  s: string;
  p: string;
  n: string;
  k: number;
  r: number;
  t: number;
  d: number;
  c: number;
  a: Record<string, AttributeValue>;
  x: Details | null;
}

function spanOf(traceId: string, packed: Packed, services: Map<number, string>): NormalizedSpan {
  const span: NormalizedSpan = {
    traceId,
    spanId: packed.s,
    name: packed.n,
    kind: KINDS[packed.k] ?? 'internal',
    service: services.get(packed.r) ?? 'unknown_service',
    startNs: packed.t,
    durationNs: packed.d,
    status: STATUSES[packed.c] ?? 'unset',
    attributes: packed.a,
    events: [],
  };
  if (packed.p !== '') span.parentSpanId = packed.p;
  if (packed.x !== null) {
    span.events = eventsOf(packed.x);
    if (packed.x.sm !== undefined) span.statusMessage = packed.x.sm;
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
      const counted = await db.connection.runAndReadAll(`SELECT count(*) FROM ${TRACES_RAW_TABLE}`);
      const partitions = Math.max(1, Math.ceil(Number(counted.getRows()[0]![0]) / PARTITION_SPANS));
      for (let partition = 0; partition < partitions; partition++) {
        const result = await db.connection.stream(selectPartition(partitions, partition));
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          const [spans, traceIds] = chunk.getColumns() as [string[], string[]];
          for (let i = 0; i < spans.length; i++) {
            const traceId = traceIds[i]!;
            yield (JSON.parse(spans[i]!) as Packed[]).map((packed) => spanOf(traceId, packed, services));
          }
        }
      }
    },
    close: async function closeStore() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
