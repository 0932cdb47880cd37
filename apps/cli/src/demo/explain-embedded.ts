// EXPLAIN the top query shapes against the demo's embedded database (PGlite on the data folder), so the
// missing-index finding names the index to add — the same advice `analyze --explain postgres://…` gives.
import { PGlite } from '@electric-sql/pglite';
import { applyIndexAdvice, explainPostgres } from '@loadlens/analyzer';
import type { Report } from '@loadlens/types';

/** Shapes to EXPLAIN: the costliest few carry the findings worth a plan. */
const TOP_SHAPES = 8;

export async function explainEmbedded(
  report: Report,
  dataDir: string,
): Promise<{ report: Report; advised: number }> {
  const db = await PGlite.create(dataDir);
  // Advice is proven by creating the index in a transaction that is rolled back (explain-postgres.ts),
  // so the data folder is unchanged afterwards.
  try {
    const { advice } = await explainPostgres(
      // exec() is PGlite's simple-query protocol: "$1" stays an unbound parameter for the generic plan.
      async (sql) => ((await db.exec(sql)).at(-1)?.rows ?? []) as Record<string, unknown>[],
      report.queries.slice(0, TOP_SHAPES),
    );
    return { report: applyIndexAdvice(report, advice), advised: advice.length };
  } finally {
    await db.close();
  }
}
