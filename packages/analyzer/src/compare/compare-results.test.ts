import { craftOperation, craftRun, latencyHistogramOf, spread } from '@loadlens/run-stats/testing';
import type { QueryShape, Report } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../render-html/comparison-section.ts';
import { REPORT_CSS } from '../render-html/report-styles.ts';
import { craftedReport } from '../testing/crafted-report.ts';
import { compareResults } from './compare-results.ts';
import { parseFailOn } from './fail-on-rules.ts';
import { mannWhitney } from './mann-whitney.ts';
import { renderComparisonMarkdown } from './render-comparison.ts';

describe('mannWhitney on HDR histograms', () => {
  it('does not call two samples of the same distribution different', () => {
    const t = mannWhitney(
      latencyHistogramOf(spread(500, 20, 40, 1)),
      latencyHistogramOf(spread(500, 20, 40, 7)),
    )!;
    expect(t.pValue).toBeGreaterThan(0.05);
    expect(Math.abs(t.effect - 0.5)).toBeLessThan(0.06);
  });

  it('detects a 10 % shift and says which side is slower', () => {
    const t = mannWhitney(
      latencyHistogramOf(spread(500, 20, 40, 1)),
      latencyHistogramOf(spread(500, 22, 44, 7)),
    )!;
    expect(t.pValue).toBeLessThan(0.001);
    expect(t.effect).toBeGreaterThan(0.56);
  });

  it('handles all-tied samples', () => {
    expect(mannWhitney(latencyHistogramOf([5, 5, 5]), latencyHistogramOf([5, 5]))).toEqual({
      pValue: 1,
      effect: 0.5,
    });
  });
});

describe('compareResults on two runs', () => {
  const base = craftRun([{ rate: 50, latenciesMs: spread(400, 20, 40, 1) }]);
  const noisy = craftRun([{ rate: 50, latenciesMs: spread(400, 20, 41, 3) }]);
  const slower = craftRun([{ rate: 50, latenciesMs: spread(400, 24, 48, 3) }]);

  it('calls noise unchanged, so a p95 rule on noise does not trip', () => {
    const c = compareResults(
      { kind: 'run', file: 'a', run: base },
      { kind: 'run', file: 'b', run: noisy },
      parseFailOn('p95:+1%'),
    );
    expect(c.deltas.map((d) => [d.key, d.kind, d.verdict])).toEqual([
      ['trips (GET /trips)', 'operation', 'unchanged'],
    ]);
    expect(c.failed).toBe(false);
  });

  it('calls a clear but sub-millisecond shift of the median unchanged', () => {
    const fast = craftRun([{ rate: 50, latenciesMs: spread(400, 0.5, 0.9, 1) }]);
    const lessFast = craftRun([{ rate: 50, latenciesMs: spread(400, 0.9, 1.4, 3) }]);
    const c = compareResults(
      { kind: 'run', file: 'a', run: fast },
      { kind: 'run', file: 'b', run: lessFast },
      [],
    );
    expect(c.deltas[0]?.verdict).toBe('unchanged');
    expect(c.deltas[0]?.pValue).toBeLessThan(0.001);
  });

  it('calls a real slowdown a regression and trips percentage and absolute rules', () => {
    const c = compareResults(
      { kind: 'run', file: 'a', run: base },
      { kind: 'run', file: 'b', run: slower },
      parseFailOn('p95:+10%,p50:+2ms,p99:+50%'),
    );
    expect(c.deltas[0]?.verdict).toBe('regression');
    expect(c.rules.map((r) => [r.rule, r.tripped])).toEqual([
      ['p95:+10%', true],
      ['p50:+2ms', true],
      ['p99:+50%', false],
    ]);
  });

  it('trips the error rule on a rise in failed requests', () => {
    const failing = { ...base, operations: [craftOperation('trips', spread(400, 20, 40, 1), 50, 20)] };
    const c = compareResults(
      { kind: 'run', file: 'a', run: base },
      { kind: 'run', file: 'b', run: failing },
      parseFailOn('errors:+2%'),
    );
    expect(c.rules[0]).toEqual({
      rule: 'errors:+2%',
      tripped: true,
      detail: 'error rate up on trips (GET /trips)',
    });
  });
});

