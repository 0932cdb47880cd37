// One pass of the demo loop: tripstore wrapped zero-code, spans into the built-in collector, the
// workload run against the proxy, then the spans analyzed together with the run.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { analyzeSource, openSpanSource } from '@loadlens/analyzer';
import { parseWrapFlags, startWrap, type Wrap } from '@loadlens/proxy';
import { type Report, type ResolvedWorkload, type RunResult, RuntimeFailure } from '@loadlens/types';
import { collectSpans, runThroughWrap } from '../traced-run.ts';
import type { DemoLog } from './demo-log.ts';
import { TRIPSTORE_BIN } from './tripstore-process.ts';

export interface PassOptions {
  label: string;
  /** tripstore's --fixed list for this pass. */
  fixed: string;
  dataDir: string;
  dir: string;
  workload: ResolvedWorkload;
  workloadFile: string;
  log: DemoLog;
  signal: AbortSignal;
  traceUrlTemplate?: string | undefined;
  /** Progress lines of the load run (plain lines, or a live table on a terminal). */
  progress: { tty: boolean; write: (text: string) => void };
}

export interface PassResult {
  run: RunResult;
  report: Report;
  runFile: string;
}

export async function measureDeployment(options: PassOptions): Promise<PassResult> {
  const { log } = options;
  await mkdir(options.dir, { recursive: true });
  const storeFile = path.join(options.dir, 'spans.db');
  const runFile = path.join(options.dir, 'run.json');
  const collector = await collectSpans(storeFile);
  let wrap: Wrap | undefined;
  let run: RunResult;
  try {
    log.step(
      `${options.label}: starting tripstore (--fixed ${options.fixed}) wrapped with OpenTelemetry, no code change`,
    );
    wrap = await startWrap(
      parseWrapFlags({
        listen: '127.0.0.1:0',
        otlp: collector.url,
        readyTimeout: '60s',
        targetLog: path.join(options.dir, 'tripstore.log'),
        command: [
          process.execPath,
          TRIPSTORE_BIN,
          '--port',
          '{port}',
          '--db',
          'pglite',
          '--data-dir',
          options.dataDir,
          '--fixed',
          options.fixed,
        ],
      }),
      process.env,
    );
    log.detail(`proxy ${wrap.proxyUrl} → tripstore ${wrap.targetUrl}; spans → collector ${collector.url}`);
    log.step(
      `${options.label}: running the e-mission workload (${(options.workload.durationMs / 1000).toFixed(0)} s, ramping)`,
    );
    run = await runThroughWrap(wrap, {
      workload: options.workload,
      workloadFile: options.workloadFile,
      out: runFile,
      labels: { deployment: `tripstore --fixed ${options.fixed}` },
      progress: options.progress,
      signal: options.signal,
    });
  } finally {
    if (wrap) await wrap.stop();
    await collector.close();
  }
  log.step(`${options.label}: analyzing ${path.relative(process.cwd(), storeFile) || storeFile}`);
  const source = await openSpanSource(storeFile);
  const report = await analyzeSource(source, { run, traceUrlTemplate: options.traceUrlTemplate });
  if (report.spanCount === 0)
    throw new RuntimeFailure(
      `demo: no spans reached the collector during the ${options.label} pass (${storeFile}); the run itself is in ${runFile}`,
    );
  log.detail(
    `${report.spanCount.toLocaleString('en-US')} spans in ${report.traceCount.toLocaleString('en-US')} traces`,
  );
  return { run, report, runFile };
}
