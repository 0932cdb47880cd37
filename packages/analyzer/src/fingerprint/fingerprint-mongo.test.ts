import { describe, expect, it } from 'vitest';
import { shapeMongo } from './fingerprint-mongo.ts';

const fp = (command: unknown, collection?: string, op?: string) =>
  shapeMongo(JSON.stringify(command), collection, op)?.fingerprint;

describe('shapeMongo (mtools rules)', () => {
  it('replaces values, sorts keys and drops driver fields', () => {
    expect(fp({ find: '?', filter: { user_id: '?', day: '?' }, lsid: { id: '?' }, $db: '?' }, 'trips')).toBe(
      'trips.find {"filter":{"day":"?","user_id":"?"}}',
    );
  });

  it('collapses $in arrays of any length into one shape', () => {
    const a = fp({ find: '?', filter: { _id: { $in: ['?', '?'] } } }, 'users');
    const b = fp({ find: '?', filter: { _id: { $in: ['?', '?', '?', '?', '?'] } } }, 'users');
    expect(a).toBe('users.find {"filter":{"_id":{"$in":"?"}}}');
    expect(b).toBe(a);
  });

  it('keeps range operators as the shape and their bounds as ?', () => {
    expect(
      fp({ find: 'x', filter: { ts: { $lt: 1700000000, $gte: 1690000000 }, loc: 'home' } }, 'points'),
    ).toBe('points.find {"filter":{"loc":"?","ts":{"$gte":"?","$lt":"?"}}}');
  });

  it('keeps sort order and direction, and nested documents', () => {
    expect(
      fp(
        { find: '?', filter: { 'data.user': { id: 42, name: 'ann' } }, sort: { start_ts: -1, _id: 1 } },
        'trips',
      ),
    ).toBe('trips.find {"filter":{"data.user":{"id":"?","name":"?"}},"sort":{"start_ts":-1,"_id":1}}');
  });

  it('keeps aggregate pipeline stages in order', () => {
    expect(
      fp(
        {
          aggregate: '?',
          pipeline: [
            { $match: { user: '?', ts: { $gt: '?' } } },
            { $group: { _id: '$mode', n: { $sum: 1 } } },
            { $sort: { n: -1 } },
          ],
        },
        'trips',
      ),
    ).toBe(
      'trips.aggregate {"pipeline":[{"$match":{"ts":{"$gt":"?"},"user":"?"}},{"$group":{"_id":"?","n":{"$sum":"?"}}},{"$sort":{"n":-1}}]}',
    );
  });

  it('collapses repeated documents of an insert batch and $or branches of the same shape', () => {
    expect(
      fp({
        insert: 'points',
        documents: [
          { lat: 52.5, lon: 13.4 },
          { lat: 48.8, lon: 2.3 },
        ],
      }),
    ).toBe('points.insert {"documents":[{"lat":"?","lon":"?"}]}');
  });

  it('is undefined for text that is not a JSON command', () => {
    expect(shapeMongo('find trips', 'trips', 'find')).toBeUndefined();
    expect(shapeMongo('{"find": ', 'trips', 'find')).toBeUndefined();
  });
});
