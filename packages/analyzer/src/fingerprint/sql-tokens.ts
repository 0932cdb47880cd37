// The SQL scanner behind fingerprints: splits a statement into tokens, every literal becoming "?" and
// every comment dropped. Tokens go into preallocated typed arrays (kind, start, end) rather than an array
// of substrings: the scanner runs for every database span on the analyze hot path, and most statements
// only need hashing (fingerprint-sql.ts builds strings only for shapes it has not seen).

const isDigit = (c: number) => c >= 48 && c <= 57;
// ASCII characters that continue a word (digits, letters, "_", "$"): one table load per character in the
// scanner's hottest loop instead of a chain of range tests. Every non-ASCII character continues a word.
const WORD_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  WORD_CHARS[c] =
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 ? 1 : 0;
export const isWordChar = (c: number) => c > 127 || WORD_CHARS[c] === 1;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
/** Characters after which a following "-"/"+" is a binary operator, not a sign: word, quote, "?", ")", "]". */
const endsOperand = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 95 ||
  c === 34 ||
  c === 96 ||
  c === 63 ||
  c === 41 ||
  c === 93;

/** An identifier or keyword: its text is sql[start, end). */
export const WORD = 0;
/** A literal of any kind (string, number, $n, ?, a driver's placeholder): its text is "?". */
export const LITERAL = 1;
/** Punctuation, operators, quoted identifiers: text sql[start, end). */
export const OTHER = 2;

export interface SqlTokens {
  sql: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
}

// One shared, growing buffer: scanning is synchronous and every caller consumes the tokens before the
// next scan, so no statement ever allocates its own.
const tokens: SqlTokens = {
  sql: '',
  count: 0,
  kind: new Uint8Array(256),
  start: new Int32Array(256),
  end: new Int32Array(256),
};

function push(kind: number, start: number, end: number): void {
  if (tokens.count === tokens.kind.length) {
    const size = tokens.count * 2;
    const k = new Uint8Array(size);
    k.set(tokens.kind);
    const s = new Int32Array(size);
    s.set(tokens.start);
    const e = new Int32Array(size);
    e.set(tokens.end);
    tokens.kind = k;
    tokens.start = s;
    tokens.end = e;
  }
  tokens.kind[tokens.count] = kind;
  tokens.start[tokens.count] = start;
  tokens.end[tokens.count] = end;
  tokens.count++;
}

/** The text of token i: "?" for literals. */
export function tokenText(t: SqlTokens, i: number): string {
  return t.kind[i] === LITERAL ? '?' : t.sql.slice(t.start[i], t.end[i]);
}

