// Crafted schemas with known answers for index advice: each plan form with the index that serves it.
// Shared by the PGlite unit tests and the real-PostgreSQL e2e tests, so both tiers check the same answers.
import type { QueryShape } from '@loadlens/types';
import type { RunSimpleQuery } from '../analysis/plans/explain-postgres.ts';
import { createGenericPlanner } from '../analysis/plans/generic-plan.ts';
import { planNodes } from '../analysis/plans/prove-indexes.ts';
import { shapeSql } from '../fingerprint/fingerprint-sql.ts';
import { queryShape } from './query-shapes.ts';

// A TypeORM-shaped blog (camelCase columns, eager relations as LEFT JOINs) with 5,000 articles and
// 20,000 comments and no index but the primary keys — the application issue #15 was found on — plus a
// timeseries table shaped like the demo's.
export const EXPLAIN_SCHEMA = `
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

export interface ExplainCase {
  /** The plan form, as the test names it. */
  form: string;
  /** The statement as an application sends it (literals and all: the shape scrubs them). */
  sql: string;
  /** The advice, exactly. */
  indexes: string[];
  /** Tables the statement reads with a sequential scan before the advice (and none after). */
  scanned: string[];
}

export const EXPLAIN_CASES: ExplainCase[] = [
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
    form: 'DISTINCT with a LIMIT: the distinct key',
    sql: 'SELECT DISTINCT "articleId" FROM comment ORDER BY "articleId" LIMIT 10',
    indexes: ['CREATE INDEX ON comment ("articleId");'],
    scanned: ['comment'],
  },
  {
    form: 'ILIKE: a trigram index serves case-insensitive patterns too',
    sql: 'SELECT id FROM article WHERE "tagList" ILIKE \'%T7,%\'',
    indexes: [
      'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON article USING gin ("tagList" gin_trgm_ops);',
    ],
    scanned: ['article'],
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

/** A query shape as the analysis makes it from one statement. */
export function sqlShape(id: string, sql: string): QueryShape {
  const { fingerprint, sample } = shapeSql(sql);
  return queryShape({ id, fingerprint, sample, system: 'postgresql' });
}

/**
 * Creates the advised indexes for real (in a transaction rolled back afterwards), plans the statement
 * again and returns the tables it still reads with a sequential scan: what applying the advice removes.
 */
export async function seqScansWith(
  run: RunSimpleQuery,
  statement: string,
  indexes: string[],
): Promise<string[]> {
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
