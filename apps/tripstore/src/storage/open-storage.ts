// Picks the adapter from `--db`: pglite (embedded, the default), postgres://…, or mongodb://….
import { UsageError } from '../errors.ts';
import type { FixedSet } from '../fixes.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import type { Storage } from './storage.ts';

export interface OpenOptions {
  fixed: FixedSet;
  poolSize: number;
  migrate: boolean;
  /** PGlite's data directory; memory when absent. */
  dataDir?: string;
}

export type DbKind = 'pglite' | 'postgres' | 'mongodb';

/** Connections to embedded PGlite: it is a single session (see openStorage). */
export const EMBEDDED_POOL_SIZE = 1;

/** What kind of database a `--db` value names; a usage error for anything else. */
export function dbKind(db: string): DbKind {
  if (db === 'pglite') return 'pglite';
  if (/^postgres(ql)?:\/\//.test(db)) return 'postgres';
  if (/^mongodb(\+srv)?:\/\//.test(db)) return 'mongodb';
  throw new UsageError(`--db: expected pglite, postgres://… or mongodb://…, got "${db.slice(0, 40)}"`);
}

/**
 * Opens the store `db` names, starting embedded PGlite when asked.
 * @example const store = await openStorage('pglite', { fixed: new Set(), poolSize: 10, migrate: true });
 */
export async function openStorage(db: string, options: OpenOptions): Promise<Storage> {
  const kind = dbKind(db);
  if (kind === 'mongodb') {
    const { openMongoStore } = await import('./mongo-store.ts');
    return openMongoStore(db, options);
  }
  const { openPgStore } = await import('./pg-store.ts');
  if (kind === 'postgres') return openPgStore(db, options);
  const embedded = await startEmbeddedPostgres(options.dataDir ? { dataDir: options.dataDir } : {});
  try {
    // PGlite is one database session. Through pglite-socket, several connections interleave their
    // extended-protocol messages and transactions in that one session ("portal does not exist", one
    // connection's statements inside another's BEGIN), so the pool is one connection whatever the
    // `pool` fix asks; that fix shows its effect on a real PostgreSQL server.
    return await openPgStore(embedded.url, {
      ...options,
      poolSize: EMBEDDED_POOL_SIZE,
      onClose: embedded.stop,
    });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
