// Candidate indexes for each sequential scan of a PostgreSQL plan, read from the whole plan: the scan's
// own Filter, the join conditions above it (Hash Cond, Merge Cond, a nested loop's Join Filter: the scan's
// side of the join key), and the ORDER BY / GROUP BY / DISTINCT keys above it. Candidates are only
// guesses; prove-scans.ts keeps those the planner actually uses.
import type { PlanNode } from './generic-plan.ts';
import { indexFields } from './index-advice.ts';
import { type ColumnRef, comparisons, sortKeyColumn } from './plan-expressions.ts';

/** What a candidate index is made of, by the role each field plays in the statement. */
export interface ScanParts {
  equality: string[];
  /** This table's side of equality join conditions. */
  join: string[];
  /** ORDER BY keys (or GROUP BY / DISTINCT keys when nothing sorts above them) of this table. */
  sort: string[];
  range: string[];
  /** LIKE / ILIKE / regex operands: a B-tree serves them only anchored, which a "?" cannot tell. */
  pattern: string[];
  /** Operands of @>, ?, && (jsonb, arrays): a GIN index serves those. */
  containment: string[];
  /** Sort keys ordered descending. */
  descending: string[];
}

export type IndexMethod = 'btree' | 'trigram' | 'gin';

export interface IndexCandidate {
  table: string;
  method: IndexMethod;
  /** Columns, or expressions such as `lower(name)`, in index order. */
  fields: string[];
  /** Fields stored descending (only when a sort mixes directions; a B-tree is read backwards otherwise). */
  descending: string[];
}

export interface ScanCandidates {
  table: string;
  alias: string;
  /** The scan node as planned: its estimated rows and cost are the "before" of the evidence. */
  node: PlanNode;
  parts: ScanParts;
  /** Tried first: every field in the ESR order. */
  primary: IndexCandidate | undefined;
  /** Tried when the planner does not take the primary: fewer roles at a time. */
  alternates: IndexCandidate[];
}

const JOIN_CONDITIONS = ['Hash Cond', 'Merge Cond', 'Join Filter'] as const;

/** A reference belongs to the scan when its alias is the scan's, or it is unqualified in the scan's own filter. */
const ofScan = (ref: ColumnRef | undefined, alias: string, unqualifiedIsOwn: boolean) =>
  ref !== undefined && (ref.alias === alias || (ref.alias === undefined && unqualifiedIsOwn));

function add(list: string[], field: string): void {
  if (!list.includes(field)) list.push(field);
}

/** The scan's fields by role, from its filter and the nodes above it (nearest first). */
export function scanParts(node: PlanNode, ancestors: readonly PlanNode[]): ScanParts {
  const alias = node.Alias ?? (node['Relation Name'] as string);
  const parts: ScanParts = {
    equality: [],
    join: [],
    sort: [],
    range: [],
    pattern: [],
    containment: [],
    descending: [],
  };
  for (const c of comparisons(node.Filter)) {
    const [own, other, otherIsValue] = ofScan(c.left, alias, true)
      ? [c.left, c.right, c.rightOther]
      : ofScan(c.right, alias, true) && c.kind === 'equality'
        ? [c.right, c.left, c.leftOther]
        : [undefined, undefined, false];
    if (own === undefined) continue;
    // A column compared with another table's column (a nested loop's inner filter) is a join key.
    if (!otherIsValue && other?.alias !== undefined && other.alias !== alias) {
      if (c.kind === 'equality') add(parts.join, own.field);
      continue;
    }
    if (!otherIsValue) continue;
    add(parts[c.kind], own.field);
  }
  let sorted = false;
  for (const up of ancestors) {
    for (const key of JOIN_CONDITIONS)
      for (const c of comparisons(up[key])) {
        if (c.kind !== 'equality' || c.left === undefined || c.right === undefined) continue;
        if (ofScan(c.left, alias, false) && c.right.alias !== alias) add(parts.join, c.left.field);
        else if (ofScan(c.right, alias, false) && c.left.alias !== alias) add(parts.join, c.right.field);
      }
    const keys = up['Sort Key'] ?? up['Group Key'];
    if (!sorted && keys !== undefined) {
      sorted = true;
      // Only this table's leading keys: an index orders by its own columns, not by another table's.
      for (const key of keys) {
        const k = sortKeyColumn(key);
        // Unqualified keys: PostgreSQL qualifies them whenever the plan has more than one table.
        if (k === undefined || !ofScan(k.column, alias, true)) break;
        add(parts.sort, k.column.field);
        if (k.descending) add(parts.descending, k.column.field);
      }
    }
  }
  return parts;
}

function btree(table: string, fields: string[], parts: ScanParts): IndexCandidate | undefined {
  if (fields.length === 0) return undefined;
  const sort = parts.sort.filter((f) => fields.includes(f));
  const desc = sort.filter((f) => parts.descending.includes(f));
  // All keys descending is served by reading an ascending index backwards; only a mix needs DESC.
  const mixed = desc.length > 0 && desc.length < sort.length;
  return { table, method: 'btree', fields, descending: mixed ? desc : [] };
}

/** The candidates of one scan: the primary (all roles, ESR order) and narrower alternates. */
export function candidatesFor(
  table: string,
  parts: ScanParts,
): Pick<ScanCandidates, 'primary' | 'alternates'> {
  const { equality, join, sort, range, pattern, containment } = parts;
  const lookup = [...equality, ...join.filter((f) => !equality.includes(f))];
  let primary: IndexCandidate | undefined;
  if (lookup.length === 0 && pattern.length > 0)
    primary = { table, method: 'trigram', fields: pattern, descending: [] };
  else if (lookup.length === 0 && containment.length > 0)
    primary = { table, method: 'gin', fields: containment.slice(0, 1), descending: [] };
  else primary = btree(table, indexFields(lookup, sort, range), parts);
  const alternates: IndexCandidate[] = [];
  for (const fields of [
    indexFields(lookup, [], []),
    join,
    indexFields(equality, sort, range),
    indexFields(equality, sort, []),
    sort,
  ]) {
    const c = btree(table, fields, parts);
    if (c === undefined) continue;
    const key = c.fields.join('\u0000');
    if (primary?.method === 'btree' && primary.fields.join('\u0000') === key) continue;
    if (alternates.some((a) => a.fields.join('\u0000') === key)) continue;
    alternates.push(c);
  }
  return { primary, alternates };
}

/** Every sequential scan of a plan with its candidates, outermost first. */
export function planCandidates(plan: PlanNode): ScanCandidates[] {
  const out: ScanCandidates[] = [];
  const visit = (node: PlanNode, ancestors: PlanNode[]) => {
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] !== undefined) {
      const table = node['Relation Name'];
      const alias = node.Alias ?? table;
      const parts = scanParts(node, ancestors);
      out.push({ table, alias, node, parts, ...candidatesFor(table, parts) });
    }
    for (const child of node.Plans ?? []) visit(child, [node, ...ancestors]);
  };
  visit(plan, []);
  return out;
}
