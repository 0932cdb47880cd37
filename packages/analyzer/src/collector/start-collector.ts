// Starts the OTLP/HTTP collector: an HTTP server on the given loopback address writing into a span store.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '@loadlens/types';
import { createIngestQueue, type IngestQueue, type IngestStore } from './ingest-queue.ts';
import { createOtlpHandler } from './otlp-http-handler.ts';

export interface CollectorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  store: IngestStore;
  /** Largest accepted body, compressed or not (the OTel Collector's confighttp default is 20 MiB). */
  maxBodyBytes?: number;
  /** Spans (or metric points) waiting for the store before requests are refused with 429. */
  maxQueueSpans?: number;
  /** Requests read and decoded at once before more are refused with 429 (default 32). */
  maxInFlight?: number;
}

export interface Collector {
  /** e.g. http://127.0.0.1:4318 */
  url: string;
  port: number;
  queue: IngestQueue;
  /** Stops accepting, waits for queued batches to commit. Closing the store is the caller's. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
// ~100 MB of staged rows at ~1 KB per span: a bound on memory, and ≥ 1 s of writing at the target rate.
export const DEFAULT_MAX_QUEUE_SPANS = 100_000;
// One second: at ≥ 100,000 spans/s the writer empties a full default queue in about that time.
const RETRY_AFTER_SECONDS = 1;
// Requests read and decoded at once: 32 × the 20 MiB body limit bounds memory outside the queue to
// 640 MiB even under a flood, while leaving 3× the OTel Collector's default 10 exporter consumers.
const MAX_IN_FLIGHT = 32;

/**
 * Listens on host:port and returns once bound. A taken port is an InputError naming the address.
 * @example const collector = await startCollector({ host: '127.0.0.1', port: 4318, store })
 */
export async function startCollector(options: CollectorOptions): Promise<Collector> {
  const queue = createIngestQueue(options.store, options.maxQueueSpans ?? DEFAULT_MAX_QUEUE_SPANS);
  const handler = createOtlpHandler(queue, {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    maxInFlight: options.maxInFlight ?? MAX_IN_FLIGHT,
  });
  const server = createServer({ keepAliveTimeout: 30_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const address = `${options.host}:${options.port}`;
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES'
          ? new InputError(
              `--listen ${address}: ${error.code === 'EADDRINUSE' ? 'address already in use' : error.message}`,
            )
          : error,
      );
    });
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    queue,
    close: async function closeCollector() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await queue.drain();
    },
  };
}
