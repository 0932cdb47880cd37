// Starts tripstore: one process, or a node:cluster primary with workers sharing the port (the
// primary then hosts embedded PGlite, migrates once, and only worker 1 runs the interval pipeline).
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { UsageError } from './errors.ts';
import { createApp } from './http/create-app.ts';
import { createPipelineScheduler } from './pipeline/run-pipeline.ts';
import type { ServeOptions } from './serve-options.ts';
import { startEmbeddedPostgres } from './storage/embedded-postgres.ts';
import { openStorage } from './storage/open-storage.ts';
import type { Storage } from './storage/storage.ts';

export interface RunningTripstore {
  url: string;
  /** The store of a single-process server (tests read its counters); absent for a cluster. */
  store?: Storage;
  close(): Promise<void>;
}

/** Environment variable a cluster primary hands its options to workers in. */
const WORKER_ENV = 'TRIPSTORE_WORKER_OPTIONS';

/** Serves on this process; `migrate` and `pipeline` are off in cluster workers but the first. */
async function serveHere(
  options: ServeOptions,
  migrate = true,
  runsPipeline = true,
): Promise<RunningTripstore> {
  const store = await openStorage(options.db, { ...options, migrate });
  const pipeline = createPipelineScheduler(store, runsPipeline ? options.pipelineInterval * 1000 : 0);
  const server = createApp(store, pipeline).listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    await store.close();
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UsageError(`--port ${options.port} --host ${options.host}: cannot listen there (${code})`);
    }
    throw error;
  }
  pipeline.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pipeline.stop();
      await store.close();
    },
  };
}

/** How long a worker gets to close its connections before it is killed. */
const WORKER_STOP_MS = 5_000;

/**
 * Signals the worker's process itself: `worker.kill()` first disconnects the IPC channel and
 * waits for the worker's servers to close, which never happened here with a shared handle.
 */
async function stopWorker(worker: Worker): Promise<void> {
  if (worker.isDead()) return;
  const exited = once(worker, 'exit');
  worker.process.kill('SIGTERM');
  const timer = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_STOP_MS);
  await exited;
  clearTimeout(timer);
}

async function servePrimary(options: ServeOptions): Promise<RunningTripstore> {
  const embedded =
    options.db === 'pglite'
      ? await startEmbeddedPostgres(options.dataDir ? { dataDir: options.dataDir } : {})
      : undefined;
  const db = embedded?.url ?? options.db;
  const migrator = await openStorage(db, { ...options, migrate: true });
  await migrator.close();
  const workers = Array.from({ length: options.workers }, (_, index) =>
    cluster.fork({ [WORKER_ENV]: JSON.stringify({ ...options, db, fixed: [...options.fixed], index }) }),
  );
  const addresses = await Promise.all(
    workers.map((worker) => once(worker, 'listening').then(([address]) => address as { port: number })),
  );
  return {
    url: `http://${options.host}:${addresses[0]!.port}`,
    async close() {
      await Promise.all(workers.map(stopWorker));
      await embedded?.stop();
    },
  };
}

/**
 * Starts tripstore as the options say.
 * @example const server = await serve({ ...options, port: 0 }); // server.url → http://127.0.0.1:PORT
 */
export function serve(options: ServeOptions): Promise<RunningTripstore> {
  return options.workers > 1 ? servePrimary(options) : serveHere(options);
}

/** In a cluster worker: the options the primary sent, or undefined in any other process. */
export function workerOptions(): (ServeOptions & { index: number }) | undefined {
  const raw = cluster.isWorker ? process.env[WORKER_ENV] : undefined;
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as ServeOptions & { fixed: string[]; index: number };
  return { ...parsed, fixed: new Set(parsed.fixed) as ServeOptions['fixed'] };
}

/** Serves as a cluster worker: no migration; only the first worker runs interval passes. */
export function serveWorker(options: ServeOptions & { index: number }): Promise<RunningTripstore> {
  return serveHere(options, false, options.index === 0);
}
