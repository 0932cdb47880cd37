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

export interface SpanStoreOptions {
  /** Caps DuckDB's worker threads. */
  threads?: number;
  /** Quiet time after the last write before the write-ahead log is checkpointed (default 2 s). */
  idleCheckpointMs?: number;
}

/** Long enough that a load run's steady stream of batches never waits; short enough to tidy up between runs. */
const IDLE_CHECKPOINT_MS = 2000;

/**
 * Opens or creates the store at `file` for writing. Writes go to DuckDB's write-ahead log (durable when
 * they resolve); the log is folded into the file — compressing whole row groups, the costly part — once
 * writes pause for `idleCheckpointMs`, and on close, rather than while a load run is streaming spans.
 * Another process holding the file, or a file that is not a DuckDB database, throws InputError (exit 2).
 * @example const store = await openSpanStore('run.db'); await store.writeSpans([rows]); await store.close()
 */
export async function openSpanStore(file: string, options: SpanStoreOptions = {}): Promise<SpanStore> {
  const db = await openDatabase(file, {
    readOnly: false,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  const spans = await createSpanWriter(db.connection);
  const metrics = await createMetricWriter(db.connection);
  const idleMs = options.idleCheckpointMs ?? IDLE_CHECKPOINT_MS;
  let closed = false;
  let unCheckpointed = false;
  let idleTimer: NodeJS.Timeout | undefined;
  // One statement at a time on the connection: a checkpoint never overlaps a write.
  let tail: Promise<unknown> = Promise.resolve();
  function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  }
  function checkpoint(): Promise<void> {
    return serialized(async function checkpointWal() {
      if (!unCheckpointed) return;
      unCheckpointed = false;
      await db.connection.run('CHECKPOINT');
    });
  }
  function wrote(): void {
    unCheckpointed = true;
    clearTimeout(idleTimer);
    if (closed) return;
    idleTimer = setTimeout(() => void checkpoint().catch(() => {}), idleMs);
    idleTimer.unref();
  }
  return {
    file,
    writeSpans: (batches) => serialized(() => spans.write(batches)).finally(wrote),
    writeMetrics: (points) => serialized(() => metrics.write(points)).finally(wrote),
    counts: () =>
      serialized(async function countRows() {
        const reader = await db.connection.runAndReadAll(
          `SELECT (SELECT count(*) FROM ${TRACES_RAW_TABLE}), (SELECT count(*) FROM ${METRICS_TABLE})`,
        );
        const [spanCount, pointCount] = reader.getRows()[0] as [bigint, bigint];
        return { spans: Number(spanCount), metricPoints: Number(pointCount) };
      }),
    close: async function closeStore() {
      if (closed) return;
      closed = true;
      clearTimeout(idleTimer);
      // A checkpoint folds the write-ahead log into the file, so the next open does not replay it.
      unCheckpointed = true;
      await checkpoint().catch(() => {});
      db.close();
    },
  };
}
