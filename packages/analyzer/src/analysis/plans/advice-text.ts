// What a finding says about the indexes proven for its query shape: the scans they replace, the re-plan
// that proved them (one, with all of them created), the other shapes each serves and the writes that
// would maintain it. Literal-free: built from plans, table and column names, and routes.
import type { EvidenceItem } from '@loadlens/types';
import type { IndexAdvice } from './index-advice.ts';
import { fieldSql } from './index-sql.ts';
import type { IndexWorkload } from './index-workload.ts';

/** Costs as the planner prints them: two decimals. */
const cost = (n: number) => Math.round(n * 100) / 100;

/** "GET /a, GET /b and 2 more": route lists stay one line. */
function routeList(routes: readonly string[], max = 3): string {
  const shown = routes.slice(0, max).join(', ');
  return routes.length > max ? `${shown} and ${routes.length - max} more` : shown;
}

/** `comment ("articleId")`: an index as titles name it. */
export const indexName = (a: IndexAdvice) => `${a.table} (${a.fields.map(fieldSql).join(', ')})`;

export interface ShapeAdviceText {
  evidence: EvidenceItem[];
  suggestion: string;
}

/**
 * Evidence and suggestion for the advice of one query shape (one or more indexes: both sides of a join).
 * @example shapeAdviceText(adviceOfShape, weighIndexes(report, advice))
 */
export function shapeAdviceText(
  advice: readonly IndexAdvice[],
  weights: Map<string, IndexWorkload>,
): ShapeAdviceText {
  const evidence: EvidenceItem[] = advice.map((a) => ({
    label: `plan: ${a.scan} on ${a.table}`,
    value: Math.round(a.rows),
    unit: 'rows',
  }));
  const parts = advice.map(
    (a) => `Add an index: ${a.index} (${a.scan} over ~${Math.round(a.rows)} rows now).`,
  );
  // One re-plan proved them all (created together): its plan and costs are the shape's, said once.
  const proof = advice[0]?.proof;
  if (proof) {
    const after = advice.map((a) => a.proof?.after).join(', ');
    const them = advice.length > 1 ? 'them' : 'it';
    let costs = '';
    if (proof.beforeCost !== undefined && proof.afterCost !== undefined) {
      evidence.push(
        {
          label: `estimated cost now (${advice.map((a) => a.proof?.before).join(', ')})`,
          value: cost(proof.beforeCost),
        },
        {
          label: `estimated cost with the ${them === 'it' ? 'index' : 'indexes'} (${after})`,
          value: cost(proof.afterCost),
        },
      );
      costs = `, estimated cost ${cost(proof.beforeCost)} → ${cost(proof.afterCost)}`;
    } else evidence.push({ label: `plan with the ${them === 'it' ? 'index' : 'indexes'}`, value: after });
    parts.push(`Re-planned with ${them} (${proof.method}): ${after}${costs}.`);
  }
  for (const a of advice) {
    const weight = weights.get(a.index);
    if (weight === undefined) continue;
    const named = advice.length > 1 ? `the index on ${indexName(a)}` : 'the same index';
    const others = weight.shapeIds.length - 1;
    if (others > 0) {
      evidence.push({
        label: `${named} serves`,
        value: `${weight.shapeIds.length} query shapes on ${routeList(weight.routes)}`,
      });
      parts.push(
        `${advice.length > 1 ? `The index on ${indexName(a)}` : 'It'} also serves ${others} other query shape${others === 1 ? '' : 's'} (${routeList(weight.routes)}).`,
      );
    }
    if (weight.writes.length > 0) {
      evidence.push({
        label: `writes to ${a.table} that would maintain it`,
        value: weight.writes.map((w) => `${w.route} (${w.calls} calls)`).join(', '),
      });
      parts.push(`Every write to ${a.table} maintains it: ${routeList(weight.writes.map((w) => w.route))}.`);
    }
  }
  return { evidence, suggestion: parts.join(' ') };
}
