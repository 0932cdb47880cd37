// The service the dashboards e2e test wraps: plain node:http + pg with a two-connection pool, so a
// run produces server and client spans, query shapes, pool waits and a few 500s.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

await pool.query(
  'CREATE TABLE IF NOT EXISTS trips (id int PRIMARY KEY, user_id int NOT NULL, distance_m int NOT NULL)',
);
await pool.query(
  'INSERT INTO trips SELECT g, g % 50, g * 10 FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING',
);

async function handle(req, res) {
  const trip = /^\/trips\/(\d+)$/.exec(req.url ?? '');
  if (trip) {
    const { rows } = await pool.query('SELECT id, user_id, distance_m FROM trips WHERE id = $1', [
      Number(trip[1]),
    ]);
    res
      .writeHead(rows.length ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(rows[0] ?? {}));
  } else if (req.url === '/slow') {
    // Holds a pooled connection for 40 ms: with two connections, concurrent requests wait for one.
    await pool.query('SELECT pg_sleep(0.04)');
    res.writeHead(200).end('slow');
  } else if (req.url === '/fail') {
    res.writeHead(500).end('failed on purpose');
  } else if (req.url === '/health') {
    res.writeHead(200).end('ok');
  } else {
    res.writeHead(404).end();
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => res.writeHead(500).end(String(error.message)));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
