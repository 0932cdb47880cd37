import type { NormalizedSpan } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { stageOf } from './stage-of.ts';

const span = (name: string, kind: NormalizedSpan['kind'], attributes: NormalizedSpan['attributes']) =>
  ({ name, kind, attributes }) as NormalizedSpan;

describe('stageOf', () => {
  it('counts a pool checkout as waiting, whichever instrumentation names it', () => {
    for (const name of [
      'pg-pool.connect',
      'generic-pool.acquire',
      'mysql.pool.getConnection',
      'pool.acquire',
    ])
      expect(stageOf(span(name, 'client', { 'db.system.name': 'postgresql' }), false)).toBe('queue');
  });

  it('puts queries in their database, outbound HTTP apart, and the rest in the app', () => {
    expect(stageOf(span('SELECT', 'client', { 'db.system.name': 'postgresql' }), false)).toBe(
      'db:postgresql',
    );
    expect(stageOf(span('GET', 'client', { 'http.request.method': 'GET' }), false)).toBe('http');
    expect(stageOf(span('render', 'internal', {}), false)).toBe('app');
    expect(stageOf(span('GET /x', 'server', {}), true)).toBe('proxy');
  });
});
