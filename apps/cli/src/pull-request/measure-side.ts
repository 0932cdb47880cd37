// One side of a pull-request comparison: the server started from the deployment file (the generator's
// launcher) in that side's checkout, a tracing proxy in front of it and OpenTelemetry preloaded into it
// (Node servers), its spans into the built-in collector, the workload run through the proxy, then the
// spans analyzed with the run. Leaves spans.db, run.json, report.json, report.html and server.log.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  analyzeSource,
  openSpanSource,
  type PatternThresholds,
  renderHtmlReport,
  renderJson,
} from '@loadlens/analyzer';
import { freePort, type LaunchedTarget, launch } from '@loadlens/generator';
import { isNodeCommand, parseWrapFlags, startWrap, type Wrap } from '@loadlens/proxy';
import {
  type Deployment,
  type Report,
  type ResolvedWorkload,
  type RunResult,
  RuntimeFailure,
} from '@loadlens/types';
import { collectSpans, runThroughWrap } from '../traced-run.ts';

export interface SideOptions {
  /** "base" or "head": names the output directory and appears in every message. */
  side: string;
  /** Where the server starts: the deployment's `cwd`, in this side's checkout. */
  cwd: string;
  deployment: Deployment;
  workload: ResolvedWorkload;
  workloadFile: string;
  thresholds: Partial<PatternThresholds>;
  /** Directory for this side's files. */
  dir: string;
  log: (line: string) => void;
}

export interface SideResult {
  run: RunResult;
  report: Report;
  reportFile: string;
}

function commandOf(deployment: Deployment): string {
  return (Array.isArray(deployment.command) ? deployment.command[0] : deployment.command.split(' ')[0]) ?? '';
}

/** Measures one side; throws RuntimeFailure naming the side when its server does not start or sends no spans. */
export async function measureSide(options: SideOptions): Promise<SideResult> {
  const { side, deployment, log } = options;
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(options.dir, { recursive: true });
  const storeFile = path.join(options.dir, 'spans.db');
  const runFile = path.join(options.dir, 'run.json');
  const collector = await collectSpans(storeFile);
  let wrap: Wrap | undefined;
  let target: LaunchedTarget | undefined;
  let run: RunResult;
  try {
    // The proxy is told its target before the launcher starts the server, so the port is chosen here.
    const port = deployment.port === 0 ? await freePort(deployment.host) : deployment.port;
    wrap = await startWrap(
      parseWrapFlags({
        target: `http://${deployment.host}:${port}`,
        listen: '127.0.0.1:0',
        otlp: collector.url,
      }),
      process.env,
    );
    const preload = isNodeCommand(commandOf(deployment))
      ? wrap.preloadEnv(deployment.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS)
      : {};
    log(`${side}: starting "${deployment.name}" in ${options.cwd}`);
    target = await launch(
      {
        ...deployment,
        port,
        cwd: options.cwd,
        env: { ...deployment.env, ...preload },
      },
      { logFile: path.join(options.dir, 'server.log') },
    );
    log(`${side}: running ${options.workloadFile} through the proxy ${wrap.proxyUrl} → ${target.url}`);
    run = await runThroughWrap(wrap, {
      workload: options.workload,
      workloadFile: options.workloadFile,
      out: runFile,
      labels: { side, deployment: deployment.name },
    });
  } finally {
    // The server first: on SIGTERM its preload flushes its spans to the collector, which must still listen.
    await target?.stop();
    await wrap?.stop();
    await collector.close();
  }
  const report = await analyzeSource(await openSpanSource(storeFile), {
    run,
    thresholds: options.thresholds,
  });
  if (report.spanCount === 0)
    throw new RuntimeFailure(
      `pr: no spans reached the collector for ${side} (${storeFile}); the server's log is ${path.join(options.dir, 'server.log')}`,
    );
  log(
    `${side}: ${report.spanCount} spans in ${report.traceCount} traces, ${report.findings.length} findings`,
  );
  const reportFile = path.join(options.dir, 'report.json');
  await writeFile(reportFile, `${renderJson(report)}\n`);
  await writeFile(path.join(options.dir, 'report.html'), renderHtmlReport(report));
  return { run, report, reportFile };
}
