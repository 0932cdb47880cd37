// SQL fingerprints by pt-query-digest's rules: literals → ?, IN (…)/VALUES (…) lists collapsed, comments
// dropped, whitespace and case folded. The same scanner yields the scrubbed sample shown in reports.
import {
  isWord,
  isWordChar,
  LITERAL,
  OTHER,
  type SqlTokens,
  scanSql,
  tokenText,
  WORD,
} from './sql-tokens.ts';

/** What one pass over a statement produces: the folded fingerprint and a readable scrubbed sample. */
export interface SqlShape {
  /** Lower-cased, comments dropped, literals → ?, `in (?+)` / `values (?+)` lists collapsed. */
  fingerprint: string;
  /** Case kept for readability, literals → ?, lists collapsed; never carries a literal. */
  sample: string;
}

// Token indexes after collapsing, COLLAPSED standing for "(?+)"; shared like the token buffer.
const COLLAPSED = -1;
let kept = new Int32Array(256);
let keptCount = 0;

function keep(index: number): void {
  if (keptCount === kept.length) {
    const grown = new Int32Array(kept.length * 2);
    grown.set(kept);
    kept = grown;
  }
  kept[keptCount++] = index;
}

const isPunct = (t: SqlTokens, i: number, c: number) =>
  t.kind[i] === OTHER &&
  (t.end[i] as number) - (t.start[i] as number) === 1 &&
  t.sql.charCodeAt(t.start[i] as number) === c;

/** Collapses `( ? , ? , … )` after IN/VALUES/ANY — and runs of such tuples after VALUES — into `(?+)`. */
function collapseLists(t: SqlTokens): void {
  keptCount = 0;
  for (let i = 0; i < t.count; i++) {
    keep(i);
    // Only a word of 2, 3 or 6 letters can be IN, ANY or VALUES: the length first, then the letters.
    if (t.kind[i] !== WORD) continue;
    const length = (t.end[i] as number) - (t.start[i] as number);
    if (length !== 2 && length !== 3 && length !== 6) continue;
    const values = isWord(t, i, 'values');
    if (!values && !isWord(t, i, 'in') && !isWord(t, i, 'any')) continue;
    let j = i + 1;
    let tuples = 0;
    for (;;) {
      const end = literalTupleEnd(t, j);
      if (end === -1) break;
      tuples++;
      j = end + 1;
      if (values && isPunct(t, j, 44) && literalTupleEnd(t, j + 1) !== -1) j++;
      else break;
    }
    if (tuples > 0) {
      keep(COLLAPSED);
      i = j - 1;
    }
  }
}

/** Index of the ")" closing a "(" at `start` that holds only literals, commas, NULL/DEFAULT and nested tuples; else -1. */
function literalTupleEnd(t: SqlTokens, start: number): number {
  if (start >= t.count || !isPunct(t, start, 40)) return -1;
  let depth = 0;
  for (let k = start; k < t.count; k++) {
    if (isPunct(t, k, 40)) depth++;
    else if (isPunct(t, k, 41)) {
      depth--;
      if (depth === 0) return k;
    } else if (
      t.kind[k] !== LITERAL &&
      !isPunct(t, k, 44) &&
      !isWord(t, k, 'null') &&
      !isWord(t, k, 'default')
    )
      return -1;
  }
  return -1;
}

/** Words after which "(" opens a list or subquery, not a function call's arguments: keep a space. */
const SPACED_BEFORE_PAREN = new Set(['in', 'values', 'and', 'or', 'on', 'as', 'from', 'where', 'not', 'any']);

function join(tokens: string[]): string {
  const parts: string[] = [];
  let prev = '';
  for (const token of tokens) {
    const c = token.charCodeAt(0);
    const p = prev.charCodeAt(prev.length - 1);
    const tight =
      parts.length === 0 ||
      c === 44 || // ,
      c === 41 || // )
      token === '.' ||
      token === '::' ||
      prev === '(' ||
      prev === '.' ||
      prev === '::' ||
      (c === 40 && token.length === 1 && isWordChar(p) && !SPACED_BEFORE_PAREN.has(prev.toLowerCase()));
    if (!tight) parts.push(' ');
    parts.push(token);
    prev = token;
  }
  return parts.join('');
}

/**
 * The fingerprint and scrubbed sample of one SQL statement.
 * @example shapeSql("SELECT * FROM trips WHERE id IN (1, 2) -- x").fingerprint // "select * from trips where id in (?+)"
 */
export function shapeSql(sql: string): SqlShape {
  const t = scanSql(sql);
  collapseLists(t);
  const tokens: string[] = [];
  for (let k = 0; k < keptCount; k++) {
    const i = kept[k] as number;
    tokens.push(i === COLLAPSED ? '(?+)' : tokenText(t, i));
  }
  const sample = join(tokens);
  return { fingerprint: sample.toLowerCase(), sample };
}

/**
 * A number that is the same for two statements exactly when their fingerprints are the same (up to hash
 * collisions, ~2^-53 per pair): the hot path looks shapes up by it and builds fingerprint strings only
 * for shapes it has not seen. Hashes the collapsed tokens lower-cased, with a separator between them.
 * @example sqlShapeKey("SELECT 1") === sqlShapeKey("select 2") // true
 */
export function sqlShapeKey(sql: string): number {
  const t = scanSql(sql);
  collapseLists(t);
  // Two 32-bit FNV-1a lanes (JS bitwise operators are 32-bit), combined into a 53-bit safe integer.
  // Hashes straight from the statement's characters: no token strings are built.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  // The token columns in locals: this loop runs over every character of every statement of a run.
  const kinds = t.kind;
  const starts = t.start;
  const ends = t.end;
  for (let k = 0; k < keptCount; k++) {
    const i = kept[k] as number;
    if (i === COLLAPSED || kinds[i] === LITERAL) {
      // "?" and "(?+)" as two distinct one-character codes (never ASCII text).
      const c = i === COLLAPSED ? 0x1e : 0x1d;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    } else
      for (let p = starts[i] as number, to = ends[i] as number; p < to; p++) {
        let c = sql.charCodeAt(p);
        if (c >= 65 && c <= 90) c |= 32;
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      }
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** Just the fingerprint; see shapeSql. */
export function fingerprintSql(sql: string): string {
  return shapeSql(sql).fingerprint;
}
