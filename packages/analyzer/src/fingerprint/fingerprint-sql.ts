// SQL fingerprints by pt-query-digest's rules: literals → ?, IN (…)/VALUES (…) lists collapsed, comments
// dropped, whitespace and case folded. The same scanner yields the scrubbed sample shown in reports.
import { isWordChar, tokenize } from './sql-tokens.ts';

/** What one pass over a statement produces: the folded fingerprint and a readable scrubbed sample. */
export interface SqlShape {
  /** Lower-cased, comments dropped, literals → ?, `in (?+)` / `values (?+)` lists collapsed. */
  fingerprint: string;
  /** Case kept for readability, literals → ?, lists collapsed; never carries a literal. */
  sample: string;
}

/** Collapses `( ? , ? , … )` after IN/VALUES — and runs of such tuples after VALUES — into `(?+)`. */
function collapseLists(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    out.push(token);
    // Cheap length and first-letter checks before lower-casing: this runs for every token.
    const first = token.charCodeAt(0) | 32;
    if (
      !(
        (token.length === 2 && first === 105) ||
        (token.length === 6 && first === 118) ||
        (token.length === 3 && first === 97)
      )
    )
      continue;
    const word = token.toLowerCase();
    if (word !== 'in' && word !== 'values' && word !== 'any') continue;
    let j = i + 1;
    let tuples = 0;
    for (;;) {
      const end = literalTupleEnd(tokens, j);
      if (end === -1) break;
      tuples++;
      j = end + 1;
      if (word === 'values' && tokens[j] === ',' && literalTupleEnd(tokens, j + 1) !== -1) j++;
      else break;
    }
    if (tuples > 0) {
      out.push('(?+)');
      i = j - 1;
    }
  }
  return out;
}

/** Index of the ")" closing a "(" at `start` that holds only ?, commas and nested literal tuples; else -1. */
function literalTupleEnd(tokens: string[], start: number): number {
  if (tokens[start] !== '(') return -1;
  let depth = 0;
  for (let k = start; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === '(') depth++;
    else if (t === ')') {
      depth--;
      if (depth === 0) return k;
    } else if (t !== '?' && t !== ',' && t !== 'null' && t !== 'NULL' && t !== 'DEFAULT' && t !== 'default')
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
  const tokens = collapseLists(tokenize(sql));
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
  const tokens = collapseLists(tokenize(sql));
  // Two 32-bit FNV-1a lanes (JS bitwise operators are 32-bit), combined into a 53-bit safe integer.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const token of tokens) {
    for (let i = 0; i < token.length; i++) {
      let c = token.charCodeAt(i);
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
