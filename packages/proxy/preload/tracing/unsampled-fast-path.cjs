// Inside a request that is not sampled, an instrumentation package's per-call patch still does all its
// work before asking the tracer for a span: instrumentation-pg builds the query's attributes, parses its
// operation name, wraps and binds its callbacks and promise; instrumentation-express keeps a stack of layer
// paths per request and binds every `next`. All of it ends in a span that records nothing (the tracer
// hands back the request's own unsampled span), and at sampling 0 it was most of what tracing cost an
// express + pg handler (BENCHMARKS.md note 2). Here such a patch is composed with a check made first: when
// the active span exists and is not recording, the original function runs instead, with only what keeps
// context right (a trailing callback bound to the active context, as the patch would have bound it).
// Sampled requests, and calls outside any request, go through the package's patch unchanged, so the spans
// that are recorded are the package's own.
'use strict';

const { context, trace } = require('@opentelemetry/api');

/** What every function has of its own, not forwarded. */
const OWN_FUNCTION_PROPERTIES = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

/** The active context when its span is one that records nothing, else undefined. */
function unsampledContext() {
  const active = context.active();
  const span = trace.getSpan(active);
  return span !== undefined && !span.isRecording() ? active : undefined;
}

/** What pg's patches bind: the last argument when it is a function, else a query config's `callback`. */
function bindCallbacks(ctx, args) {
  const last = args.length - 1;
  if (last < 0) return;
  if (typeof args[last] === 'function') args[last] = context.bind(ctx, args[last]);
  else if (typeof args[0]?.callback === 'function') args[0].callback = context.bind(ctx, args[0].callback);
}

/**
 * A shimmer wrapper factory (original → patched) whose result calls the original when unsampled.
 * The composed function has the patched one's length and forwards the properties the patch forwards
 * (express reads a handler's `length` to tell error handlers apart, and copies its properties).
 * @param factory the package's wrapper factory
 * @param options.bindCallbacks bind a trailing callback to the active context on the fast path
 */
function skipWhenUnsampled(factory, { bindCallbacks: bind = false } = {}) {
  return function compose(original) {
    const patched = factory(original);
    if (patched === original || typeof patched !== 'function') return patched;
    const chosen = function chooseByActiveSpan() {
      const unsampled = unsampledContext();
      // biome-ignore lint/complexity/noArguments: apply(this, arguments) forwards without allocating, once per call
      if (unsampled === undefined) return patched.apply(this, arguments);
      // biome-ignore lint/complexity/noArguments: the callbacks are bound in place, as the patch would have
      if (bind) bindCallbacks(unsampled, arguments);
      // biome-ignore lint/complexity/noArguments: apply(this, arguments) forwards without allocating, once per call
      return original.apply(this, arguments);
    };
    Object.defineProperty(chosen, 'length', { value: patched.length });
    Object.defineProperty(chosen, 'name', { value: patched.name });
    // instrumentation-express gives its patch non-enumerable accessors to the original's properties (a
    // mounted router's `stack`, which route-listing tools read); they are forwarded the same way.
    for (const key of Object.getOwnPropertyNames(patched)) {
      if (OWN_FUNCTION_PROPERTIES.has(key)) continue;
      const { enumerable } = Object.getOwnPropertyDescriptor(patched, key) ?? {};
      Object.defineProperty(chosen, key, {
        get: () => patched[key],
        set: (value) => {
          patched[key] = value;
        },
        configurable: true,
        enumerable,
      });
    }
    return chosen;
  };
}

module.exports = { skipWhenUnsampled };
