import { describe, expect, it } from 'vitest';
import { fingerprintSql, shapeSql, sqlShapeKey } from './fingerprint-sql.ts';

describe('fingerprintSql (pt-query-digest rules)', () => {
  it.each([
    ["SELECT * FROM users WHERE email = 'ann@example.org'", 'select * from users where email = ?'],
    ["select * from t where name = 'O''Brien' and x = 'a\\'b'", 'select * from t where name = ? and x = ?'],
    ["SELECT $$it's 52.52$$, $tag$ 13.40 $x$ $tag$ FROM t", 'select ?, ? from t'],
    [
      'SELECT * FROM t WHERE a = -5 AND b = 3.14 AND c = 6.02e23 AND d = 1E-9',
      'select * from t where a = ? and b = ? and c = ? and d = ?',
    ],
    ['SELECT a - 5, b+2 FROM t', 'select a - ?, b + ? from t'],
    [
      'SELECT * FROM trips WHERE user_id = $1 AND day >= $2::date',
      'select * from trips where user_id = ? and day >= ?::date',
    ],
    ['SELECT * FROM t WHERE id IN (1, 2, 3)', 'select * from t where id in (?+)'],
    ['SELECT * FROM t WHERE id IN ($1,$2,$3,$4,$5,$6)', 'select * from t where id in (?+)'],
    [
      "INSERT INTO pts (lat, lon) VALUES (52.52, 13.40), (48.85, 2.35), (1, 'x')",
      'insert into pts(lat, lon) values (?+)',
    ],
    ['INSERT INTO pts (lat, lon) VALUES ($1, $2)', 'insert into pts(lat, lon) values (?+)'],
    ['SELECT /* user 42 */ id FROM t -- token abc\nWHERE x = 1', 'select id from t where x = ?'],
    ['  SeLeCt   ID\n\tFROM   Trips  ', 'select id from trips'],
    ['SELECT "Day", `col` FROM t WHERE z = ?', 'select "day", `col` from t where z = ?'],
    [
      "SELECT * FROM t WHERE tok = E'\\x41' OR b = X'0F' OR h = 0xFF",
      'select * from t where tok = ? or b = ? or h = ?',
    ],
    ['SELECT * FROM t WHERE id = ANY($1)', 'select * from t where id = any (?+)'],
    [
      'SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE v = 2)',
      'select * from t where id in (select id from u where v = ?)',
    ],
    ['SELECT count(*) FROM t LIMIT 10 OFFSET 20', 'select count(*) from t limit ? offset ?'],
    // Drivers' own placeholders: Python DB-API, Oracle/SQLAlchemy/SQLite, SQL Server.
    [
      "SELECT name FROM items WHERE order_id = %s AND status = 'open' AND kind IN (%s, %s)",
      'select name from items where order_id = ? and status = ? and kind in (?+)',
    ],
    ['SELECT * FROM t WHERE a = %(user_id)s AND b = %b', 'select * from t where a = ? and b = ?'],
    ['SELECT id % 2, a %sx FROM t', 'select id % ?, a % sx from t'],
    ['SELECT * FROM t WHERE a = :user_id AND b = :1', 'select * from t where a = ? and b = ?'],
    [
      'SELECT * FROM t WHERE a = @userId AND @@ROWCOUNT > 0',
      'select * from t where a = ? and @@ rowcount > ?',
    ],
    [
      "SELECT a::text FROM t WHERE tags @> ARRAY['x'] AND b <@ c",
      'select a::text from t where tags @> array [ ? ] and b <@ c',
    ],
    [
      "SELECT data->>'k', data -> 'a' FROM t WHERE x->'c' = ? AND y - 1 > 0",
      'select data ->> ?, data -> ? from t where x -> ? = ? and y - ? > ?',
    ],
  ])('%s', (input, expected) => {
    expect(fingerprintSql(input)).toBe(expected);
  });

  it('gives IN lists of different lengths and different literals one fingerprint', () => {
    const a = fingerprintSql("SELECT * FROM trips WHERE user_id IN (1,2) AND city = 'Berlin'");
    const b = fingerprintSql("select * from trips where user_id in (7, 8, 9, 10) and city = 'Paris'");
    expect(a).toBe(b);
  });

  it('keeps case in the sample and never a literal', () => {
    const { sample } = shapeSql("SELECT lat FROM points WHERE token = 'sk_live_9f8e' AND lat > 52.5163");
    expect(sample).toBe('SELECT lat FROM points WHERE token = ? AND lat > ?');
  });

  it('survives an unterminated string or comment without leaking the rest', () => {
    expect(fingerprintSql("SELECT 'secret")).toBe('select ?');
    expect(fingerprintSql('SELECT 1 /* secret')).toBe('select ?');
  });
});

describe('sqlShapeKey', () => {
  it('is equal exactly when the fingerprints are', () => {
    const statements = [
      'SELECT * FROM t WHERE a = 1',
      "select * from T where A = 'x'",
      'SELECT * FROM t WHERE a = 1 AND b = 2',
      'SELECT * FROM t WHERE a IN (1,2,3)',
      'SELECT * FROM t WHERE a IN (4)',
      'SELECT * FROM u WHERE a = 1',
      'SELECT count(*) FROM t',
      'SELECT count (*) FROM t',
    ];
    for (const a of statements)
      for (const b of statements)
        expect(sqlShapeKey(a) === sqlShapeKey(b)).toBe(fingerprintSql(a) === fingerprintSql(b));
  });
});
