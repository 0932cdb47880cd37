// Reads the conditions PostgreSQL prints in a plan (Filter, Index Cond, Hash Cond, Merge Cond, Join
// Filter) back into comparisons of columns. The planner deparses them in one regular form —
// `((a.slug = $1) AND ("Article__comments"."articleId" = a.id))`, casts as `(col)::text`, identifiers
// quoted only when they need it — so a small tokenizer reads them; no SQL parser is needed.
import { closing, splitTop, stripCasts, type Token, tokenize, unwrap } from './plan-tokens.ts';

/** A column, or an expression over one column (`lower(name)`), of one table in the plan. */
export interface ColumnRef {
  /** The alias that qualified it in the plan, when one did. */
  alias: string | undefined;
  /** The column's name as stored (`articleId`), or the expression with its column unquoted. */
  field: string;
  /** True for an expression over the column (only an expression index serves it). */
  expression: boolean;
}

export type ComparisonKind = 'equality' | 'range' | 'pattern' | 'containment';

/** One conjunct of a condition: `left op right`, sides as column references when they are one. */
export interface Comparison {
  kind: ComparisonKind;
  left: ColumnRef | undefined;
  right: ColumnRef | undefined;
  /** The side that is not a column: parameters, constants, other expressions. */
  leftOther: boolean;
  rightOther: boolean;
}

const isName = (t: Token | undefined) => t !== undefined && (t.t === 'ident' || t.t === 'word');

/** A column reference, or a function of exactly one column with nothing else variable in it. */
function columnOf(tokens: Token[]): ColumnRef | undefined {
  const ts = stripCasts(tokens);
  const only = ts.length === 1 ? ts[0] : undefined;
  if (only?.t === 'ident' || (only?.t === 'word' && !RESERVED_VALUES.has(only.v.toLowerCase())))
    return { alias: undefined, field: only.v, expression: false };
  if (ts.length === 3 && isName(ts[0]) && ts[1]?.v === '.' && isName(ts[2]))
    return { alias: ts[0]?.v, field: (ts[2] as Token).v, expression: false };
  // fn(col) / fn((col)::text): an expression an expression index can hold.
  if (ts.length >= 3 && ts[0]?.t === 'word' && ts[1]?.v === '(' && closing(ts, 1) === ts.length - 1) {
    const args = splitTop(ts.slice(2, -1), (t) => t.v === ',');
    if (args.length !== 1) return undefined;
    const inner = columnOf(args[0] as Token[]);
    if (inner === undefined || inner.expression) return undefined;
    return { alias: inner.alias, field: `${ts[0].v.toLowerCase()}(${inner.field})`, expression: true };
  }
  return undefined;
}

/** Words that are values, not columns, when they stand alone. */
const RESERVED_VALUES = new Set([
  'null',
  'true',
  'false',
  'current_date',
  'current_timestamp',
  'now',
  'any',
  'all',
]);

const KIND_OF_OPERATOR: Record<string, ComparisonKind> = {
  '=': 'equality',
  '<': 'range',
  '>': 'range',
  '<=': 'range',
  '>=': 'range',
  '~~': 'pattern',
  '~~*': 'pattern',
  '~': 'pattern',
  '~*': 'pattern',
  '@>': 'containment',
  '<@': 'containment',
  '&&': 'containment',
  '?': 'containment',
  '?|': 'containment',
  '?&': 'containment',
};

/**
 * The comparisons of a plan condition that an index could serve, one per top-level AND conjunct;
 * OR-ed conjuncts, IS NULL tests and `<>` (no index serves "everything but") are left out.
 * @example comparisons('((slug = $1) AND (c."articleId" = a.id))')
 */
export function comparisons(condition: string | undefined): Comparison[] {
  if (condition === undefined || condition === '') return [];
  const out: Comparison[] = [];
  const conjuncts = splitTop(unwrap(tokenize(condition)), (t) => t.t === 'word' && t.v === 'AND');
  for (const raw of conjuncts) {
    const c = unwrap(raw);
    if (splitTop(c, (t) => t.t === 'word' && t.v === 'OR').length > 1) continue;
    let depth = 0;
    let opAt = -1;
    for (let i = 0; i < c.length; i++) {
      const tok = c[i] as Token;
      if (tok.v === '(' || tok.v === '[') depth++;
      else if (tok.v === ')' || tok.v === ']') depth--;
      else if (depth === 0 && tok.t === 'op' && tok.v in KIND_OF_OPERATOR) {
        opAt = i;
        break;
      }
    }
    if (opAt <= 0) continue;
    const kind = KIND_OF_OPERATOR[(c[opAt] as Token).v] as ComparisonKind;
    let rightTokens = c.slice(opAt + 1);
    // `col = ANY ($1)`: equality with any element of a list is still an equality lookup for a B-tree.
    if (rightTokens[0]?.t === 'word' && /^(any|all)$/i.test(rightTokens[0].v)) {
      if (kind !== 'equality' || rightTokens[0].v.toUpperCase() === 'ALL') continue;
      rightTokens = rightTokens.slice(1);
      if (columnOf(rightTokens) !== undefined) continue; // `$1 = ANY (tags)`: an array column, no B-tree
    }
    const left = columnOf(c.slice(0, opAt));
    const right = columnOf(rightTokens);
    out.push({ kind, left, right, leftOther: left === undefined, rightOther: right === undefined });
  }
  return out;
}

/** The relation names used in a condition's column references (aliases), for telling join sides apart. */
export function referencesAlias(condition: string | undefined, alias: string): boolean {
  if (condition === undefined) return false;
  const ts = tokenize(condition);
  return ts.some((t, i) => isName(t) && t.v === alias && ts[i + 1]?.v === '.');
}

/**
 * The column of an ORDER BY / GROUP BY key, with its direction: `"Article".created DESC` → created.
 * Undefined when the key is not a column (an aggregate, an expression over several columns).
 */
export function sortKeyColumn(key: string): { column: ColumnRef; descending: boolean } | undefined {
  const ts = tokenize(key);
  let descending = false;
  while (ts.length > 0) {
    const last = ts.at(-1) as Token;
    if (last.t !== 'word' || !/^(asc|desc|nulls|first|last)$/i.test(last.v)) break;
    if (/^desc$/i.test(last.v)) descending = true;
    ts.pop();
  }
  const column = columnOf(ts);
  return column === undefined ? undefined : { column, descending };
}
