import type { NormalizedSpan, Report } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { createTraceAnalysis } from '../analysis/analyze-traces.ts';
import { compareResults } from '../compare/compare-results.ts';
import { parseFailOn } from '../compare/fail-on-rules.ts';
import { renderComparisonMarkdown, renderComparisonText } from '../compare/render-comparison.ts';
import { craftTrace } from '../testing/crafted-traces.ts';
import { renderJson } from './render-json.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';

/** Values that must never leave loadlens: people's locations, tokens, e-mail addresses, ids. */
const LITERALS = [
  '52.520008',
  '13.404954',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'ann.doe@example.org',
  'c0ffee-token',
  '7421337',
  'Berlin-Mitte',
  "O'Hare",
];

function tracesWithLiterals(offsetMs: number, slow: number): NormalizedSpan[][] {
  const traces: NormalizedSpan[][] = [];
  for (let i = 0; i < 30; i++) {
    const t = craftTrace(offsetMs + i * 100);
    const root = t.server('GET', '/places', { at: 0, ms: 200 + slow });
    t.pg(
      root,
      "SELECT * FROM users WHERE email = 'ann.doe@example.org' AND token = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'",
      { at: 1, ms: 5 },
    );
    for (let k = 0; k < 6; k++)
      t.pg(
        root,
        `SELECT * FROM points WHERE lat BETWEEN 52.520008 AND 13.404954 AND user_id = 7421337 /* c0ffee-token */`,
        { at: 10 + k * 20, ms: 20 },
      );
    t.pg(root, "INSERT INTO visits (area, note) VALUES ('Berlin-Mitte', $$O'Hare$$), (-52.520008, 1e3)", {
      at: 130,
      ms: 10 + slow,
    });
    // A MongoDB command recorded with enhancedDatabaseReporting (values not scrubbed by the instrumentation).
    t.mongo(
      root,
      'places',
      'find',
      { find: 'places', filter: { loc: { $near: [52.520008, 13.404954] }, owner: 'ann.doe@example.org' } },
      { at: 145, ms: 30 },
    );
    // The same through pymongo's instrumentation: a Python repr, where a string with an apostrophe is
    // double-quoted (an identifier to a SQL scanner), and one it cannot read at all.
    t.pymongo(
      root,
      'places',
      `find {'owner': 'ann.doe@example.org', 'name': "O'Hare", 'loc': [52.520008, 13.404954], 'n': 7421337}`,
      { at: 176, ms: 1 },
    );
    t.pymongo(root, 'places', `find {'area': "Berlin-Mitte", 'token': b'c0ffee-token'`, { at: 178, ms: 1 });
    t.redis(root, 'GET session:sk_live_4eC39HqLyjWDarjtT1zdp7dc', { at: 180, ms: 2 });
    t.http(root, 'GET', 'geo.internal', { at: 185, ms: 3 });
    traces.push(t.spans());
    // A failed request whose database error and exception quote the values (errors findings name causes).
    const failed = craftTrace(offsetMs + i * 100 + 50);
    const post = failed.server('POST', '/visits', { at: 0, ms: 20 }, 500);
    const insert = failed.pg(post, "INSERT INTO visits (area) VALUES ('Berlin-Mitte')", { at: 1, ms: 5 });
    const spans = failed.spans();
    for (const span of spans) span.status = 'error';
    (spans.find((s) => s.spanId === insert) as NormalizedSpan).statusMessage =
      i % 2 === 0
        ? 'Key (area, owner)=(Berlin-Mitte, ann.doe@example.org) already exists.'
        : 'invalid input syntax for type integer: "c0ffee-token"';
    (spans.find((s) => s.spanId === post) as NormalizedSpan).events.push({
      name: 'exception',
      timeNs: 0,
      attributes: {
        'exception.type': 'Error',
        'exception.message': "no place O'Hare at 52.520008, 13.404954 (7421337)",
      },
    });
    traces.push(spans);
  }
  return traces;
}

function report(offsetMs: number, slow: number): Report {
  const a = createTraceAnalysis({
    source: { kind: 'otlp-file', location: 'x.jsonl' },
    thresholds: { slowQueryMs: 1 },
  });
  for (const t of tracesWithLiterals(offsetMs, slow)) a.addTrace(t);
  return a.finish();
}

describe('no query literal reaches any output', () => {
  it('holds for the text, Markdown and JSON reports and for comparisons', () => {
    const base = report(0, 0);
    const head = report(10_000, 40);
    const comparison = compareResults(
      { kind: 'report', file: 'base.json', report: base },
      { kind: 'report', file: 'head.json', report: head },
      parseFailOn('p95:+1%,new-findings'),
    );
    const outputs = [
      renderText(base, { top: 50 }),
      renderMarkdown(base, { top: 50 }),
      renderJson(base),
      renderComparisonText(comparison),
      renderComparisonMarkdown(comparison),
      JSON.stringify(comparison),
    ];
    // The analysis did see these statements: shapes and findings exist for them.
    expect(base.queries.map((q) => q.system).sort()).toEqual([
      'mongodb',
      'mongodb',
      'mongodb',
      'postgresql',
      'postgresql',
      'postgresql',
      'postgresql',
      'redis',
    ]);
    expect(base.findings.map((f) => f.kind)).toContain('n-plus-one');
    expect(
      base.findings
        .filter((f) => f.kind === 'errors')
        .map((f) => f.title)
        .sort(),
    ).toEqual([
      '50 % of POST /visits fail (HTTP 500: Key (area, owner)=(?) already exists.)',
      '50 % of POST /visits fail (HTTP 500: invalid input syntax for type integer: "?")',
    ]);
    for (const output of outputs) for (const literal of LITERALS) expect(output).not.toContain(literal);
  });
});
