// `tripstore seed`: bulk-loads e-mission JSON lines straight into the long-term timeseries.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from './errors.ts';
import { runPipelinePass } from './pipeline/run-pipeline.ts';
import type { Storage } from './storage/storage.ts';

/** Entries per INSERT: one JSON array parameter per batch; measured best of 1k/5k/20k on PGlite. */
export const DEFAULT_SEED_BATCH = 5_000;

export interface SeedSummary {
  entries: number;
  users: number;
  seconds: number;
  perSecond: number;
  trips?: number;
}

function checkLine(line: string, where: string): string {
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
  return entry.user;
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
  const allUsers = new Set<string>();
  let lines: string[] = [];
  let users = new Set<string>();
  let entries = 0;
  let lineNumber = 0;
  const input = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of input) {
    lineNumber++;
    if (line.trim() === '') continue;
    const user = checkLine(line, `${file}:${lineNumber}`);
    users.add(user);
    allUsers.add(user);
    lines.push(line);
    if (lines.length >= batchSize) {
      await store.seedBatch(lines, users);
      entries += lines.length;
      lines = [];
      users = new Set();
    }
  }
  if (lines.length > 0) await store.seedBatch(lines, users);
  entries += lines.length;
  await store.markAllPending();
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
