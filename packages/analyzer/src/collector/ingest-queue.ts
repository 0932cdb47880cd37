// The bounded queue between the HTTP side and the store. Requests wait for their batch to be committed
// before they are answered (an acknowledged batch must survive kill -9), and every batch waiting at that
// moment is committed in the same transaction (group commit): under load, fewer and larger commits.
// The bound is in spans, so memory stays bounded; a request that does not fit is refused (429).
import type { MetricPoint } from '../otlp/metric-point.ts';
import type { SpanRows } from '../store/span-rows.ts';

/** What the queue writes to: the span store, or a fake in unit tests. */
export interface IngestStore {
  writeSpans(batches: readonly SpanRows[]): Promise<void>;
  writeMetrics(points: readonly MetricPoint[]): Promise<void>;
}

export interface IngestQueue {
  /** Whether `count` more spans (or points) fit under the limit right now. */
  hasRoom(count: number): boolean;
  /** Resolves once the rows are committed; rejects when the store failed. */
  addSpans(rows: SpanRows): Promise<void>;
  addMetrics(points: MetricPoint[]): Promise<void>;
  /** Resolves when everything queued so far is committed. */
  drain(): Promise<void>;
  readonly pending: number;
  readonly written: { spans: number; metricPoints: number };
}

interface Waiting {
  spans?: SpanRows;
  metrics?: MetricPoint[];
  size: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

// One transaction holds at most this many spans, so a burst does not build one huge staging table;
// 64 Ki is 32 DuckDB vectors — large enough that per-commit costs vanish (see BENCHMARKS.md).
const MAX_SPANS_PER_COMMIT = 65_536;

/**
 * @example const queue = createIngestQueue(store, 100_000); if (queue.hasRoom(n)) await queue.addSpans(rows)
 */
export function createIngestQueue(store: IngestStore, maxPending: number): IngestQueue {
  const waiting: Waiting[] = [];
  let pending = 0;
  let running: Promise<void> | undefined;
  const written = { spans: 0, metricPoints: 0 };

  async function writeLoop(): Promise<void> {
    while (waiting.length > 0) {
      const group: Waiting[] = [];
      let groupSpans = 0;
      while (
        waiting.length > 0 &&
        (group.length === 0 || groupSpans + waiting[0]!.size <= MAX_SPANS_PER_COMMIT)
      ) {
        const next = waiting.shift()!;
        group.push(next);
        groupSpans += next.size;
      }
      const spanBatches = group.flatMap((w) => (w.spans ? [w.spans] : []));
      const points = group.flatMap((w) => w.metrics ?? []);
      try {
        if (spanBatches.length > 0) await store.writeSpans(spanBatches);
        if (points.length > 0) await store.writeMetrics(points);
        for (const batch of spanBatches) written.spans += batch.count;
        written.metricPoints += points.length;
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      } finally {
        pending -= groupSpans;
      }
    }
    running = undefined;
  }

  function enqueue(item: Omit<Waiting, 'resolve' | 'reject'>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      waiting.push({ ...item, resolve, reject });
      pending += item.size;
      running ??= writeLoop();
    });
  }

  return {
    hasRoom: function hasRoom(count) {
      // An empty queue takes any one request, so a single oversized batch is not refused forever.
      return pending === 0 || pending + count <= maxPending;
    },
    addSpans: function addSpans(rows) {
      return enqueue({ spans: rows, size: rows.count });
    },
    addMetrics: function addMetrics(points) {
      return enqueue({ metrics: points, size: points.length });
    },
    drain: async function drain() {
      while (running) await running;
    },
    get pending() {
      return pending;
    },
    written,
  };
}
