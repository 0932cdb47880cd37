// `analyze --explain URL`: connects to the database behind the traces, EXPLAINs the top shapes, and turns
// scans of large tables into index suggestions on the report's findings.
import { InputError, type Report, RuntimeFailure } from '@loadlens/types';
import type { DraftFinding } from '../pattern-findings.ts';
import { rankFindings, sortFindings } from '../rank-findings.ts';
import type { IndexAdvice } from './index-advice.ts';

/** Adds each piece of advice to the findings about its shape, or as a new slow-query finding. */
export function applyIndexAdvice(report: Report, advice: IndexAdvice[]): Report {
  const findings = report.findings.map((f) => ({ ...f, evidence: [...f.evidence] }));
  const extra: Array<{ draft: DraftFinding; key: string }> = [];
  for (const a of advice) {
    const evidence = { label: `plan: ${a.scan} on ${a.table}`, value: Math.round(a.rows), unit: 'rows' };
    const suggestion = `Add an index: ${a.index} (${a.scan} over ~${Math.round(a.rows)} rows now).`;
    const matching = findings.filter((f) => f.fingerprint === a.fingerprint);
    // The plan turns "this shape is slow" into its cause, so the finding is named for it.
    const columns = a.fields.join(', ');
    for (const f of matching) {
      f.evidence.push(evidence);
      f.suggestion = `${suggestion} ${f.suggestion}`;
      if (f.kind === 'slow-query' && !f.title.startsWith('Missing index'))
        f.title = `Missing index on ${a.table} (${columns}): ${f.title.charAt(0).toLowerCase()}${f.title.slice(1)}`;
    }
    if (matching.length > 0) continue;
    const shape = report.queries.find((q) => q.id === a.shapeId);
    const top = shape?.routes[0];
    const route = report.routes.find((r) => r.route === top?.route);
    if (!shape || !top || !route) continue;
    const savedMs = top.share * route.meanMs;
    extra.push({
      key: a.shapeId,
      draft: {
        kind: 'slow-query',
        title: `${a.scan} on ${a.table} (~${Math.round(a.rows)} rows) for a query on ${top.route}`,
        route: top.route,
        fingerprint: a.fingerprint,
        evidence: [
          evidence,
          { label: 'calls', value: top.count },
          { label: 'share of the route’s time', value: Math.round(top.share * 1000) / 10, unit: '%' },
        ],
        impact: { msPerRequest: savedMs, share: Math.min(1, top.share), totalMs: savedMs * route.count },
        suggestion,
        sampleTraceIds: shape.sampleTraceIds,
      },
    });
  }
  return { ...report, findings: sortFindings([...findings, ...rankFindings(extra)]) };
}

/** A shape the database would not explain, and its first line of why (literal-free: shapes are). */
export interface SkippedShape {
  shapeId: string;
  reason: string;
}

/**
 * @example report = await explainReport(report, 'postgres://127.0.0.1:5432/tripstore', 5, (s) => skipped.push(s))
 */
export async function explainReport(
  report: Report,
  url: string,
  top: number,
  onSkipped: (skipped: SkippedShape) => void = () => {},
): Promise<Report> {
  const shapes = report.queries.slice(0, top);
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new InputError(`--explain: not a URL: expected postgres://… or mongodb://…`);
  }
  if (protocol === 'postgres:' || protocol === 'postgresql:') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (error) {
      throw new RuntimeFailure(`--explain: cannot connect to PostgreSQL: ${(error as Error).message}`);
    }
    try {
      const { explainPostgres } = await import('./explain-postgres.ts');
      const { advice, skipped } = await explainPostgres(
        async (sql) => (await client.query(sql)).rows,
        shapes,
      );
      skipped.forEach(onSkipped);
      return applyIndexAdvice(report, advice);
    } finally {
      await client.end();
    }
  }
  if (protocol === 'mongodb:' || protocol === 'mongodb+srv:') {
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
    } catch (error) {
      throw new RuntimeFailure(`--explain: cannot connect to MongoDB: ${(error as Error).message}`);
    }
    try {
      const { explainMongo } = await import('./explain-mongo.ts');
      const { advice, skipped } = await explainMongo(client.db(), shapes);
      skipped.forEach(onSkipped);
      return applyIndexAdvice(report, advice);
    } finally {
      await client.close();
    }
  }
  throw new InputError(
    `--explain: unsupported database "${protocol.replace(/:$/, '')}": expected postgres://… or mongodb://…`,
  );
}
