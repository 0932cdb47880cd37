// `analyze --explain URL`: connects to the database behind the traces, EXPLAINs the top shapes, and turns
// scans of large tables into index suggestions on the report's findings.
import { type EvidenceItem, InputError, type Report, RuntimeFailure } from '@loadlens/types';
import type { DraftFinding } from '../pattern-findings.ts';
import { rankFindings, sortFindings } from '../rank-findings.ts';
import type { ExplainResult } from './explain-postgres.ts';
import type { IndexAdvice } from './index-advice.ts';
import { fieldSql } from './index-sql.ts';
import { type IndexWorkload, weighIndexes } from './index-workload.ts';

/** Costs as the planner prints them: two decimals, no trailing zeros. */
const cost = (n: number) => Math.round(n * 100) / 100;

/** "GET /a, GET /b and 2 more": route lists stay one line. */
function routeList(routes: readonly string[], max = 3): string {
  const shown = routes.slice(0, max).join(', ');
  return routes.length > max ? `${shown} and ${routes.length - max} more` : shown;
}

/** The evidence of one piece of advice: the scan, the re-plan that proved it, who else it serves, who pays. */
function adviceEvidence(a: IndexAdvice, weight: IndexWorkload | undefined): EvidenceItem[] {
  const evidence: EvidenceItem[] = [
    { label: `plan: ${a.scan} on ${a.table}`, value: Math.round(a.rows), unit: 'rows' },
  ];
  const proof = a.proof;
  if (proof?.beforeCost !== undefined && proof.afterCost !== undefined)
    evidence.push(
      { label: `estimated cost now (${proof.before})`, value: cost(proof.beforeCost) },
      { label: `estimated cost with the index (${proof.after})`, value: cost(proof.afterCost) },
    );
  else if (proof) evidence.push({ label: 'plan with the index', value: proof.after });
  if (weight && weight.shapeIds.length > 1)
    evidence.push({
      label: 'the same index serves',
      value: `${weight.shapeIds.length} query shapes on ${routeList(weight.routes)}`,
    });
  if (weight && weight.writes.length > 0)
    evidence.push({
      label: `writes to ${a.table} that would maintain it`,
      value: weight.writes.map((w) => `${w.route} (${w.calls} calls)`).join(', '),
    });
  return evidence;
}

function adviceSuggestion(a: IndexAdvice, weight: IndexWorkload | undefined): string {
  let text = `Add an index: ${a.index} (${a.scan} over ~${Math.round(a.rows)} rows now).`;
  const proof = a.proof;
  if (proof) {
    const costs =
      proof.beforeCost !== undefined && proof.afterCost !== undefined
        ? `, estimated cost ${cost(proof.beforeCost)} → ${cost(proof.afterCost)}`
        : '';
    text += ` Re-planned with it (${proof.method}): ${proof.after}${costs}.`;
  }
  const others = (weight?.shapeIds.length ?? 1) - 1;
  if (weight && others > 0)
    text += ` It also serves ${others} other query shape${others === 1 ? '' : 's'} (${routeList(weight.routes)}).`;
  if (weight && weight.writes.length > 0)
    text += ` Every write to ${a.table} maintains it: ${routeList(weight.writes.map((w) => w.route))}.`;
  return text;
}

/** Adds each piece of advice to the findings about its shape, or as a new slow-query finding. */
export function applyIndexAdvice(report: Report, advice: IndexAdvice[]): Report {
  const findings = report.findings.map((f) => ({ ...f, evidence: [...f.evidence] }));
  const extra: Array<{ draft: DraftFinding; key: string }> = [];
  const weights = weighIndexes(report, advice);
  for (const a of advice) {
    const weight = weights.get(a.index);
    const evidence = adviceEvidence(a, weight);
    const suggestion = adviceSuggestion(a, weight);
    const matching = findings.filter((f) => f.fingerprint === a.fingerprint);
    // The plan turns "this shape is slow" into its cause, so the finding is named for it.
    const columns = a.fields.map(fieldSql).join(', ');
    for (const f of matching) {
      f.evidence.push(...evidence);
      f.suggestion = `${suggestion} ${f.suggestion}`;
      if (f.kind === 'slow-query' && !f.title.startsWith('Missing index'))
        f.title = `Missing index on ${a.table} (${columns}): ${f.title.charAt(0).toLowerCase()}${f.title.slice(1)}`;
    }
    if (matching.length > 0) continue;
    const shape = report.queries.find((q) => q.id === a.shapeId);
    const top = shape?.routes[0];
    const route = report.routes.find((r) => r.route === top?.route);
    if (!shape || !top || !route) continue;
    const existing = extra.find((e) => e.key === a.shapeId);
    if (existing) {
      // A second index for the same shape (both sides of a join): one finding, both suggestions.
      existing.draft.evidence.push(
        ...evidence.filter((e) => !existing.draft.evidence.some((x) => x.label === e.label)),
      );
      existing.draft.suggestion = `${existing.draft.suggestion} ${suggestion}`;
      continue;
    }
    const savedMs = top.share * route.meanMs;
    extra.push({
      key: a.shapeId,
      draft: {
        kind: 'slow-query',
        title: `${a.scan} on ${a.table} (~${Math.round(a.rows)} rows) for a query on ${top.route}`,
        route: top.route,
        fingerprint: a.fingerprint,
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
  return { report: applyIndexAdvice(report, result.advice), plans: result.plans, warnings: result.warnings };
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
