// The CREATE INDEX statement of a candidate, with identifiers quoted the way PostgreSQL needs them: ORMs
// name columns in camelCase ("articleId"), which an unquoted name would fold to lower case.
import type { IndexCandidate } from './index-candidates.ts';

/** PostgreSQL's reserved key words: a column named like one ("user", "order") must be quoted. */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable ' +
    'desc distinct do else end except false fetch for foreign from grant group having in initially intersect ' +
    'into lateral leading limit localtime localtimestamp not null offset on only or order placing primary ' +
    'references returning select session_user some symmetric system_user table then to trailing true union ' +
    'unique user using variadic when where window with'
  ).split(' '),
);

/** @example quoteIdent('articleId') // '"articleId"'; quoteIdent('slug') // 'slug' */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A field as SQL: a column quoted as needed, or an expression `fn(col)` with its column quoted. */
export function fieldSql(field: string): string {
  const m = /^(\w+)\((.+)\)$/.exec(field);
  return m ? `${m[1]}(${quoteIdent(m[2] as string)})` : quoteIdent(field);
}

/** One element of CREATE INDEX's column list: an expression goes in parentheses. */
function element(field: string): string {
  return field.includes('(') ? `(${fieldSql(field)})` : fieldSql(field);
}

/**
 * The statement that creates the candidate; `name` only for the proof's throw-away copy (the advice
 * leaves naming to PostgreSQL).
 * @example createIndexSql({ table: 'comment', method: 'btree', fields: ['articleId'], descending: [] }) // 'CREATE INDEX ON comment ("articleId");'
 */
export function createIndexSql(c: IndexCandidate, name?: string): string {
  const on = `${name === undefined ? '' : `${name} `}ON ${quoteIdent(c.table)}`;
  if (c.method === 'trigram')
    return `CREATE INDEX ${on} USING gin (${c.fields.map((f) => `${element(f)} gin_trgm_ops`).join(', ')});`;
  if (c.method === 'gin') return `CREATE INDEX ${on} USING gin (${c.fields.map(element).join(', ')});`;
  const cols = c.fields.map((f) => `${element(f)}${c.descending.includes(f) ? ' DESC' : ''}`);
  return `CREATE INDEX ${on} (${cols.join(', ')});`;
}

/** What the user runs: the trigram operator class needs its extension first. */
export function adviceSql(c: IndexCandidate): string {
  const create = createIndexSql(c);
  return c.method === 'trigram' ? `CREATE EXTENSION IF NOT EXISTS pg_trgm; ${create}` : create;
}
