import { createLatencyHistogram } from '@loadlens/run-stats';
import { craftOperation, craftRun, spread } from '@loadlens/run-stats/testing';
import { describe, expect, it } from 'vitest';
import { compareResults } from './compare-results.ts';
import { parseFailOn } from './fail-on-rules.ts';
import { mannWhitney } from './mann-whitney.ts';

function histogramOf(values: number[]) {
  const h = createLatencyHistogram();
  for (const v of values) h.recordValue(Math.round(v * 1000));
  return h;
}

describe('mannWhitney on HDR histograms', () => {
  it('does not call two samples of the same distribution different', () => {
    const t = mannWhitney(histogramOf(spread(500, 20, 40, 1)), histogramOf(spread(500, 20, 40, 7)))!;
    expect(t.pValue).toBeGreaterThan(0.05);
    expect(Math.abs(t.effect - 0.5)).toBeLessThan(0.06);
  });

  it('detects a 10 % shift and says which side is slower', () => {
    const t = mannWhitney(histogramOf(spread(500, 20, 40, 1)), histogramOf(spread(500, 22, 44, 7)))!;
    expect(t.pValue).toBeLessThan(0.001);
    expect(t.effect).toBeGreaterThan(0.56);
  });

  it('handles all-tied samples', () => {
    expect(mannWhitney(histogramOf([5, 5, 5]), histogramOf([5, 5]))).toEqual({ pValue: 1, effect: 0.5 });
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
