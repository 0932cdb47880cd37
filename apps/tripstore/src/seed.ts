// `tripstore seed`: bulk-loads e-mission JSON lines straight into the long-term timeseries.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from './errors.ts';
import { runPipelinePass } from './pipeline/run-pipeline.ts';
import type { SeedEntry, Storage } from './storage/storage.ts';

/** Entries per COPY: large enough that per-batch round trips do not count, small enough to stream. */
export const DEFAULT_SEED_BATCH = 20_000;

/** Connections a seeding store should have: batches in flight at once (see `send`). */
export const SEED_CONNECTIONS = 2;

export interface SeedSummary {
  entries: number;
  users: number;
  seconds: number;
  perSecond: number;
  trips?: number;
}

function checkLine(line: string, where: string): SeedEntry {
  let entry: { user?: unknown; metadata?: { key?: unknown; write_ts?: unknown }; data?: unknown };
  try {
    entry = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${where}: not JSON: ${(error as Error).message}`);
  }
  if (typeof entry?.user !== 'string') throw new UsageError(`${where}: "user" must be a string`);
  if (typeof entry.metadata?.key !== 'string')
    throw new UsageError(`${where}: "metadata.key" must be a string`);
  if (typeof entry.metadata.write_ts !== 'number')
    throw new UsageError(`${where}: "metadata.write_ts" must be a number`);
  if (typeof entry.data !== 'object' || entry.data === null)
    throw new UsageError(`${where}: "data" must be an object`);
  return entry as SeedEntry;
}

/**
 * Loads `file` in batches; with `pipeline`, segments every seeded user's trips afterwards.
 * @example await seedFromFile(store, 'users.jsonl') // { entries: 1000000, perSecond: 61000, ... }
 */
export async function seedFromFile(
  store: Storage,
  file: string,
  options: { batch?: number; pipeline?: boolean } = {},
): Promise<SeedSummary> {
  await access(file).catch(() => {
    throw new UsageError(`--from: cannot read ${file}`);
  });
  const batchSize = options.batch ?? DEFAULT_SEED_BATCH;
  const started = performance.now();
  // Two batches in flight, on two connections: the database ingests one while this process
  // parses the next. More would only queue on a two-connection pool.
  const inFlight: Promise<void>[] = [];
  async function send(entriesOfBatch: SeedEntry[]): Promise<void> {
    const sent = store.seedBatch(entriesOfBatch);
    // Awaited in order below; this only keeps a failure that comes early from counting as unhandled.
    sent.catch(() => {});
    inFlight.push(sent);
    if (inFlight.length >= SEED_CONNECTIONS) await inFlight.shift();
  }
  const allUsers = new Set<string>();
  let batch: SeedEntry[] = [];
  let entries = 0;
  let lineNumber = 0;
  const input = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of input) {
    lineNumber++;
    if (line.trim() === '') continue;
    const entry = checkLine(line, `${file}:${lineNumber}`);
    allUsers.add(entry.user);
    batch.push(entry);
    if (batch.length >= batchSize) {
      entries += batch.length;
      await send(batch);
      batch = [];
    }
  }
  entries += batch.length;
  if (batch.length > 0) await send(batch);
  for (const sent of inFlight) await sent;
  await store.markPending([...allUsers]);
  const seconds = (performance.now() - started) / 1000;
  const summary: SeedSummary = {
    entries,
    users: allUsers.size,
    seconds,
    perSecond: Math.round(entries / seconds),
  };
  if (options.pipeline) {
    let trips = 0;
    // Each pass takes up to USERS_PER_PASS users; one more pass than users can need ends it.
    for (let pass = 0; pass <= allUsers.size; pass++) {
      const result = await runPipelinePass(store);
      trips += result.trips;
      if (result.users === 0) break;
    }
    summary.trips = trips;
  }
  return summary;
}
