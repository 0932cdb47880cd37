// The preload's tracer, registered as the OpenTelemetry API's global TracerProvider, so every
// instrumentation package (pg, express, undici, …) records through it unchanged. What it saves against the
// SDK's: a span that is not sampled costs an id and a small object, decided before any attribute is read;
// a sampled one is a RecordingSpan handed, when it ends, straight to the aggregator and the export batch.
// Sampling is parent-based (a request's traceparent decides) with a trace-id ratio for roots, computed
// from the trace id as the SDK's TraceIdRatioBasedSampler does, so both agree on the same ids.
'use strict';

const { context, trace, INVALID_SPAN_CONTEXT } = require('@opentelemetry/api');
const { isTracingSuppressed } = require('@opentelemetry/core');
const { newSpanId, newTraceId } = require('./ids.cjs');
const { RecordingSpan } = require('./recording-span.cjs');
const { UnsampledSpan } = require('./unsampled-span.cjs');
const { nowMs, timeInputMs } = require('./time.cjs');

const INTERNAL = 0;
const INVALID_TRACE = INVALID_SPAN_CONTEXT.traceId;
const INVALID_SPAN = INVALID_SPAN_CONTEXT.spanId;

/** The root decision for `ratio` (0..1), from the trace id's 32-bit words XOR-ed, as the SDK computes it. */
const ALWAYS = () => true;
const NEVER = () => false;

function ratioSampler(ratio) {
  if (!(ratio < 1)) return ALWAYS;
  if (!(ratio > 0)) return NEVER;
  const upperBound = Math.floor(ratio * 0xffffffff);
  return function sampled(traceId) {
    let accumulation = 0;
    for (let at = 0; at < 32; at += 8)
      accumulation = (accumulation ^ Number.parseInt(traceId.slice(at, at + 8), 16)) >>> 0;
    return accumulation < upperBound;
  };
}

function validContext(spanContext) {
  return (
    spanContext !== undefined &&
    spanContext.traceId.length === 32 &&
    spanContext.spanId.length === 16 &&
    spanContext.traceId !== INVALID_TRACE &&
    spanContext.spanId !== INVALID_SPAN
  );
}

class LightTracer {
  constructor(provider, scope) {
    this.provider = provider;
    this.scope = scope;
  }

  startSpan(name, options, ctx) {
    const parentContext = ctx ?? context.active();
    if (isTracingSuppressed(parentContext)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parentSpan = options?.root ? undefined : trace.getSpan(parentContext);
    if (parentSpan !== undefined && !parentSpan.isRecording() && parentSpan instanceof UnsampledSpan)
      // Inside a request that is not sampled: its span stands for every span below it, as the API's
      // no-op tracer does, so nothing is allocated or drawn for the pg queries and middleware of it.
      return parentSpan;
    const parent = parentSpan?.spanContext();
    const hasParent = validContext(parent);
    if (!hasParent) {
      const sampleRoot = this.provider.sampleRoot;
      if (sampleRoot === NEVER) return new UnsampledSpan(undefined);
      const traceId = newTraceId();
      if (sampleRoot !== ALWAYS && !sampleRoot(traceId)) return new UnsampledSpan(traceId);
      return this.record(name, options, traceId, undefined);
    }
    if ((parent.traceFlags & 1) === 0)
      return trace.wrapSpanContext({
        traceId: parent.traceId,
        spanId: newSpanId(),
        traceFlags: 0,
        isRemote: false,
        traceState: parent.traceState,
      });
    const span = this.record(name, options, parent.traceId, parent);
    if (parentSpan instanceof RecordingSpan) span.localRoot = parentSpan.localRoot;
    return span;
  }

  record(name, options, traceId, parent) {
    return new RecordingSpan(
      this.provider.spanEnded,
      this.scope,
      name,
      options?.kind ?? INTERNAL,
      traceId,
      newSpanId(),
      parent,
      options?.startTime === undefined ? nowMs() : timeInputMs(options.startTime),
      options?.attributes,
      options?.links,
    );
  }

  /** The API's three forms: (name, fn), (name, options, fn), (name, options, context, fn). */
  startActiveSpan(name, ...rest) {
    const fn = rest[rest.length - 1];
    if (typeof fn !== 'function') return undefined;
    const options = rest.length >= 2 ? rest[0] : undefined;
    const parentContext = rest.length >= 3 ? rest[1] : context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn, undefined, span);
  }
}

/**
 * @param options.ratio root sampling ratio, 0..1
 * @param options.processors each with onEnd(span), called in order when a sampled span ends
 */
function createLightTracerProvider({ ratio, processors }) {
  const tracers = new Map();
  const provider = {
    sampleRoot: ratioSampler(ratio),
    spanEnded(span) {
      for (const processor of processors) processor.onEnd(span);
    },
    getTracer(name, version) {
      const key = `${name}@${version ?? ''}`;
      let tracer = tracers.get(key);
      if (tracer === undefined) {
        tracer = new LightTracer(provider, { name, version });
        tracers.set(key, tracer);
      }
      return tracer;
    },
  };
  return provider;
}

module.exports = { createLightTracerProvider, ratioSampler };
