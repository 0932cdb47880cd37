import { describe, expect, it } from 'vitest';
import { countAtOrBelow, countAtOrBelowNear } from './sorted-search.ts';

describe('countAtOrBelowNear', () => {
  it('gives countAtOrBelow for any hint: ties, gaps, both ends, hints out of range', () => {
    let seed = 7;
    const next = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    for (let trial = 0; trial < 500; trial++) {
      const sorted = Float64Array.from({ length: next(40) }, () => next(20)).sort();
      let hint = next(sorted.length + 4) - 2;
      for (let q = 0; q < 30; q++) {
        const t = next(25) - 2 + (next(5) === 0 ? 0.5 : 0);
        const count = countAtOrBelowNear(sorted, t, hint);
        expect(count).toBe(countAtOrBelow(sorted, t));
        hint = next(3) === 0 ? next(sorted.length + 6) - 3 : count;
      }
    }
  });
});
