import { describe, expect, it } from 'vitest';
import { shapeMongo } from '../../fingerprint/fingerprint-mongo.ts';
import { queryShape } from '../../testing/query-shapes.ts';
import {
  explainMongo,
  type MongoDatabase,
  mongoIndexFields,
  parseMongoFingerprint,
} from './explain-mongo.ts';
import { indexFields } from './index-advice.ts';
import { isFullScan } from './mongo-plan.ts';

const fingerprint = shapeMongo(
  JSON.stringify({
    find: '?',
    filter: { 'data.ts': { $gte: '?', $lt: '?' }, user_id: '?', mode: { $in: ['?', '?'] } },
    sort: { 'data.ts': -1 },
  }),
  'timeseries',
  'find',
)!.fingerprint;

describe('MongoDB index advice from a fingerprint', () => {
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

/**
 * An in-memory stand-in for a MongoDB database with MongoDB's planner rule for these tests: a find reads
 * through an index whose first key the filter constrains (IXSCAN), else the whole collection (COLLSCAN).
 */
function memoryMongo(
  indexes: Array<Record<string, number>>,
  { plansWithIndexes = true } = {},
): MongoDatabase & { commands: string[] } {
  const named = new Map<string, Record<string, number>>(indexes.map((key, i) => [`index_${i}`, key]));
  const commands: string[] = [];
  return {
    commands,
    async command(command) {
      commands.push(Object.keys(command)[0] as string);
      if ('createIndexes' in command) {
        for (const ix of command.indexes as Array<{ key: Record<string, number>; name: string }>)
          named.set(ix.name, ix.key);
        return { ok: 1 };
      }
      if ('dropIndexes' in command) {
        named.delete(command.index as string);
        return { ok: 1 };
      }
      const filter = (command.explain as { filter: Record<string, unknown> }).filter;
      const used = plansWithIndexes
        ? [...named].find(([, key]) => (Object.keys(key)[0] as string) in filter)
        : undefined;
      return {
        queryPlanner: {
          winningPlan: used
            ? { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: used[0] } }
            : { stage: 'COLLSCAN' },
        },
      };
    },
    collection: () => ({
      estimatedDocumentCount: async () => 50_000,
      listIndexes: () => ({ toArray: async () => [...named.values()].map((key) => ({ key })) }),
    }),
  };
}

describe('explainMongo proves an index by building, explaining and dropping it', () => {
  const shape = queryShape({ id: 's', fingerprint, system: 'mongodb' });

  it('suggests the ESR index the planner reads through, and leaves the indexes as they were', async () => {
    const db = memoryMongo([{ _id: 1 }]);
    const { advice, rejected, plans } = await explainMongo(db, [shape]);
    expect(advice).toEqual([
      expect.objectContaining({
        index: 'db.timeseries.createIndex({ "mode": 1, "user_id": 1, "data.ts": -1 })',
        proof: {
          method: 'built and dropped',
          before: 'COLLSCAN on timeseries',
          after: 'FETCH > IXSCAN on timeseries',
        },
      }),
    ]);
    expect(rejected).toEqual([]);
    expect(plans).toEqual([expect.objectContaining({ shapeId: 's', access: 'full-scan' })]);
    expect(db.commands).toEqual(['explain', 'createIndexes', 'explain', 'dropIndexes']);
    expect((await db.collection('timeseries').listIndexes().toArray()).map((i) => i.key)).toEqual([
      { _id: 1 },
    ]);
  });

  it('never suggests an index the collection already has (listIndexes), nor builds one', async () => {
    // A planner that keeps its scan anyway (stale statistics, a hint): the index exists all the same.
    const db = memoryMongo([{ mode: 1, user_id: 1, 'data.ts': -1, extra: 1 }], { plansWithIndexes: false });
    const { advice, rejected } = await explainMongo(db, [shape]);
    expect(advice).toEqual([]);
    expect(rejected).toEqual([]);
    expect(db.commands).toEqual(['explain']);
  });

  it('says so when the built index leaves the plan a full scan', async () => {
    const db = memoryMongo([], { plansWithIndexes: false });
    const { advice, rejected } = await explainMongo(db, [shape]);
    expect(advice).toEqual([]);
    expect(rejected).toEqual([
      {
        shapeId: 's',
        index: 'db.timeseries.createIndex({ "mode": 1, "user_id": 1, "data.ts": -1 })',
        reason: "the server's plan still reads the whole collection (COLLSCAN on timeseries)",
      },
    ]);
    expect(db.commands).toEqual(['explain', 'createIndexes', 'explain', 'dropIndexes']);
  });
});
