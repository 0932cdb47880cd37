// `loadlens wrap` as a library call: starts the side port, the resource sampler, the target command
// (when given) and the tracing proxy, and wires spans into metrics and the OTLP export queue.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { ProfileFrame } from '@loadlens/types';
import type { AppSnapshot } from './app-snapshot.ts';
import { createMetricsRegistry, type ProxyRouteSeries } from './metrics-registry.ts';
import { preloadOtlpEnv, resolveOtlpEndpoint } from './otlp-endpoint.ts';
import { createProfileRequests } from './profile-requests.ts';
import { startResourceSampler, watchSource } from './resource-sampler.ts';
import { type ReverseProxy, startReverseProxy } from './reverse-proxy.ts';
import { createRouteNamer } from './route-names.ts';
import { sampleRatioFromEnv } from './sampler-env.ts';
import { startSideServer } from './side-server.ts';
import { createSpanExportQueue, type SpanExportQueue } from './span-export-queue.ts';
import { type ProxySpanRecord, STATUS_ERROR } from './span-record.ts';
import { type LaunchedTarget, launchTarget, withPreload } from './target-launcher.ts';
import { commandServiceName } from './target-service.ts';
import { targetSource } from './target-source.ts';
import type { WrapOptions } from './wrap-options.ts';

/** service.name of the proxy's own spans. */
export const PROXY_SERVICE = 'loadlens-proxy';

