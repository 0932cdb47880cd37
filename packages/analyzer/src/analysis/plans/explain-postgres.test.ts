import { PGlite } from '@electric-sql/pglite';
import type { QueryShape } from '@loadlens/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeSql } from '../../fingerprint/fingerprint-sql.ts';
import { explainPostgres, filterColumns, toGenericStatement } from './explain-postgres.ts';

function shape(id: string, sql: string): QueryShape {
  const { fingerprint, sample } = shapeSql(sql);
  return {
    id,
    fingerprint,
    sample,
    system: 'postgresql',
    count: 1,
    totalMs: 1,
    meanMs: 1,
    p50Ms: 1,
    p95Ms: 1,
    p99Ms: 1,
    maxMs: 1,
    routes: [],
    sampleTraceIds: [],
  };
}

describe('toGenericStatement', () => {
  it('numbers the placeholders and keeps casts; refuses what EXPLAIN cannot plan', () => {
    expect(toGenericStatement('SELECT * FROM t WHERE a = ? AND b IN (?+) AND c > ?::date')).toBe(
      'SELECT * FROM t WHERE a = $1 AND b IN ($2) AND c > $3::date',
    );
    expect(toGenericStatement('INSERT INTO t(a) VALUES (?+)')).toBeUndefined();
  });

  it('reads equality and range columns from a plan filter', () => {
    expect(
      filterColumns('((user_id = $1) AND (start_ts >= $2) AND ((mode)::text = $3) AND (t.end_ts < $4))'),
    ).toEqual({
      equality: ['user_id', 'mode'],
      range: ['start_ts', 'end_ts'],
      pattern: [],
    });
  });

  it('keeps a function around a column as an expression, and LIKE / ILIKE operands apart', () => {
    expect(
      filterColumns(
        '((upper((email)::text) = $1) AND (lower(name) ~~ $2) AND (note ~~* $3) AND (id = ANY ($4)))',
      ),
    ).toEqual({ equality: ['upper(email)', 'id'], range: [], pattern: ['lower(name)', 'note'] });
  });
});

describe('explainPostgres on a real PostgreSQL (PGlite)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec(`
      CREATE TABLE trips (id serial PRIMARY KEY, user_id int NOT NULL, start_ts timestamptz NOT NULL, mode text);
      INSERT INTO trips (user_id, start_ts, mode)
        SELECT g % 500, now() - (g || ' minutes')::interval, CASE WHEN g % 3 = 0 THEN 'walk' ELSE 'car' END
        FROM generate_series(1, 20000) g;
      CREATE TABLE modes (name text PRIMARY KEY);
      INSERT INTO modes VALUES ('walk'), ('car');
      ANALYZE;
    `);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(['auto', 'explain-option', 'prepared'] as const)(
    'turns a sequential scan of a large table into an index on the filter, then sort fields (%s)',
    async (mode) => {
      const run = async (sql: string) => (await db.exec(sql))[0]?.rows ?? [];
      const { advice, skipped } = await explainPostgres(
        run,
        [
          shape(
            'a',
            "SELECT * FROM trips WHERE user_id = 42 AND start_ts >= '2026-01-01' ORDER BY start_ts DESC LIMIT 20",
          ),
          shape('b', 'SELECT * FROM trips WHERE id = 7'),
          shape('c', "SELECT * FROM modes WHERE name = 'walk'"),
          shape('d', 'SELECT * FROM nowhere WHERE x = 1'),
          shape('e', "SELECT id FROM trips WHERE lower(mode) LIKE '%al%' LIMIT 5"),
          shape('f', "SELECT id FROM trips WHERE lower(mode) = 'walk'"),
          shape('g', "SELECT id FROM trips WHERE mode LIKE '%al%' ORDER BY start_ts DESC LIMIT 5"),
        ],
        10_000,
        mode,
      );
      expect(advice).toEqual([
        expect.objectContaining({
          shapeId: 'a',
          table: 'trips',
          scan: 'Seq Scan',
          rows: 20000,
          equality: ['user_id'],
          sort: ['start_ts'],
          range: ['start_ts'],
          fields: ['user_id', 'start_ts'],
          index: 'CREATE INDEX ON trips (user_id, start_ts);',
        }),
        // A leading-wildcard LIKE needs a trigram index; a plain B-tree on the column would not be used.
        expect.objectContaining({
          shapeId: 'e',
          fields: ['lower(mode)'],
          index:
            'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON trips USING gin ((lower(mode)) gin_trgm_ops);',
        }),
        // The filter compares lower(mode), which only an expression index serves.
        expect.objectContaining({
          shapeId: 'f',
          fields: ['lower(mode)'],
          index: 'CREATE INDEX ON trips ((lower(mode)));',
        }),
        // LIKE with a sort: the pattern decides, not the sort column (a B-tree on start_ts alone walks the
        // whole table under a generic plan when the pattern is selective).
        expect.objectContaining({
          shapeId: 'g',
          fields: ['mode'],
          index:
            'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON trips USING gin (mode gin_trgm_ops);',
        }),
      ]);
      expect(skipped).toEqual([{ shapeId: 'd', reason: 'relation "nowhere" does not exist' }]);
    },
    // PGlite runs PostgreSQL in WASM: give a slow, shared machine room.
    60_000,
  );
});
