// The default database: PGlite (PostgreSQL in WASM) served on a loopback port by pglite-socket,
// so tripstore still talks to it through the ordinary `pg` driver — real `pg` spans, real EXPLAIN.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  stop(): Promise<void>;
}

/**
 * Connections the socket server multiplexes onto PGlite. PGlite runs one statement at a time
 * whatever this says (its queue keeps a transaction's statements together), so a sized pool only
 * overlaps the app's own work with the database's; the `pool` bottleneck's full cost shows on a
 * real PostgreSQL server. 64 is above any pool size a deployment config is expected to ask for.
 */
const MAX_SOCKET_CONNECTIONS = 64;

/**
 * Starts PGlite in memory, or persisted in `dataDir`, and serves it on 127.0.0.1.
 * @example const db = await startEmbeddedPostgres({ dataDir: './data' }); // db.url → postgres://…
 */
export async function startEmbeddedPostgres(options: { dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ?? 'memory://');
  const server = new PGLiteSocketServer({
    db,
    port: 0,
    host: '127.0.0.1',
    maxConnections: MAX_SOCKET_CONNECTIONS,
  });
  await server.start();
  const port = server.getServerConn().split(':').pop();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
