// The benchmark target with real work per request: an express route that makes two `pg` queries against
// PostgreSQL (a lookup by primary key and an aggregate over an indexed column), the shape of most API
// handlers. Instrumentation cost is judged here as users meet it, next to the hello-world target's worst case.
// Usage: node bench/express-pg-target.ts PORT POSTGRES_URL
import express from 'express';
import pg from 'pg';

const port = Number(process.argv[2] ?? 0);
const pool = new pg.Pool({ connectionString: process.argv[3], max: 10 });
const app = express();
let next = 0;
app.get('/bench', async (_req, res) => {
  const id = (next++ % 1000) + 1;
  const item = await pool.query('SELECT id, name, category FROM bench_items WHERE id = $1', [id]);
  const row = item.rows[0] as { category: number };
  const peers = await pool.query('SELECT count(*) AS n FROM bench_items WHERE category = $1', [row.category]);
  res.json({ item: row, peers: Number((peers.rows[0] as { n: string }).n) });
});
const server = app.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}\n`,
  );
});
server.keepAliveTimeout = 60_000;
