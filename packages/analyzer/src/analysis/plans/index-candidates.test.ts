import { describe, expect, it } from 'vitest';
import type { PlanNode } from './generic-plan.ts';
import { planCandidates } from './index-candidates.ts';
import { comparisons, sortKeyColumn } from './plan-expressions.ts';

const scan = (table: string, alias: string, filter?: string): PlanNode => ({
  'Node Type': 'Seq Scan',
  'Relation Name': table,
  Alias: alias,
  ...(filter ? { Filter: filter } : {}),
});

describe('plan conditions read back into columns', () => {
  it('reads equality, range, pattern and containment comparisons; skips OR, <> and IS NULL', () => {
    expect(
      comparisons(
        '((user_id = $1) AND (start_ts >= $2) AND ((mode)::text = $3) AND (t.end_ts < $4) AND ' +
          '(upper((email)::text) = $5) AND (lower(name) ~~ $6) AND (note ~~* $7) AND (id = ANY ($8)) AND ' +
          '("tagList" @> $9) AND ((a = $10) OR (b = $11)) AND (c <> $12) AND (d IS NULL))',
      ).map((c) => [c.kind, c.left?.alias, c.left?.field, c.rightOther]),
    ).toEqual([
      ['equality', undefined, 'user_id', true],
      ['range', undefined, 'start_ts', true],
      ['equality', undefined, 'mode', true],
      ['range', 't', 'end_ts', true],
      ['equality', undefined, 'upper(email)', true],
      ['pattern', undefined, 'lower(name)', true],
      ['pattern', undefined, 'note', true],
      ['equality', undefined, 'id', true],
      ['containment', undefined, 'tagList', true],
    ]);
  });

  it('keeps quoted camelCase identifiers and aliases as PostgreSQL prints them', () => {
    const [c] = comparisons('("Article__comments"."articleId" = "Article".id)');
    expect(c?.left).toEqual({ alias: 'Article__comments', field: 'articleId', expression: false });
    expect(c?.right).toEqual({ alias: 'Article', field: 'id', expression: false });
    expect(sortKeyColumn('"Article".created DESC')).toEqual({
      column: { alias: 'Article', field: 'created', expression: false },
      descending: true,
    });
    expect(sortKeyColumn('(count(*)) DESC')).toBeUndefined();
  });
});

describe('candidate indexes from the whole plan', () => {
  it('merge join: each side’s merge key, after its own equality filter', () => {
    const plan: PlanNode = {
      'Node Type': 'Merge Join',
      'Merge Cond': '(c."articleId" = a.id)',
      Plans: [
        {
          'Node Type': 'Sort',
          'Sort Key': ['c."articleId"'],
          Plans: [scan('comment', 'c', '(status = $1)')],
        },
        { 'Node Type': 'Sort', 'Sort Key': ['a.id'], Plans: [scan('article', 'a')] },
      ],
    };
    const [comment, article] = planCandidates(plan);
    expect(comment?.parts).toMatchObject({ equality: ['status'], join: ['articleId'], sort: ['articleId'] });
    expect(comment?.primary?.fields).toEqual(['status', 'articleId']);
    expect(comment?.alternates.map((c) => c.fields)).toContainEqual(['articleId']);
    expect(article?.primary?.fields).toEqual(['id']);
  });

  it('nested loop: the inner side’s key from the Join Filter, or from a filter naming the outer table', () => {
    const viaJoinFilter: PlanNode = {
      'Node Type': 'Nested Loop',
      'Join Filter': '("Article__comments"."articleId" = "Article".id)',
      Plans: [
        scan('article', 'Article', '(slug = $1)'),
        { 'Node Type': 'Materialize', Plans: [scan('comment', 'Article__comments')] },
      ],
    };
    const [parent, child] = planCandidates(viaJoinFilter);
    expect(parent?.primary?.fields).toEqual(['slug', 'id']);
    expect(parent?.alternates.map((c) => c.fields)).toContainEqual(['slug']);
    expect(child?.primary?.fields).toEqual(['articleId']);
    const viaFilter: PlanNode = {
      'Node Type': 'Nested Loop',
      Plans: [
        scan('article', 'a', '(slug = $1)'),
        scan('comment', 'c', '((c."articleId" = a.id) AND (c.created > $2))'),
      ],
    };
    expect(planCandidates(viaFilter)[1]?.primary?.fields).toEqual(['articleId', 'created']);
  });

  it('ORDER BY … LIMIT, GROUP BY and DISTINCT keys follow the equality columns; another table’s key stops them', () => {
    const limited: PlanNode = {
      'Node Type': 'Limit',
      Plans: [
        {
          'Node Type': 'Sort',
          'Sort Key': ['created DESC', 'id'],
          Plans: [scan('article', 'article', '("authorId" = $1)')],
        },
      ],
    };
    const [sorted] = planCandidates(limited);
    expect(sorted?.primary).toEqual({
      table: 'article',
      method: 'btree',
      fields: ['authorId', 'created', 'id'],
      // A mix of directions needs DESC in the index; one direction is read backwards.
      descending: ['created'],
    });
    const grouped: PlanNode = {
      'Node Type': 'Aggregate',
      'Group Key': ['"articleId"'],
      Plans: [scan('comment', 'comment', '(created > $1)')],
    };
    expect(planCandidates(grouped)[0]?.primary?.fields).toEqual(['articleId', 'created']);
    const acrossJoin: PlanNode = {
      'Node Type': 'Sort',
      'Sort Key': ['a.created', 'c.created'],
      Plans: [
        {
          'Node Type': 'Hash Join',
          'Hash Cond': '(c."articleId" = a.id)',
          Plans: [scan('comment', 'c'), scan('article', 'a')],
        },
      ],
    };
    const [c, a] = planCandidates(acrossJoin);
    expect(c?.parts.sort).toEqual([]);
    expect(a?.parts.sort).toEqual(['created']);
  });

  it('LIKE without an equality gets a trigram index; jsonb containment a GIN one', () => {
    expect(planCandidates(scan('article', 'article', '("tagList" ~~ $1)'))[0]?.primary).toMatchObject({
      method: 'trigram',
      fields: ['tagList'],
    });
    expect(planCandidates(scan('doc', 'doc', '(data @> $1)'))[0]?.primary).toMatchObject({
      method: 'gin',
      fields: ['data'],
    });
  });
});