describe('compareResults on the reports of a fixed run', () => {
  const schema = `CREATE TABLE IF NOT EXISTS timeseries (id bigserial PRIMARY KEY, user_uuid uuid NOT NULL, key text NOT NULL, ts double precision NOT NULL, data jsonb NOT NULL); ${Array.from({ length: 12 }, (_, i) => `CREATE TABLE IF NOT EXISTS table_${i} (id bigserial PRIMARY KEY, user_uuid uuid NOT NULL, data jsonb NOT NULL);`).join(' ')}`;
  const template = craftedReport.queries[0]!;
  function shape(fingerprint: string, route: string, count = 40): QueryShape {
    return {
      ...template,
      id: fingerprint.slice(0, 6),
      fingerprint,
      sample: fingerprint,
      count,
      routes: [{ route, count, share: 0.1 }],
      histogram: undefined,
    };
  }
  const trips = 'GET /timeline/getTrips/:day';
  const perTrip = shape('SELECT * FROM sections WHERE trip_id = ?', trips, 200);
  const batched = shape('SELECT * FROM sections WHERE trip_id = ANY (?)', trips, 40);
  const base: Report = {
    ...craftedReport,
    queries: [...craftedReport.queries, perTrip, shape(schema, '(background) pg.connect', 1)],
  };
  const head: Report = {
    ...craftedReport,
    queries: [
      ...craftedReport.queries,
      batched,
      shape('DROP INDEX IF EXISTS timeseries_user_key_ts', '(background) pg.query', 1),
      shape('ANALYZE', '(background) pg.query', 1),
    ],
  };
  const comparison = compareResults(
    { kind: 'report', file: 'base.json', report: base },
    { kind: 'report', file: 'head.json', report: head },
    parseFailOn('new-findings'),
  );
  const byKey = (key: string) => comparison.deltas.find((d) => d.key === key);

  it('marks statements that ran only outside a request as background, and no rule looks at them', () => {
    expect(byKey(schema)).toMatchObject({ verdict: 'removed', background: true });
    expect(byKey('ANALYZE')).toMatchObject({ verdict: 'new', background: true });
    expect(byKey(batched.fingerprint)?.background).toBeUndefined();
  });

  it('says which removed shape a new one replaces (the per-trip query batched into one)', () => {
    expect(byKey(batched.fingerprint)).toMatchObject({ verdict: 'new', replaces: perTrip.fingerprint });
    expect(byKey('ANALYZE')?.replaces).toBeUndefined();
  });

  it('puts start-up statements in their own collapsed section of the PR comment, cut to a table cell', () => {
    const md = renderComparisonMarkdown(comparison);
    const [changes, background] = md.split('<details>') as [string, string];
    expect(changes).not.toContain('CREATE TABLE');
    expect(changes).toContain(
      '| 🆕 new | query `SELECT * FROM sections WHERE trip_id = ANY (?)` (replaces `SELECT * FROM sections WHERE trip_id = ?`) |',
    );
    expect(background).toMatch(
      /^<summary>Start-up and background statements, outside any request \(3\)<\/summary>/,
    );
    expect(background).toContain(`\`${schema.slice(0, 100)}`);
    expect(background).not.toContain(schema);
    expect(md.split('\n').every((line) => line.length < 500)).toBe(true);
    expect(md).toContain('· 3 start-up/background statements changed');
  });

  it('shows them collapsed in the HTML comparison, and a new shape in the neutral colour, not a regression’s red', () => {
    const html = renderComparison(comparison);
    const [main, collapsed] = html.split('<details class="background">') as [string, string];
    expect(main).not.toContain('CREATE TABLE');
    expect(main).toContain(
      '<span class="muted">replaces</span> <code>SELECT * FROM sections WHERE trip_id = ?</code>',
    );
    expect(collapsed).toContain(
      '<summary>Start-up and background statements, outside any request (3)</summary>',
    );
    expect(collapsed).toContain(`title="${schema}"`);
    expect(REPORT_CSS).toContain('.verdict.new { color: var(--info); }');
    expect(REPORT_CSS).not.toMatch(/\.verdict\.new[^{]*\{[^}]*critical/);
  });
});
