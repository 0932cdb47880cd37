// The span store a collector writes: a DuckDB file holding otel_traces and otel_metrics.
import type { MetricPoint } from '../otlp/metric-point.ts';
import { createMetricWriter } from './metric-writer.ts';
import { openDatabase } from './open-database.ts';
import { METRICS_TABLE, TRACES_RAW_TABLE } from './schema.ts';
import type { SpanRows } from './span-rows.ts';
import { createSpanWriter } from './span-writer.ts';

export interface SpanStore {
  readonly file: string;
  /** Commits the rows of all `batches` in one transaction; durable once resolved. */
  writeSpans(batches: readonly SpanRows[]): Promise<void>;
  writeMetrics(points: readonly MetricPoint[]): Promise<void>;
  counts(): Promise<{ spans: number; metricPoints: number }>;
  close(): Promise<void>;
}

/**
 * Opens or creates the store at `file` for writing. `threads` caps DuckDB's worker threads.
 * Another process holding the file, or a file that is not a DuckDB database, throws InputError (exit 2).
 * @example const store = await openSpanStore('run.db'); await store.writeSpans([rows]); await store.close()
 */
export async function openSpanStore(file: string, options: { threads?: number } = {}): Promise<SpanStore> {
  const db = await openDatabase(file, { readOnly: false, ...options });
  const spans = await createSpanWriter(db.connection);
  const metrics = await createMetricWriter(db.connection);
  let closed = false;
  return {
    file,
    writeSpans: spans.write,
    writeMetrics: metrics.write,
    counts: async function countRows() {
      const reader = await db.connection.runAndReadAll(
        `SELECT (SELECT count(*) FROM ${TRACES_RAW_TABLE}), (SELECT count(*) FROM ${METRICS_TABLE})`,
      );
      const [spanCount, pointCount] = reader.getRows()[0] as [bigint, bigint];
      return { spans: Number(spanCount), metricPoints: Number(pointCount) };
    },
    close: async function closeStore() {
      if (closed) return;
      closed = true;
      // A checkpoint folds the write-ahead log into the file, so the next open does not replay it.
      await db.connection.run('CHECKPOINT').catch(() => {});
      db.close();
    },
  };
}
