// PostgreSQL peer: a throwaway cluster answers real queries through the `pg` driver.
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PostgresPeer, startPeer } from '../../harness/index.ts';

let postgres: PostgresPeer;

beforeAll(async () => {
  postgres = await startPeer('postgres');
});

afterAll(async () => {
  await postgres?.stop();
});

test('the pg driver creates, writes and reads a table', async () => {
  expect(postgres.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows: versionRows } = await client.query<{ version: string }>('SELECT version() AS version');
    expect(versionRows[0]?.version).toMatch(/^PostgreSQL \d+/);

    await client.query(
      'CREATE TABLE trips (id serial PRIMARY KEY, user_id int NOT NULL, km numeric NOT NULL)',
    );
    await client.query('INSERT INTO trips (user_id, km) SELECT g % 3, g FROM generate_series(1, 30) AS g');
    const { rows } = await client.query<{ user_id: number; total: string }>(
      'SELECT user_id, sum(km) AS total FROM trips WHERE user_id = $1 GROUP BY user_id',
      [1],
    );
    // user 1 holds 1, 4, ..., 28: ten trips summing to 145.
    expect(rows).toEqual([{ user_id: 1, total: '145' }]);
  } finally {
    await client.end();
  }
});
