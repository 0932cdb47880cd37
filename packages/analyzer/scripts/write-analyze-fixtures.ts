// Writes the small OTLP JSON fixtures the analyze/compare CLI tests (and the Deno test) read:
// test/fixtures/trips-base.jsonl (trip list in one query) and trips-head.jsonl (the same route with an N+1).
// Run: node packages/analyzer/scripts/write-analyze-fixtures.ts
import { writeFileSync } from 'node:fs';
import { craftTrace } from '../src/testing/crafted-traces.ts';
import { otlpJsonLine } from '../src/testing/otlp-json-lines.ts';

function fixture(nPlusOne: boolean, offsetMs: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const t = craftTrace(offsetMs + i * 250);
    // Deterministic jitter so the histograms are distributions, not single values.
    const jitter = (i * 7) % 5;
    const root = t.server('GET', '/users/:id/trips', { at: 0, ms: nPlusOne ? 150 + jitter : 30 + jitter });
    t.pg(root, `SELECT id FROM trips WHERE user_id = ${1000 + i} AND token = 'tok_${i}_secret'`, {
      at: 1,
      ms: 4,
    });
    if (nPlusOne)
      for (let k = 0; k < 6; k++)
        t.pg(root, `SELECT * FROM points WHERE trip_id = ${k + i * 10} AND lat > 52.520008`, {
          at: 5 + k * 22,
          ms: 22,
        });
    else
      t.pg(root, `SELECT * FROM points WHERE trip_id IN (${i}, ${i + 1}, ${i + 2}) AND lat > 52.520008`, {
        at: 5,
        ms: 22,
      });
    const r = craftTrace(offsetMs + i * 250 + 100);
    const report = r.server('GET', '/report', { at: 0, ms: 50 + jitter });
    r.pg(report, "SELECT mode, count(*) FROM trips WHERE day >= '2026-01-01' GROUP BY mode", {
      at: 5,
      ms: 40,
    });
    lines.push(otlpJsonLine([...t.spans(), ...r.spans()]));
  }
  return `${lines.join('\n')}\n`;
}

const dir = new URL('../test/fixtures/', import.meta.url);
writeFileSync(new URL('trips-base.jsonl', dir), fixture(false, 0));
writeFileSync(new URL('trips-head.jsonl', dir), fixture(true, 60_000));
