// `analyze --explain URL`: connects to the database behind the traces, EXPLAINs the top shapes, and puts
// the index suggestions the re-plans proved on the report's findings, one finding per shape.
import { InputError, type Report, RuntimeFailure } from '@loadlens/types';
import type { DraftFinding } from '../pattern-findings.ts';
import { rankFindings, sortFindings } from '../rank-findings.ts';
import { indexName, shapeAdviceText } from './advice-text.ts';
import type { ExplainResult } from './explain-postgres.ts';
import type { IndexAdvice } from './index-advice.ts';
import { weighIndexes } from './index-workload.ts';

/** Adds the advice for each shape to the findings about it, or as a new slow-query finding. */
export function applyIndexAdvice(report: Report, advice: IndexAdvice[]): Report {
  const findings = report.findings.map((f) => ({ ...f, evidence: [...f.evidence] }));
  const extra: Array<{ draft: DraftFinding; key: string }> = [];
  const weights = weighIndexes(report, advice);
  const byShape = new Map<string, IndexAdvice[]>();
  for (const a of advice) byShape.set(a.shapeId, [...(byShape.get(a.shapeId) ?? []), a]);
  for (const [shapeId, group] of byShape) {
    const first = group[0] as IndexAdvice;
    const { evidence, suggestion } = shapeAdviceText(group, weights);
    const matching = findings.filter((f) => f.fingerprint === first.fingerprint);
    // The plan turns "this shape is slow" into its cause, so the finding is named for it.
    for (const f of matching) {
      f.evidence.push(...evidence);
      f.suggestion = `${suggestion} ${f.suggestion}`;
      if (f.kind === 'slow-query' && !f.title.startsWith('Missing index'))
        f.title = `Missing index on ${group.map(indexName).join(', ')}: ${f.title.charAt(0).toLowerCase()}${f.title.slice(1)}`;
    }
    if (matching.length > 0) continue;
    const shape = report.queries.find((q) => q.id === shapeId);
    const top = shape?.routes[0];
    const route = report.routes.find((r) => r.route === top?.route);
    if (!shape || !top || !route) continue;
    const savedMs = top.share * route.meanMs;
    const scans = group.map((a) => `${a.scan} on ${a.table} (~${Math.round(a.rows)} rows)`).join(', ');
    extra.push({
      key: shapeId,
      draft: {
        kind: 'slow-query',
        title: `${scans} for a query on ${top.route}`,
        route: top.route,
        fingerprint: first.fingerprint,
        evidence: [
          ...evidence,
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

/** The report with the proven advice applied, each explained shape's plan in brief, and warnings. */
export interface ExplainedReport {
  report: Report;
  /** Per shape: full scan or index reads, and the estimated cost (for contention analysis, issue #11). */
  plans: ExplainResult['plans'];
  /** Literal-free notes for the user (a candidate index that could not be created, and why). */
  warnings: string[];
  /** Candidate indexes tried and not suggested, with why. */
  rejected: ExplainResult['rejected'];
}

/**
 * @example const { report: explained } = await explainReport(report, 'postgres://127.0.0.1:5432/tripstore', 5)
 */
export async function explainReport(
  report: Report,
  url: string,
  top: number,
  onSkipped: (skipped: SkippedShape) => void = () => {},
): Promise<ExplainedReport> {
  const result = await explainDatabase(url, report.queries.slice(0, top));
  result.skipped.forEach(onSkipped);
  const { plans, warnings, rejected } = result;
  return { report: applyIndexAdvice(report, result.advice), plans, warnings, rejected };
}

/** Connects to the database `url` names and explains the shapes of its kind. */
async function explainDatabase(url: string, shapes: Report['queries']): Promise<ExplainResult> {
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
      return await explainPostgres(async (sql) => (await client.query(sql)).rows, shapes);
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
      return await explainMongo(client.db(), shapes);
    } finally {
      await client.close();
    }
  }
  throw new InputError(
    `--explain: unsupported database "${protocol.replace(/:$/, '')}": expected postgres://… or mongodb://…`,
  );
}
