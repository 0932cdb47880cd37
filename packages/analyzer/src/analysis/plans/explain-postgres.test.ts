import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { QueryShape } from '@loadlens/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeSql } from '../../fingerprint/fingerprint-sql.ts';
import { explainPostgres, toGenericStatement } from './explain-postgres.ts';
import { createGenericPlanner } from './generic-plan.ts';
import { planNodes } from './prove-indexes.ts';

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
});

// A TypeORM-shaped blog (camelCase columns, eager relations as LEFT JOINs) with 5,000 articles and
// 20,000 comments and no index but the primary keys — the application issue #15 was found on — plus a
// timeseries table shaped like the demo's.
const SCHEMA = `
  CREATE TABLE article (id serial PRIMARY KEY, slug text NOT NULL, title text NOT NULL,
    created timestamptz NOT NULL, "tagList" text NOT NULL, "authorId" int NOT NULL);
  INSERT INTO article (slug, title, created, "tagList", "authorId")
    SELECT 'slug-' || g, 'Title ' || g, now() - (g || ' minutes')::interval, 'news,t' || (g % 300), g % 1000
    FROM generate_series(1, 5000) g;
  CREATE TABLE comment (id serial PRIMARY KEY, body text NOT NULL, "articleId" int NOT NULL,
    created timestamptz NOT NULL);
  INSERT INTO comment (body, "articleId", created)
    SELECT 'comment ' || g, 1 + g % 5000, now() - (g || ' seconds')::interval FROM generate_series(1, 20000) g;
  CREATE TABLE timeseries (id bigserial PRIMARY KEY, user_uuid uuid NOT NULL, key text NOT NULL,
    ts double precision NOT NULL);
  INSERT INTO timeseries (user_uuid, key, ts)
    SELECT md5((g % 23)::text)::uuid, CASE WHEN g % 4 = 0 THEN 'background/location' ELSE 'statemachine/transition' END, g
    FROM generate_series(1, 30000) g;
  CREATE TABLE modes (name text PRIMARY KEY);
  INSERT INTO modes VALUES ('walk'), ('car');
  ANALYZE;
`;

