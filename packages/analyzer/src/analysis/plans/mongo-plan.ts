// Reading MongoDB explain output: whether the winning plan reads the whole collection, and the plan in
// brief for evidence. MongoDB answers with stages (COLLSCAN, IXSCAN); FerretDB with its backend's plan —
// SQLite's plan lines or PostgreSQL's plan nodes.

/** Every string in a plan tree: MongoDB's stage names, FerretDB's SQLite plan lines. */
function planStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) planStrings(item, out);
  else if (node !== null && typeof node === 'object')
    for (const value of Object.values(node)) planStrings(value, out);
  return out;
}

/**
 * True when the winning plan reads the whole collection: MongoDB's COLLSCAN stage, or a plan line
 * "SCAN <table>" without "USING INDEX" from FerretDB's SQL backends (IXSCAN has no word boundary).
 */
export function isFullScan(queryPlanner: Record<string, unknown> | undefined): boolean {
  if (queryPlanner === undefined) return false;
  const strings = planStrings(queryPlanner.winningPlan ?? queryPlanner.Plan ?? queryPlanner);
  return strings.some(
    (s) => s === 'COLLSCAN' || s === 'Seq Scan' || (/\bSCAN\b/.test(s) && !/USING (COVERING )?INDEX/.test(s)),
  );
}

/** The winning plan's stages in brief ("FETCH > IXSCAN"), or FerretDB's first plan line. */
export function planBrief(planner: Record<string, unknown> | undefined): string {
  const stages: string[] = [];
  let node = planner?.winningPlan as Record<string, unknown> | undefined;
  while (node !== undefined && typeof node.stage === 'string') {
    stages.push(node.stage);
    node = node.inputStage as Record<string, unknown> | undefined;
  }
  if (stages.length > 0) return stages.join(' > ');
  // FerretDB: SQLite's plan lines, or its PostgreSQL backend's plan nodes ("Seq Scan").
  const line =
    planStrings(planner?.Plan ?? planner).find((p) => /\b(SCAN|SEARCH)\b|^[\w ]+ Scan$/.test(p)) ?? 'plan';
  // FerretDB's SQLite lines name its internal table ("timeseries_3f6dd541"): keep the verb only.
  return line
    .replace(/^.*detail=/, '')
    .replace(/\b(SCAN|SEARCH)\s+\S+/, '$1')
    .trim();
}
