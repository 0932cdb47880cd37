import type { NormalizedSpan } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { scrubMessage } from '../fingerprint/scrub-message.ts';
import { craftTrace } from '../testing/crafted-traces.ts';
import { createTraceAnalysis } from './analyze-traces.ts';

/** Marks a span failed the way instrumentations do: status message, or an exception event. */
function fail(spans: NormalizedSpan[], id: string, how: { status?: string; exception?: [string, string] }) {
  const span = spans.find((s) => s.spanId === id) as NormalizedSpan;
  span.status = 'error';
  if (how.status) span.statusMessage = how.status;
  if (how.exception)
    span.events.push({
      name: 'exception',
      timeNs: span.startNs,
      attributes: { 'exception.type': how.exception[0], 'exception.message': how.exception[1] },
    });
}

describe('errors findings name their cause', () => {
  it('groups failed requests by the failing span’s database error or exception, values removed', () => {
    const a = createTraceAnalysis({ source: { kind: 'otlp-file', location: 'x.jsonl' } });
    for (let i = 0; i < 10; i++) {
      const t = craftTrace(i * 100);
      const failing = i < 3 ? 'unique' : i < 5 ? 'syntax' : 'ok';
      const root = t.server('POST', '/users', { at: 0, ms: 10 }, failing === 'ok' ? 201 : 500);
      const q = t.pg(root, `INSERT INTO users (email) VALUES ('user${i}@example.org')`, { at: 1, ms: 2 });
      const spans = t.spans();
      if (failing === 'unique')
        fail(spans, q, { status: 'duplicate key value violates unique constraint "users_email_key"' });
      if (failing === 'syntax')
        fail(spans, root, { exception: ['error', `invalid input syntax for type integer: "user${i}"`] });
      // A handler's own exception keeps its type: it names the failure when the message is vague.
      if (i === 9) fail(spans, root, { exception: ['TypeError', `cannot read "user${i}"`] });
      a.addTrace(spans);
    }
    const errors = a.finish().findings.filter((f) => f.kind === 'errors');
    expect(errors.map((f) => f.title).sort()).toEqual([
      '10 % of POST /users fail (error status: TypeError: cannot read "?")',
      '20 % of POST /users fail (HTTP 500: invalid input syntax for type integer: "?")',
      '30 % of POST /users fail (HTTP 500: duplicate key value violates unique constraint "users_email_key")',
    ]);
    const unique = errors.find((f) => f.title.includes('unique')) ?? errors[0];
    expect(unique?.evidence).toContainEqual({
      label: 'cause',
      value: 'duplicate key value violates unique constraint "users_email_key"',
    });
    expect(JSON.stringify(errors)).not.toMatch(/user\d/);
  });
});

describe('scrubMessage', () => {
  it.each([
    [
      'duplicate key value violates unique constraint "users_email_key"',
      'duplicate key value violates unique constraint "users_email_key"',
    ],
    ['Key (email)=(ada@example.org) already exists.', 'Key (email)=(?) already exists.'],
    [
      'null value in column "slug" of relation "article" violates not-null constraint',
      'null value in column "slug" of relation "article" violates not-null constraint',
    ],
    ['Failing row contains (7, null, 2026-01-01).', 'Failing row contains (?).'],
    ['invalid input syntax for type uuid: "0000-bad"', 'invalid input syntax for type uuid: "?"'],
    ['column "x" does not exist at \'Berlin\' near 52.52', 'column "x" does not exist at ? near ?'],
    [
      'E11000 duplicate key error collection: app.users index: email_1 dup key: { email: "ada@example.org" }',
      'E11000 duplicate key error collection: app.users index: email_1 dup key: { ? }',
    ],
    ['User 3f2b8c1e-1111-4222-8333-944455556666 has no trip 123\nstack…', 'User ? has no trip ?'],
  ])('%s', (message, scrubbed) => {
    expect(scrubMessage(message)).toBe(scrubbed);
  });
});
