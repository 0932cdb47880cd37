// `loadlens collect`: an OTLP/HTTP collector writing spans and runtime metrics into a span store until
// stopped (Ctrl-C or SIGTERM), then committing what is queued and printing what it stored.
import {
  DEFAULT_LISTEN,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE_SPANS,
  openSpanStore,
  parseListenAddress,
  startCollector,
} from '@loadlens/analyzer';
import { InputError } from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';

function positiveNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InputError(`${flag} ${text}: expected a positive number`);
  return value;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export default defineCommand({
  meta: {
    description:
      'Receive OTLP/HTTP traces and metrics (protobuf or JSON, gzip or not) on /v1/traces and /v1/metrics and store them in a DuckDB span store. Runs until Ctrl-C; every batch answered 200 is already on disk.',
  },
  args: {
    listen: { type: 'string', description: `Address to listen on (default ${DEFAULT_LISTEN})` },
    store: {
      type: 'string',
      description: 'Span store file to create or append to (e.g. run.db)',
      required: true,
    },
    'max-body-mb': {
      type: 'string',
      description: `Largest request body in MiB, compressed or not; larger → 413 (default ${DEFAULT_MAX_BODY_BYTES / 1024 / 1024})`,
    },
    'max-queue-spans': {
      type: 'string',
      description: `Spans waiting for the store before requests get 429 + Retry-After (default ${DEFAULT_MAX_QUEUE_SPANS})`,
    },
  },
  async run(context) {
    const io = ioOf(context);
    const { host, port } = parseListenAddress(context.args.listen ?? DEFAULT_LISTEN);
    const maxBodyBytes = Math.round(
      positiveNumber('--max-body-mb', context.args['max-body-mb'], 20) * 1024 * 1024,
    );
    const maxQueueSpans = Math.round(
      positiveNumber('--max-queue-spans', context.args['max-queue-spans'], DEFAULT_MAX_QUEUE_SPANS),
    );
    // One DuckDB thread: ingest appends from a single connection, and more threads only compete with the
    // HTTP side for the core (measured in bench/analyzer-ingest.ts).
    const store = await openSpanStore(context.args.store, { threads: 1 });
    try {
      const collector = await startCollector({ host, port, store, maxBodyBytes, maxQueueSpans });
      io.out(`collecting OTLP/HTTP on ${collector.url} (/v1/traces, /v1/metrics) into ${store.file}`);
      const signal = await stopSignal();
      await collector.close();
      const { spans, metricPoints } = collector.queue.written;
      io.out(`${signal}: stored ${spans} spans and ${metricPoints} metric points in ${store.file}`);
      return 0;
    } finally {
      await store.close();
    }
  },
});
