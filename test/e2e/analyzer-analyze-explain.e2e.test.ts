// Index advice on a real PostgreSQL 15, proven by re-planning: the known-answer plan forms the unit tier
// checks on PGlite (joins, sort with limit, group keys, LIKE, expressions, ESR), then `loadlens analyze
// --explain` on the traces of a TypeORM-shaped blog API — the application issue #15 was found on —
// with its eager LEFT JOIN by a camelCase key, a slug lookup, a sorted page, a tag search, a write route
// and a route failing with a database error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainPostgres, toGenericStatement } from '@loadlens/analyzer';
import {
  craftTrace,
  EXPLAIN_CASES,
  EXPLAIN_SCHEMA,
  otlpJsonLine,
  seqScansWith,
  sqlShape,
} from '@loadlens/analyzer/testing';
import type { Finding, NormalizedSpan } from '@loadlens/types';
import { main } from 'loadlens';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PostgresPeer, startPeer } from '../harness/index.ts';

let postgres: PostgresPeer;
let client: pg.Client;
let dir: string;
const run = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];

/** Every index and extension of the database, to show that the proofs left nothing behind. */
const catalog = async () =>
  JSON.stringify(
    await run(
      'SELECT (SELECT array_agg(indexname ORDER BY indexname) FROM pg_indexes) AS i, ' +
        '(SELECT array_agg(extname ORDER BY extname) FROM pg_extension) AS e',
    ),
  );

beforeAll(async () => {
  [postgres, dir] = await Promise.all([
    startPeer('postgres'),
    mkdtemp(join(tmpdir(), 'loadlens-e2e-explain-')),
  ]);
  client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(EXPLAIN_SCHEMA);
  await client.query('CREATE TABLE "user" (id serial PRIMARY KEY, email text NOT NULL UNIQUE)');
  await client.query('INSERT INTO "user" (email) VALUES (\'ada@example.org\')');
}, 120_000);

