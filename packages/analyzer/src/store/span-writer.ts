// Writes span rows into otel_traces_raw: DuckDB's appender fills an in-memory TEMP staging table a data
// chunk (2048 rows) at a time, then one async INSERT … SELECT moves them and commits. The two steps are
// deliberate: the appender's flush is synchronous, and a flush into the real table would hold the event
// loop through the write-ahead-log write and fsync; the INSERT runs on a libuv worker while the main
// thread goes on decoding requests. When `write` resolves the rows are in the WAL: they survive kill -9.
// Measured (bench/analyzer-ingest.ts, 10 requests in flight, one core): appending and flushing straight
// into the table gave 27–33k spans/s wall against 50–58k this way, at about the same CPU per span.
import {
  BIGINT,
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBType,
  INTEGER,
  UTINYINT,
  VARCHAR,
} from '@duckdb/node-api';
import { TRACES_RAW_TABLE } from './schema.ts';

const STAGE = 'span_stage';

import { createScopeRefs } from './scope-refs.ts';
import type { SpanRows } from './span-rows.ts';

type Column = keyof Omit<SpanRows, 'count' | 'scope'> | 'scopeRef';

// Column order of otel_traces_raw (schema.ts), and each column's type for the data chunk.
const COLUMNS: [Column, DuckDBType][] = [
  ['timestamp', BIGINT],
  ['traceId', VARCHAR],
  ['spanId', VARCHAR],
  ['parentSpanId', VARCHAR],
  ['name', VARCHAR],
  ['attributes', VARCHAR],
  ['duration', DOUBLE],
  ['kind', UTINYINT],
  ['status', UTINYINT],
  ['scopeRef', INTEGER],
  ['details', VARCHAR],
];
const TYPES = COLUMNS.map(([, type]) => type);

// DuckDB's vector size (STANDARD_VECTOR_SIZE): a data chunk holds at most this many rows.
const CHUNK_ROWS = 2048;

export interface SpanWriter {
  /** Appends every row of every batch and commits; resolves once durable. */
  write(batches: readonly SpanRows[]): Promise<void>;
}

export async function createSpanWriter(connection: DuckDBConnection): Promise<SpanWriter> {
  const scopes = await createScopeRefs(connection);
  await connection.run(
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} AS SELECT * FROM ${TRACES_RAW_TABLE} LIMIT 0`,
  );
  return {
    write: async function writeSpanRows(batches) {
      // Scope rows first: a span never references a ScopeRef that is not committed.
      const refs: number[][] = [];
      for (const rows of batches) refs.push(await scopes.refsOf(rows.scope));
      const appender = await connection.createAppender(STAGE, 'main', 'temp');
      try {
        batches.forEach((rows, b) => {
          const columns = COLUMNS.map(([name]) => (name === 'scopeRef' ? refs[b]! : rows[name]) as unknown[]);
          for (let from = 0; from < rows.count; from += CHUNK_ROWS) {
            const to = Math.min(rows.count, from + CHUNK_ROWS);
            const whole = from === 0 && to === rows.count;
            const chunk = DuckDBDataChunk.create(TYPES, to - from);
            chunk.setColumns((whole ? columns : columns.map((c) => c.slice(from, to))) as never);
            appender.appendDataChunk(chunk);
          }
        });
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      // One round trip: the move, the emptying of the stage and the commit in one call.
      try {
        await connection.run(
          `BEGIN; INSERT INTO ${TRACES_RAW_TABLE} SELECT * FROM ${STAGE}; DELETE FROM ${STAGE}; COMMIT`,
        );
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => {});
        await connection.run(`DELETE FROM ${STAGE}`);
        throw error;
      }
    },
  };
}
