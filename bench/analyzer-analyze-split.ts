// Benchmark: where `loadlens analyze` spends its CPU on the 1M-span fixture — reading the OTLP JSON file
// into whole traces (the span source) versus the analysis itself — measured in one process with
// process.cpuUsage() (CPU time, so it holds on a loaded machine). Generates the fixture if needed.
// Run: node bench/analyzer-analyze-split.ts [spans=1000000]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTraceAnalysis, openSpanSource } from '@loadlens/analyzer';
import type { NormalizedSpan } from '@loadlens/types';
import { writeAnalyzeFixture } from './analyzer-analyze-fixture.ts';

const spans = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'loadlens-bench-split-'));
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

try {
  const file = join(dir, 'spans.jsonl');
  if (!existsSync(file)) await writeAnalyzeFixture(file, spans);
  let since = process.cpuUsage();
  const source = await openSpanSource(file);
  const traces: NormalizedSpan[][] = [];
  for await (const trace of source.traces()) traces.push(trace);
  await source.close();
  const read = cpuSeconds(since);
  since = process.cpuUsage();
  const analysis = createTraceAnalysis({ source: { kind: source.kind, location: file } });
  for (const trace of traces) analysis.addTrace(trace);
  const report = analysis.finish();
  const analyze = cpuSeconds(since);
  console.log(`${report.spanCount} spans, ${report.traceCount} traces`);
  console.log(`read into traces (span source): ${read.toFixed(2)} s CPU`);
  console.log(`analysis (digest, stages, critical path, patterns, ranking): ${analyze.toFixed(2)} s CPU`);
  console.log(`analysis / read: ${(analyze / read).toFixed(2)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
