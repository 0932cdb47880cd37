import type { Finding, Report } from '@loadlens/types';
import { REPORT_SCHEMA } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { queryShape } from '../../testing/query-shapes.ts';
import { applyIndexAdvice } from './explain-report.ts';

const fingerprint = 'select * from timeseries where user_uuid = ? and key = any (?) and ts >= ? order by ts';

function reportWith(findings: Finding[]): Report {
  return {
    schema: REPORT_SCHEMA,
    generatedAt: '2026-01-01T00:00:00.000Z',
    source: { kind: 'store', location: 'run.db' },
    spanCount: 0,
    traceCount: 0,
    findings,
    routes: [],
    queries: [],
  };
}

const slow: Finding = {
  id: 'slow-query:1',
  kind: 'slow-query',
  severity: 'critical',
  title: 'One query shape takes 90 % of the work of POST /entries',
  route: 'POST /entries',
  fingerprint,
  evidence: [],
  impact: { msPerRequest: 250, share: 0.4 },
  suggestion: 'Check the plan.',
  sampleTraceIds: [],
};

describe('applyIndexAdvice', () => {
  it('names the missing index on the finding about the scanned shape and adds the plan as evidence', () => {
    const report = applyIndexAdvice(reportWith([slow]), [
      {
        shapeId: 'abc',
        fingerprint,
        system: 'postgresql',
        table: 'timeseries',
        scan: 'Seq Scan',
        rows: 176_800,
        equality: ['user_uuid', 'key'],
        sort: ['ts'],
        range: ['ts'],
        fields: ['user_uuid', 'key', 'ts'],
        index: 'CREATE INDEX ON timeseries (user_uuid, key, ts);',
      },
    ]);
    const [f] = report.findings;
    expect(f?.title).toBe(
      'Missing index on timeseries (user_uuid, key, ts): one query shape takes 90 % of the work of POST /entries',
    );
    expect(f?.suggestion).toMatch(/^Add an index: CREATE INDEX ON timeseries \(user_uuid, key, ts\);/);
    expect(f?.evidence).toContainEqual({
      label: 'plan: Seq Scan on timeseries',
      value: 176_800,
      unit: 'rows',
    });
  });

  it('shows the re-plan that proved the index, the other shapes it serves and the writes that maintain it', () => {
    const shapeOf = (id: string, fingerprint: string, routes: Array<[string, number]>) =>
      queryShape({
        id,
        fingerprint,
        system: 'postgresql',
        routes: routes.map(([route, count]) => ({ route, count, share: 0.5 })),
      });
    const read = 'select * from "comment" where "articleid" = ?';
    const report = {
      ...reportWith([{ ...slow, fingerprint: read }]),
      queries: [
        shapeOf('r1', read, [['GET /articles/:slug', 40]]),
        shapeOf('r2', 'select count(*) from comment where "articleid" = ?', [['GET /articles', 30]]),
        shapeOf('w1', 'insert into "comment" ("body", "articleid") values (?+)', [
          ['POST /articles/:slug/comments', 12],
        ]),
        shapeOf('w2', 'delete from comment where id = ?', [['DELETE /comments/:id', 3]]),
        shapeOf('w3', 'insert into article (slug) values (?+)', [['POST /articles', 5]]),
      ],
    };
    const advised = (shapeId: string, fingerprint: string) => ({
      shapeId,
      fingerprint,
      system: 'postgresql',
      table: 'comment',
      scan: 'Seq Scan',
      rows: 20_000,
      equality: [],
      join: ['articleId'],
      sort: [],
      range: [],
      fields: ['articleId'],
      index: 'CREATE INDEX ON comment ("articleId");',
      proof: {
        method: 'rolled-back transaction' as const,
        beforeCost: 513.06,
        afterCost: 12.114,
        before: 'Seq Scan on comment',
        after: 'Index Scan on comment',
      },
    });
    const [f] = applyIndexAdvice(report, [
      advised('r1', read),
      advised('r2', report.queries[1]!.fingerprint),
    ]).findings;
    expect(f?.title).toMatch(/^Missing index on comment \("articleId"\): /);
    expect(f?.evidence).toEqual(
      expect.arrayContaining([
        { label: 'estimated cost now (Seq Scan on comment)', value: 513.06 },
        { label: 'estimated cost with the index (Index Scan on comment)', value: 12.11 },
        { label: 'the same index serves', value: '2 query shapes on GET /articles/:slug, GET /articles' },
        {
          label: 'writes to comment that would maintain it',
          value: 'POST /articles/:slug/comments (12 calls), DELETE /comments/:id (3 calls)',
        },
      ]),
    );
    expect(f?.suggestion).toContain(
      'Re-planned with it (rolled-back transaction): Index Scan on comment, estimated cost 513.06 → 12.11.',
    );
    expect(f?.suggestion).toContain(
      'It also serves 1 other query shape (GET /articles/:slug, GET /articles).',
    );
  });

  it('gives a shape proven with two indexes (both sides of a join) one finding, its re-plan said once', () => {
    const fp = 'select * from article left join comment on comment."articleid" = article.id where slug = ?';
    const report: Report = {
      ...reportWith([]),
      routes: [
        {
          route: 'GET /articles/:slug',
          count: 10,
          errorCount: 0,
          meanMs: 40,
          p50Ms: 40,
          p95Ms: 40,
          p99Ms: 40,
          stages: [],
        },
      ],
      queries: [
        queryShape({
          id: 'j',
          fingerprint: fp,
          system: 'postgresql',
          routes: [{ route: 'GET /articles/:slug', count: 10, share: 0.75 }],
        }),
      ],
    };
    const side = (table: string, fields: string[], rows: number, after: string) => ({
      shapeId: 'j',
      fingerprint: fp,
      system: 'postgresql',
      table,
      scan: 'Seq Scan',
      rows,
      equality: [],
      sort: [],
      range: [],
      fields,
      index: `CREATE INDEX ON ${table} (${fields.join(', ')});`,
      proof: {
        method: 'rolled-back transaction' as const,
        beforeCost: 514.06,
        afterCost: 26.74,
        before: `Seq Scan on ${table}`,
        after,
      },
    });
    const { findings } = applyIndexAdvice(report, [
      side('article', ['slug'], 5000, 'Index Scan on article'),
      side('comment', ['articleId'], 20_000, 'Index Scan on comment'),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toBe(
      'Seq Scan on article (~5000 rows), Seq Scan on comment (~20000 rows) for a query on GET /articles/:slug',
    );
    expect(findings[0]?.evidence.filter((e) => e.label.startsWith('estimated cost'))).toEqual([
      { label: 'estimated cost now (Seq Scan on article, Seq Scan on comment)', value: 514.06 },
      {
        label: 'estimated cost with the indexes (Index Scan on article, Index Scan on comment)',
        value: 26.74,
      },
    ]);
    expect(findings[0]?.suggestion).toBe(
      'Add an index: CREATE INDEX ON article (slug); (Seq Scan over ~5000 rows now). ' +
        'Add an index: CREATE INDEX ON comment (articleId); (Seq Scan over ~20000 rows now). ' +
        'Re-planned with them (rolled-back transaction): Index Scan on article, Index Scan on comment, ' +
        'estimated cost 514.06 → 26.74.',
    );
    expect(findings[0]?.impact.msPerRequest).toBe(30);
  });

  it('leaves findings about other shapes alone', () => {
    const other = { ...slow, id: 'slow-query:2', fingerprint: 'select 1' };
    expect(applyIndexAdvice(reportWith([other]), []).findings[0]?.title).toBe(other.title);
  });
});
