// An index weighed across the workload, as pganalyze's advisor does: the query shapes and routes it
// would serve, and the writes that would have to maintain it (every INSERT, every UPDATE of an indexed
// column and every DELETE on its table pays for each index there).
import type { QueryShape, Report } from '@loadlens/types';
import type { IndexAdvice } from './index-advice.ts';

export interface IndexWorkload {
  /** Shapes the same index was proven for (this one included). */
  shapeIds: string[];
  /** The routes those shapes run on, busiest first. */
  routes: string[];
  /** Routes that write the table, with their write calls over the run, busiest first. */
  writes: Array<{ route: string; calls: number }>;
}

/**
 * The table a write shape changes: `insert into comment …`, `update "article" set …`, `delete from t …`
 * (SQL fingerprints), or `comment.insert {…}` (MongoDB ones). Fingerprints are lower-cased, so names are
 * compared without case.
 */
export function writtenTable(fingerprint: string): string | undefined {
  const sql =
    /^(?:insert\s+into|update|delete\s+from)\s+(?:only\s+)?("(?:[^"]|"")+"|[\w$]+)(?:\.("(?:[^"]|"")+"|[\w$]+))?/i.exec(
      fingerprint,
    );
  if (sql) return ((sql[2] ?? sql[1]) as string).replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase();
  const mongo = /^([^\s{]+)\.(insert|update|delete|findAndModify|bulkWrite) /.exec(fingerprint);
  return mongo ? (mongo[1] as string).toLowerCase() : undefined;
}

const byCount = <T extends { calls: number }>(a: T, b: T) => b.calls - a.calls;

/** For each suggested index (by its statement), what it serves and what maintains it. */
export function weighIndexes(report: Report, advice: readonly IndexAdvice[]): Map<string, IndexWorkload> {
  const out = new Map<string, IndexWorkload>();
  for (const a of advice) {
    const entry = out.get(a.index) ?? { shapeIds: [], routes: [], writes: [] };
    if (!entry.shapeIds.includes(a.shapeId)) entry.shapeIds.push(a.shapeId);
    out.set(a.index, entry);
  }
  const shapeById = new Map(report.queries.map((q) => [q.id, q]));
  for (const [index, entry] of out) {
    const table = (advice.find((a) => a.index === index) as IndexAdvice).table.toLowerCase();
    const routeCalls = new Map<string, number>();
    for (const id of entry.shapeIds)
      for (const r of (shapeById.get(id) as QueryShape | undefined)?.routes ?? [])
        routeCalls.set(r.route, (routeCalls.get(r.route) ?? 0) + r.count);
    entry.routes = [...routeCalls].sort((x, y) => y[1] - x[1]).map(([route]) => route);
    const writes = new Map<string, number>();
    for (const q of report.queries)
      if (writtenTable(q.fingerprint) === table)
        for (const r of q.routes) writes.set(r.route, (writes.get(r.route) ?? 0) + r.count);
    entry.writes = [...writes].map(([route, calls]) => ({ route, calls })).sort(byCount);
  }
  return out;
}
