// The one door every SQL statement goes through: a `pg` pool sized by the `pool` bottleneck,
// counting statements and connections for the tests.
import pg from 'pg';
import { DatabaseUnreachable } from '../errors.ts';
import { countQuery, type QueryStats } from './query-stats.ts';

export interface PgRunner {
  /** The server is PGlite (its version() says so), which has no COPY FROM STDIN over the socket. */
  readonly pglite: boolean;
  query<R extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (query: PgRunner['query']) => Promise<T>): Promise<T>;
  /** Lends one pooled connection to `work` (COPY needs the client itself). */
  withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

/** How long to wait for the first connection before calling the database unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Opens a pool of `size` connections to `url` and proves it with one round trip. */
export async function openPgRunner(url: string, size: number, stats: QueryStats): Promise<PgRunner> {
  const pool = new pg.Pool({ connectionString: url, max: size, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  pool.on('connect', function countConnection() {
    stats.connectionsOpened++;
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', function ignoreIdleError() {});
  let version: string;
  try {
    const { rows } = await pool.query<{ version: string }>('SELECT version() AS version');
    version = rows[0]?.version ?? '';
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachable(`cannot reach PostgreSQL at ${redact(url)}: ${(error as Error).message}`);
  }

  function query<R extends Record<string, unknown>>(text: string, params?: unknown[]) {
    countQuery(stats, text);
    return pool.query<R>(text, params);
  }

  async function transaction<T>(work: (query: PgRunner['query']) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    function clientQuery<R extends Record<string, unknown>>(text: string, params?: unknown[]) {
      countQuery(stats, text);
      return client.query<R>(text, params);
    }
    try {
      await clientQuery('BEGIN');
      const result = await work(clientQuery);
      await clientQuery('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  return { pglite: version.includes('PGlite'), query, transaction, withClient, end: () => pool.end() };
}

/** A database URL without its password, fit for an error message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
