// What a report cannot say, told once next to it: a source whose traces lack what an analysis needs.
import type { Report } from '@loadlens/types';
import { BACKGROUND_PREFIX } from './request-facts.ts';

/**
 * One line per gap in the source, naming it; empty when nothing is missing.
 * @example for (const w of reportWarnings(report)) console.error(`warning: ${w}`)
 */
export function reportWarnings(report: Report): string[] {
  const warnings: string[] = [];
  if (report.traceCount > 0 && report.routes.every((r) => r.route.startsWith(BACKGROUND_PREFIX)))
    warnings.push(
      `${report.source.location}: no SERVER span in ${report.traceCount} trace(s), so requests cannot be told apart: routes, N+1s and stage shares below are per span, not per request. Instrument the HTTP server (or put \`loadlens wrap\` in front of it).`,
    );
  return warnings;
}
