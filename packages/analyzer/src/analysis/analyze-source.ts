// Runs the streaming analysis over a span source, trace by trace, and closes the source whatever happens.
import type { Report } from '@loadlens/types';
import type { SpanSource } from '../sources/span-source.ts';
import type { AnalyzeOptions } from './analyze-options.ts';
import { createTraceAnalysis } from './analyze-traces.ts';

/**
 * @example const report = await analyzeSource(await openSpanSource('spans.jsonl'), {})
 */
export async function analyzeSource(
  source: SpanSource,
  options: Omit<AnalyzeOptions, 'source'>,
): Promise<Report> {
  const analysis = createTraceAnalysis({
    ...options,
    source: { kind: source.kind, location: source.location },
  });
  try {
    for await (const trace of source.traces()) analysis.addTrace(trace);
  } finally {
    await source.close();
  }
  return analysis.finish();
}