export interface Wrap {
  proxyUrl: string;
  sideUrl: string;
  targetUrl: string;
  /** The started command's pid, when wrap started one. */
  targetPid: number | undefined;
  /**
   * The environment a Node server started by someone else (a deployment launcher) needs so that the
   * preload traces it and reports to this wrap, as `wrap -- node …` gives its own command: NODE_OPTIONS
   * with the preload (after `nodeOptions`), the side URL and token, sampling, OTLP endpoint.
   */
  preloadEnv(nodeOptions: string | undefined): Record<string, string>;
  /** Resolves when the started command exits on its own (never, when wrapping a running server). */
  targetExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Graceful stop: in-flight requests finish, the target stops, spans are flushed. */
  stop(): Promise<{ topFrames: ProfileFrame[] }>;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts everything `loadlens wrap` runs; `env` is the environment OTEL_* variables are read from.
 * @example const wrap = await startWrap(parseWrapFlags({ target: 'http://127.0.0.1:8080' }), process.env)
 */
export async function startWrap(options: WrapOptions, env: NodeJS.ProcessEnv): Promise<Wrap> {
  const endpoint = resolveOtlpEndpoint(options.otlp, env);
  // --sample wins; without it the standard sampler variables decide, as they would for the SDK.
  const sampleRatio = options.sampleFromFlag
    ? options.sampleRatio
    : (sampleRatioFromEnv(env) ?? options.sampleRatio);
  const registry = createMetricsRegistry();
  const token = randomBytes(16).toString('hex');
  const profiles = createProfileRequests();
  let appConnected = false;
  let appService: string | undefined;
  const routes = createRouteNamer();

  const targetHost = options.target?.hostname ?? '127.0.0.1';
  const targetPort = options.target ? Number(options.target.port || 80) : await freePort(targetHost);
  const target = options.target ?? new URL(`http://${targetHost}:${targetPort}`);
  let launched: LaunchedTarget | undefined;

  // Named up front so the proxy's stage rows carry the same service_name before the app's first push.
  const initialService = options.serviceName ?? env.OTEL_SERVICE_NAME ?? commandServiceName(options.command);
  function targetService(): string {
    return initialService ?? appService ?? 'target';
  }

  function onApp(snapshot: AppSnapshot): void {
    registry.setApp(snapshot);
    appConnected = true;
    appService = snapshot.service;
    for (const [serverRoute, path, stage, counts, sum, count] of snapshot.stages) {
      const template = routes.learn(path, serverRoute);
      registry.addStage(snapshot.service, serverRoute || template, stage, counts, sum, count);
    }
    if (snapshot.profile) profiles.received(snapshot.profile);
  }

  let queue: SpanExportQueue | undefined;
  // Per span name, the histograms it feeds: one Map lookup per request instead of building label keys.
  let routeSeries = new Map<string, ProxyRouteSeries>();
  let seriesService = targetService();
  function onSpan(span: ProxySpanRecord): void {
    const service = targetService();
    if (service !== seriesService) {
      seriesService = service;
      routeSeries = new Map();
    }
    let series = routeSeries.get(span.name);
    if (series === undefined) {
      series = registry.proxyRoute(PROXY_SERVICE, span.name, service, span.route);
      routeSeries.set(span.name, series);
    }
    if (span.httpStatus >= 500) span.statusCode = STATUS_ERROR;
    const durationMs = span.durationMs;
    (span.statusCode === STATUS_ERROR ? series.error : series.unset).observe(durationMs);
    const upstreamMs = span.upstreamMs;
    series.proxyStage.observe(durationMs - upstreamMs);
    // Without a preload the proxy only sees the upstream from outside: all of it counts as "app".
    if (!appConnected && upstreamMs > 0) series.appStage.observe(upstreamMs);
    if (span.sampled && queue) queue.push(span);
  }

  const sampler = startResourceSampler({
    sources: [targetSource(() => launched?.pid, targetPort), ...options.watch.map(watchSource)],
    extra: (source) => {
      if (source !== 'target') return {};
      const p99 = registry.eventLoopDelayP99();
      return p99 === undefined ? {} : { eventLoopDelayP99Ms: p99 };
    },
  });

  const side = await startSideServer({
    host: options.side.host,
    port: options.side.port,
    token,
    metrics: () => {
      registry.setResources(sampler.latest());
      return registry.render(queue?.dropped() ?? 0);
    },
    resources: sampler.since,
    onApp,
    profileWanted: profiles.wanted,
    profile: options.profile === 'cpu' ? profiles.fresh : undefined,
  });

  const targetEnv: Record<string, string> = {
    LOADLENS_SIDE_URL: side.url,
    LOADLENS_SIDE_TOKEN: token,
    LOADLENS_SAMPLE: String(sampleRatio),
    ...(options.profile ? { LOADLENS_PROFILE: options.profile } : {}),
    ...(initialService ? { OTEL_SERVICE_NAME: initialService } : {}),
    ...(endpoint ? preloadOtlpEnv(endpoint) : {}),
  };

  let proxy: ReverseProxy | undefined;
  try {
    if (options.command.length > 0) {
      launched = await launchTarget({
        command: options.command,
        host: targetHost,
        port: targetPort,
        readyTimeoutMs: options.readyTimeoutMs,
        ...(options.targetLog === undefined ? {} : { logFile: options.targetLog }),
        env: targetEnv,
      });
    }
    if (endpoint)
      queue = createSpanExportQueue({
        endpoint,
        serviceName: PROXY_SERVICE,
        target: { host: targetHost, port: targetPort },
      });
    proxy = await startReverseProxy({
      target,
      host: options.listen.host,
      port: options.listen.port,
      sampleRatio,
      maxBodyBytes: options.maxBodyBytes,
      headerTimeoutMs: options.headerTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      upstreamTimeoutMs: options.upstreamTimeoutMs,
      maxConnections: options.maxConnections,
      routeOf: routes.routeOf,
      onSpan,
    });
  } catch (error) {
    await launched?.stop(5_000);
    sampler.stop();
    await side.close();
    throw error;
  }

  let stopping: Promise<{ topFrames: ProfileFrame[] }> | undefined;
  async function stopOnce(): Promise<{ topFrames: ProfileFrame[] }> {
    // In-flight requests first (bounded), then the target (its preload flushes its spans and sends its
    // final profile on SIGTERM), then the proxy's own buffered spans.
    await proxy?.close(10_000);
    await launched?.stop(10_000);
    await queue?.close();
    sampler.stop();
    await side.close();
    return { topFrames: profiles.top() };
  }

  return {
    proxyUrl: proxy.url,
    sideUrl: side.url,
    targetUrl: target.origin,
    targetPid: launched?.pid,
    preloadEnv: function preloadEnv(nodeOptions) {
      return { ...targetEnv, NODE_OPTIONS: withPreload(nodeOptions) };
    },
    targetExited: launched?.exited ?? new Promise(() => {}),
    stop: function stop() {
      stopping ??= stopOnce();
      return stopping;
    },
  };
}
