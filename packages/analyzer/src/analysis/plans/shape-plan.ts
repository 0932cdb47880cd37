// Each explained shape's plan in brief — how it reads its tables and what the planner thinks it costs —
// for analyses that must tell a query that is slow by itself (a scan: index advice) from one that is
// cheap by plan and slow only under load (waiting: contention).
import type { QueryShape } from '@loadlens/types';
import type { PlanNode } from './generic-plan.ts';
import { planNodes } from './prove-indexes.ts';

export interface ShapePlan {
  shapeId: string;
  fingerprint: string;
  system: string;
  /**
   * `full-scan` when some table or collection is read whole (Seq Scan, COLLSCAN), `index` when every
   * read goes through an index, `none` when the plan reads no table (SELECT 1, a function call).
   */
  access: 'full-scan' | 'index' | 'none';
  /** The scan nodes, outermost first: "Seq Scan on comment", "Index Scan on article". */
  scans: string[];
  /** The planner's estimated total cost (PostgreSQL's units); absent where the database gives none. */
  totalCost?: number;
}

const RELATION_SCANS = /^(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Tid Scan|Tid Range Scan)$/;

/** The brief of a PostgreSQL plan. */
export function shapePlan(q: QueryShape, plan: PlanNode): ShapePlan {
  const scans = planNodes(plan).filter((n) => RELATION_SCANS.test(n['Node Type']) && n['Relation Name']);
  const access =
    scans.length === 0 ? 'none' : scans.some((n) => n['Node Type'] === 'Seq Scan') ? 'full-scan' : 'index';
  return {
    shapeId: q.id,
    fingerprint: q.fingerprint,
    system: q.system,
    access,
    scans: scans.map((n) => `${n['Node Type']} on ${n['Relation Name']}`),
    ...(plan['Total Cost'] === undefined ? {} : { totalCost: plan['Total Cost'] }),
  };
}
