// Bulk seeding into PostgreSQL. A real server takes COPY … FROM STDIN: rows in COPY's text format
// written straight to the connection, the fastest way in short of its own file loader. PGlite's
// socket server loses protocol sync on COPY FROM STDIN, so there a batch goes in as one INSERT
// whose single JSON-array parameter PostgreSQL takes apart itself.
import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgRunner } from './pg-runner.ts';
import { countQuery, type QueryStats } from './query-stats.ts';
import type { SeedEntry } from './storage.ts';

const COPY_TIMESERIES = 'COPY timeseries (user_uuid, key, write_ts, ts, metadata, data) FROM STDIN';
const ENSURE_USERS = 'INSERT INTO users (token) SELECT unnest($1::text[]) ON CONFLICT (token) DO NOTHING';
const USER_IDS = 'SELECT token, uuid::text AS uuid FROM users WHERE token = ANY($1::text[])';
const INSERT_TIMESERIES = `INSERT INTO timeseries (user_uuid, key, write_ts, ts, metadata, data)
  SELECT (e ->> 'uuid')::uuid, e -> 'metadata' ->> 'key', (e -> 'metadata' ->> 'write_ts')::float8,
    coalesce((e -> 'data' ->> 'ts')::float8, (e -> 'metadata' ->> 'write_ts')::float8), e -> 'metadata', e -> 'data'
  FROM jsonb_array_elements($1::jsonb) AS e`;

/** COPY text format: backslash, tab, newline and carriage return are escaped, nothing else. */
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(text: string): string {
  // Most values have nothing to escape; the test avoids building a new string for them.
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL, (char) => COPY_ESCAPES[char]!) : text;
}

/** Rows are written in chunks of this many bytes or more, so the socket sees few large writes. */
const CHUNK_BYTES = 1 << 20;

/** Seeds one batch: creates unknown users, then COPYs (or INSERTs) the entries with their users' uuids. */
export function createPgSeeder(runner: PgRunner, stats: QueryStats, useCopy: boolean) {
  const uuids = new Map<string, string>();

  async function resolveUsers(entries: SeedEntry[]): Promise<void> {
    const unknown = [...new Set(entries.map((entry) => entry.user))].filter((token) => !uuids.has(token));
    if (unknown.length === 0) return;
    await runner.query(ENSURE_USERS, [unknown]);
    const { rows } = await runner.query<{ token: string; uuid: string }>(USER_IDS, [unknown]);
    for (const row of rows) uuids.set(row.token, row.uuid);
  }

  async function insertBatch(entries: SeedEntry[]): Promise<void> {
    const rows = entries.map(({ metadata, data, user }) => ({ uuid: uuids.get(user), metadata, data }));
    await runner.query(INSERT_TIMESERIES, [JSON.stringify(rows)]);
  }

  return async function seedBatch(entries: SeedEntry[]): Promise<void> {
    await resolveUsers(entries);
    if (!useCopy) return insertBatch(entries);
    await runner.withClient(async function copyBatch(client) {
      countQuery(stats, COPY_TIMESERIES);
      const stream = client.query(copyFrom(COPY_TIMESERIES));
      const done = once(stream, 'finish');
      let chunk = '';
      for (const entry of entries) {
        const { metadata, data } = entry;
        const ts = typeof data.ts === 'number' ? data.ts : metadata.write_ts;
        chunk += `${uuids.get(entry.user)}\t${copyText(metadata.key)}\t${metadata.write_ts}\t${ts}\t${copyText(JSON.stringify(metadata))}\t${copyText(JSON.stringify(data))}\n`;
        if (chunk.length >= CHUNK_BYTES) {
          if (!stream.write(chunk)) await once(stream, 'drain');
          chunk = '';
        }
      }
      stream.end(chunk);
      await done;
    });
  };
}
