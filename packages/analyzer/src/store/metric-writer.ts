// Writes runtime-metric points into otel_metrics. Metrics arrive at a few hundred points per export, so
// this takes the simple path: JSON rows into a staging table, converted and committed by one INSERT.
import { type DuckDBConnection, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import type { MetricPoint } from '../otlp/metric-point.ts';
import { METRICS_TABLE } from './schema.ts';

const STAGE = 'metric_stage';

const INSERT = `INSERT INTO ${METRICS_TABLE} SELECT
  make_timestamp_ns((p->>'time')::BIGINT),
  CASE WHEN p->>'startTime' IS NULL THEN NULL ELSE make_timestamp_ns((p->>'startTime')::BIGINT) END,
  p->>'service', (p->'resource')::MAP(VARCHAR, VARCHAR), p->>'scopeName', p->>'name', p->>'unit', p->>'type',
  (p->'isMonotonic')::BOOLEAN, (p->'attributes')::MAP(VARCHAR, VARCHAR),
  (p->'value')::DOUBLE, (p->'count')::UBIGINT, (p->'sum')::DOUBLE, (p->'min')::DOUBLE, (p->'max')::DOUBLE,
  (p->'bucketCounts')::UBIGINT[], (p->'explicitBounds')::DOUBLE[]
FROM (SELECT "point"::JSON AS p FROM ${STAGE})`;

export interface MetricWriter {
  write(points: readonly MetricPoint[]): Promise<void>;
}

const asStrings = (record: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );

export async function createMetricWriter(connection: DuckDBConnection): Promise<MetricWriter> {
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} ("point" VARCHAR)`);
  return {
    write: async function writeMetricPoints(points) {
      if (points.length === 0) return;
      const appender = await connection.createAppender(STAGE, 'main', 'temp');
      try {
        // DuckDB's vector size: a data chunk holds at most 2048 rows.
        for (let from = 0; from < points.length; from += 2048) {
          const slice = points.slice(from, from + 2048);
          const chunk = DuckDBDataChunk.create([VARCHAR], slice.length);
          chunk.setColumns([
            slice.map((p) =>
              JSON.stringify({ ...p, resource: asStrings(p.resource), attributes: asStrings(p.attributes) }),
            ),
          ]);
          appender.appendDataChunk(chunk);
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
