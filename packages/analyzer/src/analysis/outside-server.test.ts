import { craftRun, spread } from '@loadlens/run-stats/testing';
import type { NormalizedSpan } from '@loadlens/types';
import { reportSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { craftTrace } from '../testing/crafted-traces.ts';
import { createTraceAnalysis } from './analyze-traces.ts';
import { routeKey } from './outside-server.ts';

const source = { kind: 'otlp-file', location: 'spans.jsonl' } as const;

describe('routeKey', () => {
  it('matches a workload path with a server route whatever their parameter syntax', () => {
    const key = routeKey('GET', '/customers/{id}/orders');
    expect(routeKey('get', '/customers/<int:cid>/orders')).toBe(key);
    expect(routeKey('GET', '/customers/:customerId/orders/')).toBe(key);
    expect(routeKey('GET', '/customers/[id]/orders?expand=items')).toBe(key);
    expect(routeKey('POST', '/customers/{id}/orders')).not.toBe(key);
    expect(routeKey('GET', '/customers/42/orders')).not.toBe(key);
  });
});

describe('outside-server with a run result', () => {
  /** The client saw ~45 ms per request; the server's spans took `serverMs` each. */
  function report(serverMs: number) {
    const run = craftRun([{ rate: 10, latenciesMs: spread(100, 44, 47) }]);
    const analysis = createTraceAnalysis({ source, run });
    for (let i = 0; i < 20; i++) {
      const t = craftTrace(i * 400);
      const root = t.server('GET', '/trips', { at: 0, ms: serverMs });
      t.pg(root, 'SELECT * FROM trips WHERE user_id = $1', { at: 0.2, ms: serverMs / 2 });
      analysis.addTrace(t.spans() as NormalizedSpan[]);
    }
    return reportSchema.parse(analysis.finish());
  }

  it('flags the time no span covers: the client saw 45.5 ms, the server 2 ms', () => {
    const finding = report(2).findings.find((f) => f.kind === 'outside-server');
    expect(finding).toMatchObject({
      title: "44 ms of each request on GET /trips is spent outside the server's spans",
      route: 'GET /trips',
    });
    expect(finding?.impact.msPerRequest).toBeCloseTo(43.5, 0);
    expect(finding?.evidence).toContainEqual({ label: 'server span p50', value: 2, unit: 'ms' });
  });

  it('stays quiet when the server spans explain what the client saw', () => {
    expect(report(42).findings.map((f) => f.kind)).not.toContain('outside-server');
  });
});
