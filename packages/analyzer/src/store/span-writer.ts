// Writes staged span rows into otel_traces: one appender pass into a temporary staging table, then one
// INSERT … SELECT that builds the MAP/LIST columns in DuckDB and commits. When `write` resolves the
// rows are committed to DuckDB's write-ahead log, so a collector killed with -9 afterwards keeps them.
import { DOUBLE, type DuckDBConnection, DuckDBDataChunk, type DuckDBType, VARCHAR } from '@duckdb/node-api';
import { TRACES_TABLE } from './schema.ts';
import type { SpanRows } from './span-rows.ts';

const STAGE = 'span_stage';

// Column order shared by the staging DDL, the appender and the INSERT below.
const STAGE_COLUMNS: [keyof Omit<SpanRows, 'count'>, DuckDBType][] = [
  ['timestamp', VARCHAR],
  ['traceId', VARCHAR],
  ['spanId', VARCHAR],
  ['parentSpanId', VARCHAR],
  ['traceState', VARCHAR],
  ['name', VARCHAR],
  ['kind', VARCHAR],
  ['service', VARCHAR],
  ['resource', VARCHAR],
  ['scopeName', VARCHAR],
  ['scopeVersion', VARCHAR],
  ['attributes', VARCHAR],
  ['attributeTypes', VARCHAR],
  ['duration', DOUBLE],
  ['status', VARCHAR],
  ['statusMessage', VARCHAR],
  ['events', VARCHAR],
  ['links', VARCHAR],
];
const STAGE_TYPES = STAGE_COLUMNS.map(([, type]) => type);

const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (${STAGE_COLUMNS.map(
  ([name, type]) => `"${name}" ${type.toString()}`,
).join(', ')})`;

const list = (column: string, path: string, cast: string) =>
  `CASE WHEN "${column}" IS NULL THEN [] ELSE ("${column}"->'$.${path}')::${cast} END`;

const INSERT = `INSERT INTO ${TRACES_TABLE} SELECT
  make_timestamp_ns("timestamp"::BIGINT), "traceId", "spanId", "parentSpanId", "traceState", "name", "kind",
  "service", "resource"::JSON::MAP(VARCHAR, VARCHAR), "scopeName", "scopeVersion",
  "attributes"::JSON::MAP(VARCHAR, VARCHAR), "attributeTypes", "duration"::UBIGINT, "status", "statusMessage",
  CASE WHEN "events" IS NULL THEN [] ELSE list_transform(("events"->'$.t')::VARCHAR[], x -> make_timestamp_ns(x::BIGINT)) END,
  ${list('events', 'n', 'VARCHAR[]')},
  ${list('events', 'a', 'MAP(VARCHAR, VARCHAR)[]')},
  ${list('links', 't', 'VARCHAR[]')},
  ${list('links', 's', 'VARCHAR[]')},
  ${list('links', 'ts', 'VARCHAR[]')},
  ${list('links', 'a', 'MAP(VARCHAR, VARCHAR)[]')}
FROM ${STAGE}`;

// DuckDB's vector size (STANDARD_VECTOR_SIZE): a data chunk holds at most this many rows.
const CHUNK_ROWS = 2048;

export interface SpanWriter {
  /** Commits every row of every batch in one transaction; resolves once durable. */
  write(batches: readonly SpanRows[]): Promise<void>;
}

export async function createSpanWriter(connection: DuckDBConnection): Promise<SpanWriter> {
  await connection.run(CREATE_STAGE);
  return {
    write: async function writeSpanRows(batches) {
      const appender = await connection.createAppender(STAGE, 'main', 'temp');
      try {
        for (const rows of batches) {
          for (let from = 0; from < rows.count; from += CHUNK_ROWS) {
            const to = Math.min(rows.count, from + CHUNK_ROWS);
            const chunk = DuckDBDataChunk.create(STAGE_TYPES, to - from);
            chunk.setColumns(
              STAGE_COLUMNS.map(([name]) => (rows[name] as unknown[]).slice(from, to)) as never,
            );
            appender.appendDataChunk(chunk);
          }
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      try {
        await connection.run(`BEGIN; ${INSERT}; COMMIT`);
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        await connection.run(`DELETE FROM ${STAGE}`);
      }
    },
  };
}
