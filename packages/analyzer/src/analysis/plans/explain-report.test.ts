import type { Finding, Report } from '@loadlens/types';
import { REPORT_SCHEMA } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { applyIndexAdvice } from './explain-report.ts';

const fingerprint = 'select * from timeseries where user_uuid = ? and key = any (?) and ts >= ? order by ts';

function reportWith(findings: Finding[]): Report {
  return {
    schema: REPORT_SCHEMA,
    generatedAt: '2026-01-01T00:00:00.000Z',
    source: { kind: 'store', location: 'run.db' },
    spanCount: 0,
    traceCount: 0,
    findings,
    routes: [],
    queries: [],
  };
}

const slow: Finding = {
  id: 'slow-query:1',
  kind: 'slow-query',
  severity: 'critical',
  title: 'One query shape takes 90 % of the work of POST /entries',
  route: 'POST /entries',
  fingerprint,
  evidence: [],
  impact: { msPerRequest: 250, share: 0.4 },
  suggestion: 'Check the plan.',
  sampleTraceIds: [],
};

describe('applyIndexAdvice', () => {
  it('names the missing index on the finding about the scanned shape and adds the plan as evidence', () => {
    const report = applyIndexAdvice(reportWith([slow]), [
      {
        shapeId: 'abc',
        fingerprint,
        system: 'postgresql',
        table: 'timeseries',
        scan: 'Seq Scan',
        rows: 176_800,
        equality: ['user_uuid', 'key'],
        sort: ['ts'],
        range: ['ts'],
        fields: ['user_uuid', 'key', 'ts'],
        index: 'CREATE INDEX ON timeseries (user_uuid, key, ts);',
      },
    ]);
    const [f] = report.findings;
    expect(f?.title).toBe(
      'Missing index on timeseries (user_uuid, key, ts): one query shape takes 90 % of the work of POST /entries',
    );
    expect(f?.suggestion).toMatch(/^Add an index: CREATE INDEX ON timeseries \(user_uuid, key, ts\);/);
    expect(f?.evidence).toContainEqual({
      label: 'plan: Seq Scan on timeseries',
      value: 176_800,
      unit: 'rows',
    });
  });

  it('leaves findings about other shapes alone', () => {
    const other = { ...slow, id: 'slow-query:2', fingerprint: 'select 1' };
    expect(applyIndexAdvice(reportWith([other]), []).findings[0]?.title).toBe(other.title);
  });
});