/** True when token i is `word` (lower-case ASCII), compared case-insensitively without allocating. */
export function isWord(t: SqlTokens, i: number, word: string): boolean {
  if (t.kind[i] !== WORD) return false;
  const start = t.start[i] as number;
  if ((t.end[i] as number) - start !== word.length) return false;
  for (let k = 0; k < word.length; k++)
    if ((t.sql.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

function lengthOf(i: number): number {
  return (tokens.end[i] as number) - (tokens.start[i] as number);
}

function charOf(i: number): number {
  return tokens.sql.charCodeAt(tokens.start[i] as number);
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Where a driver's bind placeholder that starts at `i` ends, or `i` when none starts there. Statements
 * reach spans with their placeholders unbound, in the driver's own syntax: `%s` / `%(name)s` (Python
 * DB-API: psycopg, PyMySQL, mysqlclient), `:name` / `:1` (Oracle, SQLAlchemy, SQLite) and `@name`
 * (SQL Server, .NET). Each is a value like `$1` or `?`. What stays an operator: `%` before anything
 * else (modulo), `::` (PostgreSQL's cast), `@@`, `@>` and `<@`.
 */
function driverPlaceholderEnd(sql: string, i: number, c: number): number {
  const d = sql.charCodeAt(i + 1);
  if (c === 37) {
    if (d === 40) {
      const close = sql.indexOf(')', i + 2);
      if (close === -1 || !isLetter(sql.charCodeAt(close + 1))) return i;
      for (let k = i + 2; k < close; k++) if (!isWordChar(sql.charCodeAt(k))) return i;
      return close + 2;
    }
    // %s, plus psycopg's %b (binary) and %t (text); a longer word after "%" is modulo by a column.
    return (d === 115 || d === 98 || d === 116) && !isWordChar(sql.charCodeAt(i + 2)) ? i + 2 : i;
  }
  if ((c === 58 || c === 64) && sql.charCodeAt(i - 1) !== c) {
    if (!(isLetter(d) || (c === 58 && isDigit(d)))) return i;
    let j = i + 2;
    while (j < sql.length && isWordChar(sql.charCodeAt(j))) j++;
    return j;
  }
  return i;
}

/**
 * Scans a statement into the shared token buffer (valid until the next scan), every literal (string,
 * dollar-quoted string, number, `$1` parameter, `?`) one LITERAL token, comments dropped. Hand-rolled
 * rather than a chain of regexes: it runs for every database span, and regexes cannot tell a quote
 * inside a comment from a quote that opens a string.
 */
export function scanSql(sql: string): SqlTokens {
  tokens.sql = sql;
  tokens.count = 0;
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    // A letter (or "_", or non-ASCII) can only start a word: none of the cases below begins with one,
    // so words — half the tokens — skip the chain of tests.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127) {
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      push(WORD, i, j);
      i = j;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    // -- line comment, # line comment (MySQL)
    if ((c === 45 && sql.charCodeAt(i + 1) === 45) || c === 35) {
      while (i < n && sql.charCodeAt(i) !== 10) i++;
      continue;
    }
    // /* block comment */ (optimizer hints included: they may carry literals too)
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    // 'string' with '' or \' escapes; E'…', N'…', X'…', B'…' prefixes fold into the same literal
    if (c === 39) {
      i++;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 39) {
          if (sql.charCodeAt(i + 1) === 39) i += 2;
          else break;
        } else i++;
      }
      i++;
      // E'…' (escapes), N'…' (national), X'…'/B'…' (bit strings): the prefix belongs to the literal.
      const prev = tokens.count - 1;
      if (
        prev >= 0 &&
        tokens.kind[prev] === WORD &&
        lengthOf(prev) === 1 &&
        'ENXBenxb'.includes(String.fromCharCode(charOf(prev)))
      )
        tokens.count--;
      push(LITERAL, i, i);
      continue;
    }
    // "quoted identifier" or `identifier`: kept, since it names a column or table, not a value
    if (c === 34 || c === 96) {
      const end = sql.indexOf(String.fromCharCode(c), i + 1);
      const stop = end === -1 ? n : end + 1;
      push(OTHER, i, stop);
      i = stop;
      continue;
    }
    // $1 parameter or $tag$ … $tag$ dollar-quoted string
    if (c === 36) {
      let j = i + 1;
      if (isDigit(sql.charCodeAt(j))) {
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        push(LITERAL, i, j);
        i = j;
        continue;
      }
      while (j < n && isWordChar(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 36) j++;
      if (sql.charCodeAt(j) === 36) {
        const tag = sql.slice(i, j + 1);
        const end = sql.indexOf(tag, j + 1);
        i = end === -1 ? n : end + tag.length;
        push(LITERAL, i, i);
        continue;
      }
    }
    // numbers: 42, 4.2, .5, 1e-3, 0x1F; a leading minus is folded below when it follows an operator
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i;
      if (c === 48 && (sql.charCodeAt(i + 1) | 32) === 120) {
        j += 2;
        while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      } else {
        while (j < n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
        if ((sql.charCodeAt(j) | 32) === 101) {
          const k = j + 1 + (sql.charCodeAt(j + 1) === 45 || sql.charCodeAt(j + 1) === 43 ? 1 : 0);
          if (isDigit(sql.charCodeAt(k))) {
            j = k;
            while (j < n && isDigit(sql.charCodeAt(j))) j++;
          }
        }
      }
      // "-5" is one literal when the minus is a sign: after an operator, "(", ",", or at the start.
      const prev = tokens.count - 1;
      const before = tokens.count - 2;
      if (
        prev >= 0 &&
        tokens.kind[prev] === OTHER &&
        lengthOf(prev) === 1 &&
        (charOf(prev) === 45 || charOf(prev) === 43) &&
        (before < 0 || (tokens.kind[before] !== LITERAL && !endsOperand(charOf(before))))
      )
        tokens.count--;
      push(LITERAL, i, j);
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      push(WORD, i, j);
      i = j;
      continue;
    }
    const placeholderEnd = driverPlaceholderEnd(sql, i, c);
    if (placeholderEnd > i) {
      push(LITERAL, i, placeholderEnd);
      i = placeholderEnd;
      continue;
    }
    // ? placeholder, operators and punctuation; keep two-char operators together: <= >= <> != :: || @> <@ @@,
    // and JSON's -> ->> (split, "data - > > ?" would not parse again when the sample is EXPLAINed; #> is
    // not among them: "#" starts a MySQL comment, read above)
    if (c === 63) {
      push(LITERAL, i, i + 1);
      i++;
      continue;
    }
    const d = sql.charCodeAt(i + 1);
    if (c === 45 && d === 62) {
      const end = sql.charCodeAt(i + 2) === 62 ? i + 3 : i + 2;
      push(OTHER, i, end);
      i = end;
      continue;
    }
    if (
      ((c === 60 || c === 62 || c === 33) && d === 61) ||
      (c === 60 && d === 62) ||
      (c === 58 && d === 58) ||
      (c === 124 && d === 124) ||
      (c === 64 && (d === 62 || d === 64)) ||
      (c === 60 && d === 64)
    ) {
      push(OTHER, i, i + 2);
      i += 2;
      continue;
    }
    push(OTHER, i, i + 1);
    i++;
  }
  return tokens;
}
