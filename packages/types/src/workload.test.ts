import { describe, expect, it } from 'vitest';
import { peakTotalRate, rateAt, resolveWorkload } from './resolve-workload.ts';
import { check, parseOrThrow } from './validate.ts';
import { type WorkloadInput, workloadSchema } from './workload.ts';

// The example from the foundation issue, as YAML would parse it.
const canvassPeak: WorkloadInput = {
  name: 'canvass-peak',
  target: 'http://127.0.0.1:8080',
  duration: '60s',
  seed: 7,
  slo: { p99: '500ms', errors: '1%' },
  users: { count: 35000, perMinute: { visit: 1, read: 0.2 } },
  operations: [
    { name: 'visit', method: 'POST', path: '/visits', body: { scenario: 'canvass.visit' } },
    { name: 'read', method: 'GET', path: '/localities/{locality}/intentions' },
    { name: 'health', method: 'GET', path: '/health', rate: '5/s' },
  ],
};

function problemsOf(value: unknown): string[] {
  const result = check(workloadSchema, value, 'workload.yaml');
  return result.ok ? [] : result.problems;
}

function withChange(change: (w: Record<string, any>) => void): unknown {
  const copy = structuredClone(canvassPeak) as Record<string, any>;
  change(copy);
  return copy;
}

describe('workload schema', () => {
  it('accepts the canvass example as written', () => {
    expect(problemsOf(canvassPeak)).toEqual([]);
  });

  it('names the file, the path and what was expected', () => {
    expect(problemsOf(withChange((w) => (w.operations[2].rate = 'fast')))).toEqual([
      'workload.yaml: operations[2].rate: expected a rate like "50/s", got "fast"',
    ]);
    expect(problemsOf(withChange((w) => (w.duration = 'soon')))).toEqual([
      'workload.yaml: duration: expected a duration like "60s", "500ms" or "2m", got "soon"',
    ]);
    expect(problemsOf(withChange((w) => (w.slo.errors = 'lots')))).toEqual([
      'workload.yaml: slo.errors: expected a percentage like "1%", got "lots"',
    ]);
    expect(problemsOf(withChange((w) => (w.operations[1].method = 'FETCH')))).toEqual([
      'workload.yaml: operations[1].method: expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, got "FETCH"',
    ]);
    expect(problemsOf(withChange((w) => (w.operations[0].pth = '/x')))).toEqual([
      'workload.yaml: operations[0]: unknown key "pth"',
    ]);
    expect(problemsOf(withChange((w) => (w.operations[1].path = 'visits')))).toEqual([
      'workload.yaml: operations[1].path: expected a path starting with "/", got "visits"',
    ]);
  });

  it('reports every problem, not only the first', () => {
    const problems = problemsOf(
      withChange((w) => {
        w.operations[2].rate = 'fast';
        w.seed = -1;
      }),
    );
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('workload.yaml: seed:'))).toBe(true);
  });

  it('requires every operation to get a rate from somewhere', () => {
    expect(problemsOf(withChange((w) => delete w.users.perMinute.read))).toEqual([
      'workload.yaml: operations[1]: operation "read" has no rate: give it "rate", a "weight" of the total "rate", or an entry in users.perMinute',
    ]);
  });

  it('rejects user-model entries for operations that do not exist, and duplicate names', () => {
    expect(problemsOf(withChange((w) => (w.users.perMinute.vist = 2)))).toEqual([
      'workload.yaml: users.perMinute.vist: no operation named "vist"',
    ]);
    expect(problemsOf(withChange((w) => (w.operations[1].name = 'visit')))[0]).toBe(
      'workload.yaml: operations[1].name: duplicate operation name "visit"',
    );
  });

  it('requires a duration or stages', () => {
    expect(problemsOf(withChange((w) => delete w.duration))).toEqual([
      'workload.yaml: duration: expected a "duration" or "stages"',
    ]);
  });

  it('throws an InputError with the problems from parseOrThrow', () => {
    expect(() => parseOrThrow(workloadSchema, { name: 'x' }, 'w.json')).toThrow(
      'w.json: operations: missing, expected array',
    );
  });
});

describe('rate resolution', () => {
  const resolved = resolveWorkload(parseOrThrow(workloadSchema, canvassPeak, 'workload.yaml'));

  it('derives rates from the user model (count × perMinute / 60) and from own rates', () => {
    const rates = Object.fromEntries(resolved.operations.map((op) => [op.name, op.ratePerSecond]));
    expect(rates.visit).toBeCloseTo(583.333, 3);
    expect(rates.read).toBeCloseTo(116.667, 3);
    expect(rates.health).toBe(5);
    expect(resolved.totalRatePerSecond).toBeCloseTo(705, 9);
    expect(resolved.operations.map((op) => op.rateSource)).toEqual(['users', 'users', 'rate']);
  });

  it('resolves the SLO, duration and defaults', () => {
    expect(resolved.slo).toEqual({ latencyMs: { p99: 500 }, errorRate: 0.01 });
    expect(resolved.durationMs).toBe(60_000);
    expect(resolved.seed).toBe(7);
    expect(resolved.operations[0]?.method).toBe('POST');
    expect(resolved.operations[1]?.method).toBe('GET');
  });

  it('splits a total rate by weight', () => {
    const spec = parseOrThrow(
      workloadSchema,
      {
        name: 'weighted',
        duration: '10s',
        rate: '100/s',
        operations: [
          { name: 'a', path: '/a', weight: 3 },
          { name: 'b', path: '/b', weight: 1 },
        ],
      },
      'w.yaml',
    );
    expect(resolveWorkload(spec).operations.map((op) => op.ratePerSecond)).toEqual([75, 25]);
  });

  it('ramps stages linearly; user stages leave fixed-rate operations alone', () => {
    const spec = parseOrThrow(
      workloadSchema,
      {
        ...canvassPeak,
        duration: undefined,
        startScale: 0,
        stages: [
          { duration: '10s', users: 3500 },
          { duration: '10s', users: 3500 },
        ],
      },
      'w.yaml',
    );
    const w = resolveWorkload(spec);
    const [visit, , health] = w.operations;
    expect(w.durationMs).toBe(20_000);
    expect(rateAt(w, visit!, 0)).toBe(0);
    expect(rateAt(w, visit!, 5_000)).toBeCloseTo(58.333 / 2, 2);
    expect(rateAt(w, visit!, 15_000)).toBeCloseTo(58.333, 2);
    expect(rateAt(w, health!, 5_000)).toBe(5);
    expect(rateAt(w, visit!, 20_000)).toBe(0);
    // 3500 users: visit 58.33 + read 11.67 + health 5 (fixed).
    expect(peakTotalRate(w)).toBeCloseTo(75, 6);
  });
});
