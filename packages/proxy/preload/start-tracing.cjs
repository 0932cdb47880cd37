// Starts the OpenTelemetry Node SDK inside a wrapped server: auto-instrumentation for http, undici/fetch,
// pg, mysql2, mongodb, redis/ioredis, express, fastify and runtime metrics; a parent-based ratio sampler
// (LOADLENS_SAMPLE) so the proxy's decision is followed; OTLP export when an endpoint is configured (the
// standard OTEL_EXPORTER_OTLP_* variables, http/protobuf or http/json as OTEL_EXPORTER_OTLP_PROTOCOL
// says — wrap has refused grpc before the server starts), and loadlens's in-process aggregator.
'use strict';

const { NodeSDK } = require('@opentelemetry/sdk-node');
const {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} = require('@opentelemetry/sdk-trace');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2');
const { MongoDBInstrumentation } = require('@opentelemetry/instrumentation-mongodb');
const { RedisInstrumentation } = require('@opentelemetry/instrumentation-redis');
const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { FastifyOtelInstrumentation } = require('@fastify/otel');
const { RuntimeNodeInstrumentation } = require('@opentelemetry/instrumentation-runtime-node');
const { serviceName } = require('./service-name.cjs');
const { createAppAggregator } = require('./app-aggregator.cjs');
const { PUSH_HEADER } = require('./post-snapshot.cjs');

const env = process.env;
// The SDK would otherwise start OTLP metric and log exporters aimed at localhost:4318 by default. loadlens
// gets its per-request numbers from spans and its runtime numbers from the push to wrap, so they are off
// unless the user asks for them (OTEL_METRICS_EXPORTER=otlp exports runtime-node's GC and heap metrics).
env.OTEL_METRICS_EXPORTER ??= 'none';
env.OTEL_LOGS_EXPORTER ??= 'none';
const service = serviceName(env, process.argv);
const ratio = env.LOADLENS_SAMPLE === undefined ? 1 : Number(env.LOADLENS_SAMPLE);

const spanProcessors = [];
const aggregator = env.LOADLENS_SIDE_URL
  ? createAppAggregator({ service, sideUrl: env.LOADLENS_SIDE_URL, env })
  : undefined;
if (aggregator) spanProcessors.push(aggregator.processor);
/** The exporter for the protocol asked for; only the one used is loaded. */
function traceExporter() {
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    ''
  ).toLowerCase();
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}
if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT)
  // 1 s instead of the 5 s default, matching the proxy's own export, so traces show up during a run.
  spanProcessors.push(new BatchSpanProcessor({ exporter: traceExporter(), scheduledDelayMillis: 1000 }));

const sdk = new NodeSDK({
  serviceName: service,
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(Number.isFinite(ratio) ? ratio : 1) }),
  spanProcessors,
  instrumentations: [
    new HttpInstrumentation({
      // The aggregator's own pushes to the wrap process are not the app's traffic.
      ignoreOutgoingRequestHook: (request) => Boolean(request.headers?.[PUSH_HEADER]),
    }),
    new UndiciInstrumentation(),
    new PgInstrumentation({ requireParentSpan: false }),
    new MySQL2Instrumentation(),
    new MongoDBInstrumentation(),
    new RedisInstrumentation(),
    new IORedisInstrumentation(),
    new ExpressInstrumentation(),
    new FastifyOtelInstrumentation({ registerOnInitialization: true }),
    new RuntimeNodeInstrumentation(),
  ],
});
sdk.start();

let stopping;
function flushAll() {
  stopping ??= Promise.allSettled([sdk.shutdown(), aggregator ? aggregator.finalPush() : undefined]);
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
