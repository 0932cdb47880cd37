// The report as JSON per the report contract, validated before it is written.
import { type Report, reportSchema } from '@loadlens/types';

/** Throws (a bug, with its stack) if the report does not satisfy the contract. */
export function renderJson(report: Report): string {
  return JSON.stringify(reportSchema.parse(report), null, 2);
}
