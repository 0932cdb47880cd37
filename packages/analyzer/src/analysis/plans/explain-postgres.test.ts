import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLAIN_CASES, EXPLAIN_SCHEMA, seqScansWith, sqlShape } from '../../testing/explain-cases.ts';
import { explainPostgres, toGenericStatement } from './explain-postgres.ts';

const shape = sqlShape;

describe('toGenericStatement', () => {
  it('numbers the placeholders and keeps casts; refuses what EXPLAIN cannot plan', () => {
    expect(toGenericStatement('SELECT * FROM t WHERE a = ? AND b IN (?+) AND c > ?::date')).toBe(
      'SELECT * FROM t WHERE a = $1 AND b IN ($2) AND c > $3::date',
    );
    expect(toGenericStatement('INSERT INTO t(a) VALUES (?+)')).toBeUndefined();
  });
});

describe('explainPostgres on a real PostgreSQL (PGlite): each plan form gets the index a re-plan proves', () => {
  let db: PGlite;
  const run = async (sql: string) => ((await db.exec(sql)).at(-1)?.rows ?? []) as Record<string, unknown>[];
  const indexCount = async () => Number((await run('SELECT count(*)::int AS n FROM pg_indexes'))[0]?.n);

  beforeAll(async () => {
    db = await PGlite.create({ extensions: { pg_trgm } });
    await db.exec(EXPLAIN_SCHEMA);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(EXPLAIN_CASES)(
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
      expect((await seqScansWith(run, statement, [])).sort()).toEqual(scanned);
      expect(await seqScansWith(run, statement, indexes)).toEqual([]);
    },
    60_000,
  );

  it('suggests nothing the catalog already has, nothing the planner would not use, nothing that saves too little', async () => {
    const { advice, plans, rejected } = await explainPostgres(run, [
      // The primary key serves it: the plan is an index scan already (what contention analysis reads).
      shape('pk', 'SELECT * FROM comment WHERE id = 7'),
      // Reads every row: no index makes that cheaper.
      shape('all', 'SELECT count(*) FROM comment'),
      // "everything but" — no index serves it.
      shape('ne', "SELECT id FROM comment WHERE body <> 'x'"),
      // A small table: scanning it is what the planner prefers.
      shape('small', "SELECT * FROM modes WHERE name > 'a'"),
      // A third of the table by the generic estimate: the index is used but saves too little.
      shape('wide', "SELECT * FROM comment WHERE created > '2026-01-01'"),
    ]);
    expect(advice).toEqual([]);
    expect(rejected).toEqual([
      {
        shapeId: 'wide',
        index: 'CREATE INDEX ON comment (created);',
        reason: expect.stringMatching(/^estimated cost [\d.]+ → [\d.]+, less than the 50 % drop asked for$/),
      },
    ]);
    expect(plans.find((p) => p.shapeId === 'pk')).toMatchObject({
      access: 'index',
      scans: ['Index Scan on comment'],
      totalCost: expect.any(Number),
    });
    expect(plans.find((p) => p.shapeId === 'all')?.access).toBe('full-scan');
  }, 60_000);

  it('never tries or suggests an index the catalog has, even where the plan keeps its scan', async () => {
    // An index the planner is told not to use (as it declines one it finds too unselective): the plan
    // stays a scan, and the index must still not come back as advice.
    await run('CREATE INDEX article_slug ON article (slug)');
    await run('SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off');
    try {
      const { advice, rejected, plans } = await explainPostgres(run, [
        shape('slug', "SELECT * FROM article WHERE slug = 'slug-7'"),
      ]);
      expect(plans[0]?.access).toBe('full-scan');
      expect(advice).toEqual([]);
      expect(rejected).toEqual([]);
    } finally {
      await run('RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan');
      await run('DROP INDEX article_slug');
    }
  }, 60_000);

  it('sizes a table never analyzed (a freshly seeded database) as the planner does, from its pages', async () => {
    await run(`CREATE TABLE fresh (id serial PRIMARY KEY, slug text NOT NULL);
      INSERT INTO fresh (slug) SELECT 'slug-' || g FROM generate_series(1, 5000) g;
      CREATE SCHEMA other; CREATE TABLE other.lonely (LIKE fresh); INSERT INTO other.lonely SELECT * FROM fresh`);
    try {
      const { advice } = await explainPostgres(run, [
        shape('fresh', "SELECT * FROM fresh WHERE slug = 'x'"),
        // A table of another schema, off the search path: planned, but not sized, so not advised on.
        shape('elsewhere', "SELECT * FROM other.lonely WHERE slug = 'x'"),
      ]);
      expect(advice).toEqual([
        expect.objectContaining({ index: 'CREATE INDEX ON fresh (slug);', rows: expect.any(Number) }),
      ]);
      expect(advice[0]?.rows).toBeGreaterThan(1000);
    } finally {
      await run('DROP TABLE fresh; DROP SCHEMA other CASCADE');
    }
  }, 60_000);

  it('asks for a share of the cost saved (Dexter’s 50 % by default), a stated threshold', async () => {
    const q = shape('q', "SELECT id FROM article WHERE lower(title) = 'title 7'");
    expect((await explainPostgres(run, [q])).advice).toHaveLength(1);
    const strict = await explainPostgres(run, [q], { minCostDrop: 0.9999 });
    expect(strict.advice).toEqual([]);
    expect(strict.rejected).toEqual([
      {
        shapeId: 'q',
        index: 'CREATE INDEX ON article ((lower(title)));',
        reason: expect.stringMatching(/^estimated cost [\d.]+ → [\d.]+, less than the 100 % drop asked for$/),
      },
    ]);
  }, 60_000);

  it.each(['explain-option', 'prepared'] as const)(
    'plans generically and proves the same way whichever way the server plans (%s)',
    async (mode) => {
      const { advice, skipped } = await explainPostgres(
        run,
        [
          shape('a', "SELECT * FROM article WHERE slug = 'x'"),
          shape('d', 'SELECT * FROM nowhere WHERE x = 1'),
          // COUNT(1) scrubs to COUNT($1), a parameter of no type: planned as text.
          shape('c', 'SELECT COUNT(1) AS "cnt" FROM "comment" "Comment" WHERE "Comment"."articleId" = 3'),
        ],
        { mode },
      );
      expect(advice.map((a) => a.index)).toEqual([
        'CREATE INDEX ON article (slug);',
        'CREATE INDEX ON comment ("articleId");',
      ]);
      expect(skipped).toEqual([{ shapeId: 'd', reason: 'relation "nowhere" does not exist' }]);
    },
    60_000,
  );

  it('drops a candidate whose CREATE INDEX fails, with a warning, and keeps proving the rest', async () => {
    const bare = await PGlite.create(); // no pg_trgm here
    try {
      await bare.exec(EXPLAIN_SCHEMA);
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
