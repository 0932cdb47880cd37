import { describe, expect, it } from 'vitest';
import { canvassLines } from './canvass-synth.ts';
import { DEG_PER_M } from './emission-users.ts';

const records = (o: Parameters<typeof canvassLines>[0]) => [...canvassLines(o)].map((l) => JSON.parse(l));

describe('synth canvass', () => {
  it('is reproducible and writes volunteers, localities and visits', () => {
    const text = [...canvassLines({ volunteers: 100, localities: 50, seed: 1 })].join('');
    expect([...canvassLines({ volunteers: 100, localities: 50, seed: 1 })].join('')).toBe(text);
    const all = records({ volunteers: 100, localities: 50, seed: 1 });
    const count = (kind: string) => all.filter((r) => r.kind === kind).length;
    expect(count('volunteer')).toBe(100);
    expect(count('locality')).toBe(50);
    expect(count('visit')).toBeGreaterThanOrEqual(100 * 20);
  });

  it('lays localities on a 100 m grid with their dwellings inside the cell', () => {
    const localities = records({ volunteers: 1, localities: 4, seed: 1 }).filter(
      (r) => r.kind === 'locality',
    );
    const [a, b] = localities;
    expect([a.row, a.col, b.row, b.col]).toEqual([0, 0, 0, 1]);
    const eastMetres = ((b.center[0] - a.center[0]) / DEG_PER_M) * Math.cos((a.center[1] * Math.PI) / 180);
    expect(eastMetres).toBeCloseTo(100, 0);
    for (const d of a.dwellings) {
      expect(Math.abs(d.loc[1] - a.center[1]) / DEG_PER_M).toBeLessThanOrEqual(50.1);
    }
  });

  it('records 0–5 intentions per answered door, follow-ups when due, and revisits that point back', () => {
    const visits = records({ volunteers: 50, localities: 10, seed: 3 }).filter((r) => r.kind === 'visit');
    const counts = new Set(visits.map((v) => v.intentions.length));
    expect([...counts].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(
      visits
        .filter((v) => !v.answered)
        .every((v) => v.intentions.length === 0 && v.followUp.reason === 'not-home'),
    ).toBe(true);
    const revisit = visits.find((v) => v.followUpOf);
    const original = visits.find((v) => v.id === revisit.followUpOf);
    expect(original.dwelling).toBe(revisit.dwelling);
    expect(revisit.at).toBeGreaterThanOrEqual(original.followUp.due);
  });

  it('rejects a bad count with one line naming the flag', () => {
    expect(() => records({ volunteers: 0, localities: 5, seed: 1 })).toThrow(
      '--volunteers "0": expected an integer ≥ 1',
    );
  });
});
