// @loadlens/proxy: the tracing reverse proxy, the zero-code OpenTelemetry preload for Node servers,
// resource sampling and CPU profiling behind `loadlens wrap`.

export type { AppSnapshot, CpuProfile } from './app-snapshot.ts';
export type { SelfTimeTable } from './cpu-profile-top.ts';
export { createSelfTimeTable } from './cpu-profile-top.ts';
export { Histogram, SPANMETRICS_BUCKETS_MS, STAGE_BUCKETS_MS } from './histogram.ts';
export type { MetricsRegistry } from './metrics-registry.ts';
export { createMetricsRegistry } from './metrics-registry.ts';
export { encodeProxySpans } from './otlp-encode.ts';
export type { OtlpEndpoint } from './otlp-endpoint.ts';
export { preloadOtlpEnv, resolveOtlpEndpoint } from './otlp-endpoint.ts';
export { CLOCK_TICKS_PER_SECOND, processTree } from './proc-stats.ts';
export type { ResourceSampler, SampledSource } from './resource-sampler.ts';
export { startResourceSampler, watchSource } from './resource-sampler.ts';
export type { ReverseProxy, ReverseProxyOptions } from './reverse-proxy.ts';
export { startReverseProxy } from './reverse-proxy.ts';
export type { SpanExportQueue } from './span-export-queue.ts';
export { createSpanExportQueue } from './span-export-queue.ts';
export { ProxySpanRecord } from './span-record.ts';
export type { Wrap } from './start-wrap.ts';
export { PROXY_SERVICE, startWrap } from './start-wrap.ts';
export { isNodeCommand, PRELOAD_PATH, withPreload } from './target-launcher.ts';
export { formatTraceparent, parseTraceparent } from './trace-ids.ts';
export type { WrapFlags, WrapOptions } from './wrap-options.ts';
export { parseHostPort, parseWrapFlags } from './wrap-options.ts';
