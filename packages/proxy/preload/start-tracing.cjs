// Starts tracing inside a wrapped server. The instrumentation packages are OpenTelemetry's own
// (tracing/instrumentations.cjs), recording through the API; what records and exports is loadlens's: a
// light tracer provider (tracing/light-tracer.cjs), server spans from Node's diagnostics_channel
// (tracing/http-server.cjs), an OTLP exporter over the standard OTEL_EXPORTER_OTLP_* variables
// (tracing/span-exporter.cjs) and the in-process aggregator. The SDK's pipeline cost a hello-world server
// two thirds of its capacity even with nothing sampled (BENCHMARKS.md).
// Sampling is parent-based with LOADLENS_SAMPLE as the root ratio, so the proxy's decision is followed.
'use strict';

const { context, propagation, trace } = require('@opentelemetry/api');
const {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} = require('@opentelemetry/core');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { version } = require('../package.json');
const { serviceName } = require('./service-name.cjs');
const { createAppAggregator } = require('./app-aggregator.cjs');
const { PUSH_HEADER } = require('./post-snapshot.cjs');
const { EnterableContextManager } = require('./tracing/context-manager.cjs');
const { traceHttpServers } = require('./tracing/http-server.cjs');
const { createInstrumentations } = require('./tracing/instrumentations.cjs');
const { createLightTracerProvider } = require('./tracing/light-tracer.cjs');
const { createResource } = require('./tracing/resource.cjs');
const { createSpanExporter } = require('./tracing/span-exporter.cjs');

const env = process.env;
const service = serviceName(env, process.argv);
const ratio = env.LOADLENS_SAMPLE === undefined ? 1 : Number(env.LOADLENS_SAMPLE);

const aggregator = env.LOADLENS_SIDE_URL
  ? createAppAggregator({ service, sideUrl: env.LOADLENS_SIDE_URL, env })
  : undefined;
// The endpoint wrap resolved and checked (src/otlp-endpoint.ts), handed over whole.
const endpoint = env.LOADLENS_OTLP ? JSON.parse(env.LOADLENS_OTLP) : undefined;
const exporter = createSpanExporter({ resource: createResource({ service, env, version }), endpoint, env });
const provider = createLightTracerProvider({
  ratio: Number.isFinite(ratio) ? ratio : 1,
  processors: [aggregator?.processor, exporter].filter((p) => p !== undefined),
});

const contextManager = new EnterableContextManager().enable();
context.setGlobalContextManager(contextManager);
propagation.setGlobalPropagator(
  new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
);
trace.setGlobalTracerProvider(provider);
traceHttpServers({ tracer: provider.getTracer('@loadlens/proxy/http-server', version), contextManager });
registerInstrumentations({
  tracerProvider: provider,
  instrumentations: createInstrumentations({
    // The aggregator's own pushes to the wrap process are not the app's traffic.
    ignoreOutgoingRequestHook: (request) => Boolean(request.headers?.[PUSH_HEADER]),
  }),
});

let stopping;
function flushAll() {
  stopping ??= Promise.allSettled([exporter?.shutdown(), aggregator?.finalPush()]);
  return stopping;
}

// Flush on SIGTERM, then let the signal do what it would have done: if the app handles SIGTERM itself,
// its handler runs alongside; if not, the default action (exit) is restored and the signal re-raised.
process.once('SIGTERM', function flushOnSigterm() {
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000).unref());
  Promise.race([flushAll(), timeout]).then(function reraise() {
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
});
process.once('beforeExit', flushAll);
