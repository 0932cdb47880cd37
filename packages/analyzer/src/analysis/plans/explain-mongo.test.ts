import { describe, expect, it } from 'vitest';
import { shapeMongo } from '../../fingerprint/fingerprint-mongo.ts';
import { isFullScan, mongoIndexFields, parseMongoFingerprint } from './explain-mongo.ts';
import { indexFields } from './index-advice.ts';

describe('MongoDB index advice from a fingerprint', () => {
  const fingerprint = shapeMongo(
    JSON.stringify({
      find: '?',
      filter: { 'data.ts': { $gte: '?', $lt: '?' }, user_id: '?', mode: { $in: ['?', '?'] } },
      sort: { 'data.ts': -1 },
    }),
    'timeseries',
    'find',
  )!.fingerprint;

  it('reads the collection, filter and sort back from the fingerprint', () => {
    expect(parseMongoFingerprint(fingerprint)).toEqual({
      collection: 'timeseries',
      filter: { 'data.ts': { $gte: '?', $lt: '?' }, mode: { $in: '?' }, user_id: '?' },
      sort: { 'data.ts': -1 },
    });
    expect(parseMongoFingerprint('timeseries.aggregate {"pipeline":[]}')).toBeUndefined();
  });

  it('orders index fields equality first, then sort, then range (ESR)', () => {
    const parsed = parseMongoFingerprint(fingerprint)!;
    const fields = mongoIndexFields(parsed.filter, parsed.sort);
    expect(fields).toEqual({ equality: ['mode', 'user_id'], sort: ['data.ts'], range: ['data.ts'] });
    expect(indexFields(fields.equality, fields.sort, fields.range)).toEqual(['mode', 'user_id', 'data.ts']);
  });
});

describe('isFullScan', () => {
  it('reads MongoDB winning plans and FerretDB SQL plan lines', () => {
    expect(isFullScan({ winningPlan: { stage: 'SORT', inputStage: { stage: 'COLLSCAN' } } })).toBe(true);
    expect(
      isFullScan({
        winningPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN' } },
        rejectedPlans: [{ stage: 'COLLSCAN' }],
      }),
    ).toBe(false);
    expect(isFullScan({ Plan: ['id=2 parent=0 notused=0 detail=SCAN timeseries_3f6dd541'] })).toBe(true);
    // FerretDB on its PostgreSQL backend: the backend's plan node.
    expect(isFullScan({ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'timeseries_3f6dd541' } })).toBe(
      true,
    );
    expect(isFullScan({ Plan: { 'Node Type': 'Index Scan', 'Relation Name': 'timeseries_3f6dd541' } })).toBe(
      false,
    );
    expect(
      isFullScan({
        Plan: ['id=3 parent=0 notused=0 detail=SEARCH timeseries_3f6dd541 USING INDEX ts_1 (ts>?)'],
      }),
    ).toBe(false);
  });
});
