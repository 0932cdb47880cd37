// Options and small helpers shared by the report renderers.
import type { Finding, Report } from '@loadlens/types';

export interface RenderOptions {
  /** Findings to show (the rest are counted). Default 10. */
  top?: number;
  /** ANSI colour (text only); the CLI turns it on only when stdout is a TTY. */
  color?: boolean;
}

/** Findings shown by default: about a screenful with evidence (loadlens's choice; --top changes it). */
export const DEFAULT_TOP = 10;

/** A trace id as a link when the report has a trace-viewer template, else the bare id. */
export function traceLink(template: string | undefined, traceId: string): string {
  return template ? template.replaceAll('{traceId}', traceId) : traceId;
}

/**
 * The statement to show for a finding about a query shape: the shape's scrubbed sample, in the case the
 * application wrote it (`SELECT name FROM items WHERE id = ?`), else the lower-cased fingerprint. Both are
 * literal-free.
 */
export function findingStatement(report: Report, finding: Finding): string | undefined {
  if (finding.fingerprint === undefined) return undefined;
  return report.queries.find((q) => q.fingerprint === finding.fingerprint)?.sample ?? finding.fingerprint;
}
