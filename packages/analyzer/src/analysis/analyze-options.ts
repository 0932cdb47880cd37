// Options of an analysis: thresholds, the run result to join, reports of other runs for data growth.
import type { Report, RunResult } from '@loadlens/types';
import type { PatternThresholds } from './patterns/thresholds.ts';

export interface AnalyzeOptions {
  /** Where the spans came from, as the report names it. */
  source: Report['source'];
  /** Overrides of the detection thresholds (defaults: DEFAULT_THRESHOLDS). */
  thresholds?: Partial<PatternThresholds>;
  /** The run the spans came from: phases for saturation, resources and profile for cpu-bound. */
  run?: RunResult;
  /** Reports of the same workload at other stored-data volumes, for data-growth. */
  otherReports?: Report[];
  /** e.g. "http://127.0.0.1:16686/trace/{traceId}". */
  traceUrlTemplate?: string;
  /** Clock for `generatedAt` (tests pin it). */
  now?: () => Date;
}
