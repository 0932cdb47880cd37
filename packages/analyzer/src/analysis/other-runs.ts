// The other runs `analyze --runs` compares for data growth: each one a report (report.json) or a run
// result with its spans (`run.json=spans.jsonl`, analyzed here with the same thresholds).
import { InputError, type Report } from '@loadlens/types';
import { readResultFile, readRunFile } from '../inputs/read-result-file.ts';
import { openSpanSource } from '../sources/open-span-source.ts';
import { analyzeSource } from './analyze-source.ts';
import type { PatternThresholds } from './patterns/thresholds.ts';

/**
 * @example await loadOtherRuns(['small/report.json', 'large/run.json=large/spans.jsonl'], {})
 */
export async function loadOtherRuns(
  entries: string[],
  thresholds: Partial<PatternThresholds>,
): Promise<Report[]> {
  const reports: Report[] = [];
  for (const entry of entries) {
    const pair = entry.indexOf('=');
    if (pair !== -1) {
      const runFile = entry.slice(0, pair);
      const spans = entry.slice(pair + 1);
      if (runFile === '' || spans === '')
        throw new InputError(
          `--runs: "${entry}": expected report.json or run.json=spans (a span file, store or jaeger: URL)`,
        );
      const run = await readRunFile(runFile);
      reports.push(await analyzeSource(await openSpanSource(spans), { run, thresholds }));
      continue;
    }
    const result = await readResultFile(entry);
    if (result.kind !== 'report')
      throw new InputError(
        `${entry}: --runs needs the run's spans too: pass "${entry}=<spans>" or a report written by "loadlens analyze <spans> --run ${entry} --out report.json"`,
      );
    reports.push(result.report);
  }
  return reports;
}
