// What the preload reads off spans: query shapes without literals, stage self times (plain CommonJS).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { querySummary, stageTimes } = require('../preload/span-shapes.cjs') as {
  querySummary: (attributes: Record<string, unknown>) => string;
  stageTimes: (
    records: {
      id: string;
      parent?: string;
      kind: number;
      start: number;
      end: number;
      db?: string;
      http: boolean;
    }[],
  ) => Map<string, number>;
};

describe('query summary', () => {
  it('is operation + collection and never carries a literal', () => {
    expect(
      querySummary({ 'db.query.text': "SELECT * FROM trips WHERE user_id = 42 AND name = 'alice'" }),
    ).toBe('SELECT trips');
    expect(querySummary({ 'db.statement': 'insert into public.timeseries (a) values ($1)' })).toBe(
      'INSERT public.timeseries',
    );
    expect(
      querySummary({
        'db.operation.name': 'find',
        'db.collection.name': 'timeseries',
        'db.query.text': '{"user":"?"}',
      }),
    ).toBe('find timeseries');
    expect(querySummary({ 'db.query.text': "'; DROP TABLE x" })).toBe('unknown');
    expect(querySummary({ 'db.operation': "SELECT 'secret'", 'db.sql.table': "x'; --" })).toBe('unknown');
  });

  it('gives a text the same summary every time, and lets given attributes override what the text says', () => {
    const text = 'UPDATE "shop"."orders" SET paid = true WHERE id = $1';
    expect(querySummary({ 'db.query.text': text })).toBe('UPDATE shop.orders');
    expect(querySummary({ 'db.query.text': text })).toBe('UPDATE shop.orders');
    expect(querySummary({ 'db.query.text': text, 'db.operation.name': 'upsert' })).toBe('upsert shop.orders');
    expect(querySummary({ 'db.query.text': text, 'db.collection.name': 'ledger' })).toBe('UPDATE ledger');
  });
});

describe('stage self times', () => {
  it('splits a request into app, db and http self time; overlapping children are not double-counted', () => {
    const SERVER = 1;
    const CLIENT = 2;
    const times = stageTimes([
      { id: 'root', kind: SERVER, start: 0, end: 100, http: true },
      { id: 'q1', parent: 'root', kind: CLIENT, start: 10, end: 40, db: 'postgresql', http: false },
      { id: 'q2', parent: 'root', kind: CLIENT, start: 30, end: 50, db: 'postgresql', http: false },
      { id: 'call', parent: 'root', kind: CLIENT, start: 60, end: 80, http: true },
    ]);
    expect(Object.fromEntries(times)).toEqual({ app: 40, 'db:postgresql': 50, http: 20 });
  });
});