describe('explainPostgres on a real PostgreSQL (PGlite): each plan form gets the index a re-plan proves', () => {
  let db: PGlite;
  const run = async (sql: string) => ((await db.exec(sql)).at(-1)?.rows ?? []) as Record<string, unknown>[];
  const indexCount = async () => Number((await run('SELECT count(*)::int AS n FROM pg_indexes'))[0]?.n);

  /** Creates the advised indexes for real, plans the statement again, drops them: the scans they remove. */
  async function scansWith(statement: string, indexes: string[]): Promise<string[]> {
    await run('BEGIN');
    try {
      for (const sql of indexes) await run(sql);
      const plan = await createGenericPlanner(run)(statement);
      return planNodes(plan)
        .filter((n) => n['Node Type'] === 'Seq Scan')
        .map((n) => n['Relation Name'] as string);
    } finally {
      await run('ROLLBACK');
    }
  }

  beforeAll(async () => {
    db = await PGlite.create({ extensions: { pg_trgm } });
    await db.exec(SCHEMA);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const cases: Array<{ form: string; sql: string; indexes: string[]; scanned: string[] }> = [
    {
      form: 'eager LEFT JOIN of a relation by a quoted camelCase key, aliased, led by the parent’s slug',
      sql:
        'SELECT "Article"."id" AS "Article_id", "Article__comments"."body" AS "Article__comments_body" ' +
        'FROM "article" "Article" LEFT JOIN "comment" "Article__comments" ' +
        'ON "Article__comments"."articleId" = "Article"."id" WHERE "Article"."slug" = \'slug-42\'',
      indexes: ['CREATE INDEX ON comment ("articleId");', 'CREATE INDEX ON article (slug);'],
      scanned: ['article', 'comment'],
    },
    {
      form: 'ORDER BY … DESC LIMIT: the sort key, read backwards',
      sql: 'SELECT * FROM "article" "Article" ORDER BY "Article"."created" DESC LIMIT 20',
      indexes: ['CREATE INDEX ON article (created);'],
      scanned: ['article'],
    },
    {
      form: 'hash join: the inner side’s join key, and the outer side’s filter',
      sql: 'SELECT c.* FROM comment c JOIN article a ON a.id = c."articleId" WHERE a."authorId" = 7',
      indexes: ['CREATE INDEX ON comment ("articleId");', 'CREATE INDEX ON article ("authorId");'],
      scanned: ['article', 'comment'],
    },
    {
      form: 'equality, sort, range (the demo’s shape): equality columns lead the sort key',
      sql:
        "SELECT * FROM timeseries WHERE user_uuid = 'a87ff679-a2f3-e71d-9181-a67b7542122c' AND key = ANY('{a,b}'::text[]) " +
        'AND ts >= 1 AND ts <= 2 ORDER BY ts, id',
      indexes: ['CREATE INDEX ON timeseries (user_uuid, key, ts, id);'],
      scanned: ['timeseries'],
    },
    {
      form: 'GROUP BY with a LIMIT: the group key',
      sql: 'SELECT "articleId", count(*) FROM comment GROUP BY "articleId" ORDER BY "articleId" LIMIT 10',
      indexes: ['CREATE INDEX ON comment ("articleId");'],
      scanned: ['comment'],
    },
    {
      form: 'LIKE with a leading wildcard on a simple-array column: a trigram index',
      sql: 'SELECT id FROM article WHERE "tagList" LIKE \'%t7,%\'',
      indexes: [
        'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON article USING gin ("tagList" gin_trgm_ops);',
      ],
      scanned: ['article'],
    },
    {
      form: 'a function on a column: an expression index',
      sql: "SELECT id FROM article WHERE lower(title) = 'title 7'",
      indexes: ['CREATE INDEX ON article ((lower(title)));'],
      scanned: ['article'],
    },
  ];

  it.each(cases)(
    '$form',
    async ({ sql, indexes, scanned }) => {
      const before = await indexCount();
      const q = shape('q', sql);
      const { advice, warnings, plans } = await explainPostgres(run, [q]);
      expect(warnings).toEqual([]);
      expect(advice.map((a) => a.index).sort()).toEqual([...indexes].sort());
      for (const a of advice) {
        expect(a.proof?.after).not.toMatch(/^Seq Scan/);
        expect(a.proof?.afterCost).toBeLessThanOrEqual((a.proof?.beforeCost ?? 0) / 2);
      }
      expect(plans).toEqual([expect.objectContaining({ shapeId: 'q', access: 'full-scan' })]);
      // The proof rolled back: no index was left behind.
      expect(await indexCount()).toBe(before);
      // Applied for real, the advice removes the sequential scans it was given for.
      const statement = toGenericStatement(q.sample) as string;
      expect((await scansWith(statement, [])).sort()).toEqual(scanned);
      expect(await scansWith(statement, indexes)).toEqual([]);
    },
    60_000,
  );

  it('suggests nothing the catalog already has, nothing the planner would not use, nothing that saves too little', async () => {
    const { advice, plans } = await explainPostgres(run, [
      // The primary key serves it: the plan is an index scan already (what contention analysis reads).
      shape('pk', 'SELECT * FROM comment WHERE id = 7'),
      // Reads every row: no index makes that cheaper.
      shape('all', 'SELECT count(*) FROM comment'),
      // "everything but" — no index serves it.
      shape('ne', "SELECT id FROM comment WHERE body <> 'x'"),
      // A small table: scanning it is what the planner prefers.
      shape('small', "SELECT * FROM modes WHERE name > 'a'"),
    ]);
    expect(advice).toEqual([]);
    expect(plans.find((p) => p.shapeId === 'pk')).toMatchObject({
      access: 'index',
      scans: ['Index Scan on comment'],
      totalCost: expect.any(Number),
    });
    expect(plans.find((p) => p.shapeId === 'all')?.access).toBe('full-scan');
  }, 60_000);

  it('asks for a share of the cost saved (Dexter’s 50 % by default), a stated threshold', async () => {
    const q = shape('q', "SELECT id FROM article WHERE lower(title) = 'title 7'");
    expect((await explainPostgres(run, [q])).advice).toHaveLength(1);
    expect((await explainPostgres(run, [q], { minCostDrop: 0.9999 })).advice).toEqual([]);
  }, 60_000);

  it.each(['explain-option', 'prepared'] as const)(
    'plans generically and proves the same way whichever way the server plans (%s)',
    async (mode) => {
      const { advice, skipped } = await explainPostgres(
        run,
        [
          shape('a', "SELECT * FROM article WHERE slug = 'x'"),
          shape('d', 'SELECT * FROM nowhere WHERE x = 1'),
        ],
        { mode },
      );
      expect(advice.map((a) => a.index)).toEqual(['CREATE INDEX ON article (slug);']);
      expect(skipped).toEqual([{ shapeId: 'd', reason: 'relation "nowhere" does not exist' }]);
    },
    60_000,
  );

  it('drops a candidate whose CREATE INDEX fails, with a warning, and keeps proving the rest', async () => {
    const bare = await PGlite.create(); // no pg_trgm here
    try {
      await bare.exec(SCHEMA);
      const runBare = async (sql: string) =>
        ((await bare.exec(sql)).at(-1)?.rows ?? []) as Record<string, unknown>[];
      const { advice, warnings } = await explainPostgres(runBare, [
        shape('like', 'SELECT id FROM article WHERE "tagList" LIKE \'%t7,%\''),
        shape('slug', "SELECT * FROM article WHERE slug = 'x'"),
      ]);
      expect(advice.map((a) => a.shapeId)).toEqual(['slug']);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^could not try CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON article USING gin \("tagList" gin_trgm_ops\); .*pg_trgm/,
        ),
      ]);
    } finally {
      await bare.close();
    }
  }, 60_000);
});
