// The instrumentation packages the preload registers: OpenTelemetry's own (undici/fetch, outgoing http, pg,
// mysql2, mongodb, redis/ioredis, express, fastify), so the spans are theirs. pg's and express's per-call
// patches are composed with the unsampled fast path (unsampled-fast-path.cjs): on the express + pg target
// they were most of what an unsampled request paid.
'use strict';

const { dirname, join } = require('node:path');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2');
const { MongoDBInstrumentation } = require('@opentelemetry/instrumentation-mongodb');
const { RedisInstrumentation } = require('@opentelemetry/instrumentation-redis');
const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { FastifyOtelInstrumentation } = require('@fastify/otel');
const { skipWhenUnsampled } = require('./unsampled-fast-path.cjs');

// instrumentation-pg builds a pool.connect() span's attributes by parsing the pool's connection string
// with new URL() on every call (a fifth of its cost per sampled request on the express + pg target). They
// depend only on the pool's options object, so they are kept per options object. Its patch reads the
// helper off its utils module at each call, which is what lets this replace it; the span-parity e2e test
// checks the attributes stay the package's.
const pgUtils = require(join(dirname(require.resolve('@opentelemetry/instrumentation-pg')), 'utils.cjs'));
const poolAttributes = pgUtils.getSemanticAttributesFromPoolConnection;
const poolAttributesByOptions = new WeakMap();
pgUtils.getSemanticAttributesFromPoolConnection = function poolAttributesOnce(options) {
  let attributes = poolAttributesByOptions.get(options);
  if (attributes === undefined) {
    attributes = Object.freeze(poolAttributes(options));
    poolAttributesByOptions.set(options, attributes);
  }
  return attributes;
};

/** instrumentation-pg whose query and connect patches run the original inside an unsampled request. */
class PgUnlessUnsampled extends PgInstrumentation {
  _getClientQueryPatch() {
    return skipWhenUnsampled(super._getClientQueryPatch(), { bindCallbacks: true });
  }
  _getClientConnectPatch() {
    return skipWhenUnsampled(super._getClientConnectPatch(), { bindCallbacks: true });
  }
  _getPoolConnectPatch() {
    return skipWhenUnsampled(super._getPoolConnectPatch(), { bindCallbacks: true });
  }
}

/** instrumentation-express whose layer patch (the `handle` of each layer) runs the original when unsampled. */
class ExpressUnlessUnsampled extends ExpressInstrumentation {
  constructor(config) {
    super(config);
    // The layer patch is applied through this._wrap (an instance field of InstrumentationBase) as each
    // route or middleware is registered; registration itself (route, use) is always patched.
    const wrap = this._wrap;
    this._wrap = (target, name, factory) =>
      wrap(target, name, name === 'handle' ? skipWhenUnsampled(factory) : factory);
  }
}

/**
 * @param options.ignoreOutgoingRequestHook outgoing http requests that are not the app's traffic
 */
function createInstrumentations({ ignoreOutgoingRequestHook }) {
  return [
    new HttpInstrumentation({
      // Incoming requests are traced from diagnostics_channel (http-server.cjs).
      disableIncomingRequestInstrumentation: true,
      ignoreOutgoingRequestHook,
    }),
    new UndiciInstrumentation(),
    new PgUnlessUnsampled({ requireParentSpan: false }),
    new MySQL2Instrumentation(),
    new MongoDBInstrumentation(),
    new RedisInstrumentation(),
    new IORedisInstrumentation(),
    new ExpressUnlessUnsampled(),
    new FastifyOtelInstrumentation({ registerOnInitialization: true }),
  ];
}

module.exports = { createInstrumentations };