afterAll(async () => {
  await client?.end();
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('each plan form gets the index a re-plan on PostgreSQL 15 proves', () => {
  test.each(EXPLAIN_CASES)(
    '$form',
    async ({ sql, indexes, scanned }) => {
      const before = await catalog();
      const q = sqlShape('q', sql);
      const { advice, warnings } = await explainPostgres(run, [q]);
      expect(warnings).toEqual([]);
      expect(advice.map((a) => a.index).sort()).toEqual([...indexes].sort());
      for (const a of advice) expect(a.proof?.afterCost).toBeLessThanOrEqual((a.proof?.beforeCost ?? 0) / 2);
      expect(await catalog()).toBe(before);
      const statement = toGenericStatement(q.sample) as string;
      expect((await seqScansWith(run, statement, [])).sort()).toEqual(scanned);
      expect(await seqScansWith(run, statement, indexes)).toEqual([]);
    },
    60_000,
  );
});

// TypeORM's SQL, as its query logger prints it: quoted aliases, "$n" parameters (values apart).
const SELECT_ARTICLE =
  'SELECT "Article"."id" AS "Article_id", "Article"."slug" AS "Article_slug", "Article"."title" AS "Article_title", ' +
  '"Article__comments"."id" AS "Article__comments_id", "Article__comments"."body" AS "Article__comments_body" ' +
  'FROM "article" "Article" LEFT JOIN "comment" "Article__comments" ' +
  'ON "Article__comments"."articleId"="Article"."id" WHERE "Article"."slug" = $1';
const LIST_ARTICLES =
  'SELECT "Article"."id" AS "Article_id", "Article"."title" AS "Article_title" FROM "article" "Article" ' +
  'ORDER BY "Article"."created" DESC LIMIT 20';
const COUNT_COMMENTS = 'SELECT COUNT(1) AS "cnt" FROM "comment" "Comment" WHERE "Comment"."articleId" = $1';
const INSERT_COMMENT =
  'INSERT INTO "comment"("body", "articleId", "created") VALUES ($1, $2, DEFAULT) RETURNING "id"';
const INSERT_USER = 'INSERT INTO "user"("email") VALUES ($1) RETURNING "id"';

test('analyze --explain: proven advice for the blog’s routes, weighed across them, and the failing route’s cause', async () => {
  // The real server's message for the failing route's insert (a duplicate e-mail), as instrumentation-pg
  // puts it in the span's status.
  const duplicate = await client.query('INSERT INTO "user" (email) VALUES ($1)', ['ada@example.org']).then(
    () => '',
    (error: Error) => error.message,
  );
  expect(duplicate).toBe('duplicate key value violates unique constraint "user_email_key"');

  const lines: string[] = [];
  for (let i = 0; i < 20; i++) {
    const t = craftTrace(i * 1000);
    const detail = t.server('GET', '/api/articles/:slug', { at: 0, ms: 40 });
    t.pg(detail, SELECT_ARTICLE, { at: 2, ms: 30 });
    t.pg(detail, COUNT_COMMENTS, { at: 33, ms: 6 });
    const list = t.server('GET', '/api/articles', { at: 100, ms: 30 });
    t.pg(list, LIST_ARTICLES, { at: 102, ms: 25 });
    const comment = t.server('POST', '/api/articles/:slug/comments', { at: 200, ms: 8 }, 201);
    t.pg(comment, INSERT_COMMENT, { at: 201, ms: 2 });
    const signup = t.server('POST', '/api/users', { at: 300, ms: 5 }, i % 4 === 0 ? 500 : 201);
    const insert = t.pg(signup, INSERT_USER, { at: 301, ms: 1 });
    const spans = t.spans();
    if (i % 4 === 0)
      Object.assign(spans.find((s) => s.spanId === insert) as NormalizedSpan, {
        status: 'error',
        statusMessage: duplicate,
      });
    lines.push(otlpJsonLine(spans));
  }
  const file = join(dir, 'spans.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  const before = await catalog();
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['analyze', file, '--explain', postgres.url, '--format', 'json'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  expect(err.join('\n')).toBe('');
  expect(code).toBe(0);
  expect(await catalog()).toBe(before);
  const findings = JSON.parse(out.join('\n')).findings as Finding[];
  const on = (route: string, kind: string) => findings.filter((f) => f.route === route && f.kind === kind);

  // The eager LEFT JOIN: the comments' camelCase join key and the article's slug — not the primary key.
  const [detail] = on('GET /api/articles/:slug', 'slow-query').filter((f) =>
    f.fingerprint?.includes('left join'),
  );
  expect(detail?.suggestion).toContain('Add an index: CREATE INDEX ON comment ("articleId");');
  expect(detail?.suggestion).toContain('Add an index: CREATE INDEX ON article (slug);');
  expect(detail?.suggestion).not.toContain('(id)');
  expect(detail?.title).toBe(
    'Seq Scan on article (~5000 rows), Seq Scan on comment (~20000 rows) for a query on GET /api/articles/:slug',
  );
  expect(detail?.evidence).toEqual(
    expect.arrayContaining([
      { label: 'plan: Seq Scan on comment', value: 20000, unit: 'rows' },
      { label: 'estimated cost now (Seq Scan on article, Seq Scan on comment)', value: expect.any(Number) },
      // Both created in one rolled-back transaction; the planner read through both.
      {
        label: expect.stringMatching(
          /^estimated cost with the indexes \(Index Scan on article, (Bitmap )?Index Scan on comment\)$/,
        ),
        value: expect.any(Number),
      },
      // Weighed across the workload: the count of a post's comments uses the same index, and the
      // comment route's inserts pay for it.
      {
        label: 'the index on comment ("articleId") serves',
        value: '2 query shapes on GET /api/articles/:slug',
      },
      {
        label: 'writes to comment that would maintain it',
        value: 'POST /api/articles/:slug/comments (20 calls)',
      },
    ]),
  );
  const costs = (detail?.evidence ?? [])
    .filter((e) => e.label.startsWith('estimated cost'))
    .map((e) => Number(e.value));
  expect(costs[1]).toBeLessThanOrEqual((costs[0] ?? 0) / 2);
  const [page] = on('GET /api/articles', 'slow-query');
  expect(page?.suggestion).toContain('Add an index: CREATE INDEX ON article (created);');

  // The failing route names its cause, with the constraint and without the e-mail address.
  const [failing] = on('POST /api/users', 'errors');
  expect(failing?.title).toBe(
    '25 % of POST /api/users fail (HTTP 500: duplicate key value violates unique constraint "user_email_key")',
  );
  expect(out.join('\n')).not.toContain('ada@example.org');
}, 120_000);
