// `loadlens collect`: an OTLP/HTTP collector writing spans and runtime metrics into a span store until
// stopped (Ctrl-C or SIGTERM), then committing what is queued and printing what it stored.
import {
  type CollectorOptions,
  DEFAULT_LISTEN,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE_SPANS,
  openSpanStore,
  parseListenAddress,
  startCollector,
} from '@loadlens/analyzer';
import { InputError } from '@loadlens/types';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { custom, integer, positive, text } from '../options/option-values.ts';

const MIB = 1024 * 1024;

/** What `loadlens collect` gives the collector in other units: a store file, megabytes. */
interface CollectCliOptions {
  listen?: { host: string; port: number };
  storeFile?: string;
  maxBodyMb?: number;
}

const spec: CommandSpec<
  Omit<CollectorOptions, 'host' | 'port' | 'store' | 'maxBodyBytes'> & CollectCliOptions
> = {
  name: 'collect',
  description:
    'Receive OTLP/HTTP traces and metrics (protobuf or JSON, gzip or not) on /v1/traces and /v1/metrics and store them in a DuckDB span store. Runs until Ctrl-C; every batch answered 200 is already on disk.',
  positionals: [],
  options: {
    listen: custom({
      description: `Address to listen on (default ${DEFAULT_LISTEN})`,
      placeholder: 'HOST:PORT',
      parse: (value) => parseListenAddress(value),
    }),
    storeFile: text({
      description: 'Span store file to create or append to (e.g. run.db)',
      flag: 'store',
      placeholder: 'FILE',
    }),
    maxBodyMb: positive({
      description: `Largest request body in MiB, compressed or not; larger → 413 (default ${DEFAULT_MAX_BODY_BYTES / MIB})`,
    }),
    maxQueueSpans: integer({
      description: `Spans waiting for the store before requests get 429 + Retry-After (default ${DEFAULT_MAX_QUEUE_SPANS})`,
      min: 1,
    }),
    maxInFlight: null,
  },
};

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

export default defineCliCommand({
  spec,
  async run({ options, io }) {
    const { host, port } = options.listen ?? parseListenAddress(DEFAULT_LISTEN);
    if (options.storeFile === undefined) throw new InputError('collect: give --store FILE (e.g. run.db)');
    const maxBodyBytes = Math.round((options.maxBodyMb ?? DEFAULT_MAX_BODY_BYTES / MIB) * MIB);
    const maxQueueSpans = options.maxQueueSpans ?? DEFAULT_MAX_QUEUE_SPANS;
    // One DuckDB thread: ingest appends from a single connection, and more threads only compete with the
    // HTTP side for the core (measured in bench/analyzer-ingest.ts).
    const store = await openSpanStore(options.storeFile, { threads: 1 });
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
