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

  it('is undefined for text it cannot read', () => {
    expect(shapeMongo('{"find": ', 'trips', 'find')).toBeUndefined();
    expect(shapeMongo("find {'user_id': ", 'trips', undefined)).toBeUndefined();
    expect(shapeMongo('-- not a command', 'trips', undefined)).toBeUndefined();
  });
});

describe('shapeMongo on pymongo statements (command name, then the Python repr of its argument)', () => {
  const py = (text: string, collection = 'trips') => shapeMongo(text, collection, undefined)?.fingerprint;

  it('reads the repr: field names and operators stay, every value goes, keys sorted', () => {
    expect(py("find {'valid': True, 'trip_id': ObjectId('65f1c0ffee0123456789abcd')}", 'points')).toBe(
      'points.find {"filter":{"trip_id":"?","valid":"?"}}',
    );
    expect(py("find {'user_id': 42, 'deleted_at': None}")).toBe(
      'trips.find {"filter":{"deleted_at":"?","user_id":"?"}}',
    );
  });

  it('gives one shape to $in lists of any length and to dates however they print', () => {
    const a = py(
      "find {'day': {'$gte': datetime.datetime(2026, 11, 6, 0, 0), '$lt': datetime.datetime(2026, 11, 7, 0, 0)}, 'mode': {'$in': ['walk']}}",
    );
    const b = py(
      "find {'mode': {'$in': ['walk', 'bike', 'car', 'bus']}, 'day': {'$lt': datetime.datetime(2026, 11, 7, 13, 5, 9, 120000, tzinfo=FixedOffset(datetime.timedelta(0), 'UTC')), '$gte': datetime.datetime(2026, 11, 6, 0, 0)}}",
    );
    expect(a).toBe('trips.find {"filter":{"day":{"$gte":"?","$lt":"?"},"mode":{"$in":"?"}}}');
    expect(b).toBe(a);
  });

  it('never keeps a value: strings of either quote, bytes, Binary, Regex, re.compile', () => {
    const text =
      "find {'name': \"O'Brien\", 'token': b'\\x00secret\\'A', 'blob': Binary(b\"x'y\", 0), 'q': Regex('^an0', re.IGNORECASE), 'r': re.compile('x\\(y', re.I), 'n': -1.5e-3, 'x': nan}";
    const shape = py(text, 'users');
    expect(shape).toBe(
      'users.find {"filter":{"blob":"?","n":"?","name":"?","q":"?","r":"?","token":"?","x":"?"}}',
    );
    for (const secret of ['Brien', 'secret', 'an0', 'x(y', '1.5']) expect(shape).not.toContain(secret);
  });

  it('names the argument by command, keeps pipelines in order, and reads bare commands', () => {
    expect(py("aggregate [{'$match': {'user_id': 7}}, {'$group': {'_id': '$mode', 'n': {'$sum': 1}}}]")).toBe(
      'trips.aggregate {"pipeline":[{"$match":{"user_id":"?"}},{"$group":{"_id":"?","n":{"$sum":"?"}}}]}',
    );
    expect(
      py("update [{'q': {'_id': 1}, 'u': {'$set': {'mode': 'walk'}}, 'multi': False, 'upsert': False}]"),
    ).toBe('trips.update {"updates":[{"multi":"?","q":{"_id":"?"},"u":{"$set":{"mode":"?"}},"upsert":"?"}]}');
    // The instrumentation's default: the command name alone; the collection comes from the span.
    expect(py('find', 'points')).toBe('points.find');
    expect(py('getMore trips', 'trips')).toBe('trips.getMore');
    expect(shapeMongo('getMore trips', undefined, undefined)?.fingerprint).toBe('trips.getMore');
  });
});
