// The composition that lets an instrumentation's per-call patch be skipped inside an unsampled request:
// which function runs under which active span, the callbacks it binds, and what the composed function
// keeps of the patch (arity, forwarded properties).
import { createRequire } from 'node:module';
import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
type Fn = (...args: unknown[]) => unknown;
const { skipWhenUnsampled } = require('../preload/tracing/unsampled-fast-path.cjs') as {
  skipWhenUnsampled(
    factory: (original: Fn) => Fn,
    options?: { bindCallbacks?: boolean },
  ): (original: Fn) => Fn;
};
const { createLightTracerProvider } = require('../preload/tracing/light-tracer.cjs') as {
  createLightTracerProvider(options: { ratio: number; processors: unknown[] }): {
    getTracer(name: string): { startSpan(name: string): import('@opentelemetry/api').Span };
  };
};
const { EnterableContextManager } = require('../preload/tracing/context-manager.cjs') as {
  EnterableContextManager: new () => { enable(): unknown };
};

const request = createContextKey('request');

/** A patch that records that it ran, then calls the original. */
function countingFactory(calls: string[]) {
  return (original: Fn): Fn =>
    function patched(this: unknown, a: unknown, b: unknown) {
      calls.push('patched');
      return original.call(this, a, b);
    };
}

function spanContext(ratio: number) {
  const span = createLightTracerProvider({ ratio, processors: [] }).getTracer('t').startSpan('request');
  return trace.setSpan(ROOT_CONTEXT.setValue(request, `ratio ${ratio}`), span);
}

describe('unsampled fast path', () => {
  beforeEach(() => {
    context.setGlobalContextManager(new EnterableContextManager().enable() as never);
  });
  afterEach(() => {
    context.disable();
  });

  it('runs the original inside an unsampled request and the patch inside a sampled one or outside any', () => {
    const calls: string[] = [];
    const original = (a: unknown) => `original ${String(a)}`;
    const chosen = skipWhenUnsampled(countingFactory(calls))(original);

    expect(context.with(spanContext(0), () => chosen('q'))).toBe('original q');
    expect(calls).toEqual([]);
    expect(context.with(spanContext(1), () => chosen('q'))).toBe('original q');
    expect(calls).toEqual(['patched']);
    expect(chosen('outside')).toBe('original outside');
    expect(calls).toEqual(['patched', 'patched']);
  });

  it("binds a trailing callback, or a query config's callback, to the request's context", async () => {
    const ctx = spanContext(0);
    const seen: unknown[] = [];
    // The original calls back later from a context of its own, as pg does from its socket's events.
    const original = (...args: unknown[]) => {
      const callback = (
        typeof args.at(-1) === 'function' ? args.at(-1) : (args[0] as { callback: Fn }).callback
      ) as Fn;
      setTimeout(() => context.with(ROOT_CONTEXT.setValue(request, 'socket'), () => callback()), 1);
    };
    const chosen = skipWhenUnsampled(countingFactory([]), { bindCallbacks: true })(original);
    const done = new Promise<void>((resolve) => {
      context.with(ctx, () => {
        chosen('SELECT 1', [], () => seen.push(context.active().getValue(request)));
        chosen({
          text: 'SELECT 2',
          callback: () => {
            seen.push(context.active().getValue(request));
            resolve();
          },
        });
      });
    });
    await done;
    expect(seen).toEqual(['ratio 0', 'ratio 0']);

    const unbound = skipWhenUnsampled(countingFactory([]))(original);
    await new Promise<void>((resolve) =>
      context.with(ctx, () =>
        unbound(() => {
          seen.push(context.active().getValue(request));
          resolve();
        }),
      ),
    );
    expect(seen[2]).toBe('socket');
  });

  it("keeps the patch's arity and the properties it forwards, and leaves an unpatched original alone", () => {
    const original = Object.assign((_req: unknown, _res: unknown, _next: unknown) => undefined, {
      stack: [1],
    });
    const factory = (fn: Fn): Fn => {
      const patched = function patched(_req: unknown, _res: unknown) {
        return fn();
      };
      // As instrumentation-express forwards them: accessors, not enumerable.
      Object.defineProperty(patched, 'stack', {
        get: () => (fn as unknown as { stack: number[] }).stack,
        set: (value: number[]) => {
          (fn as unknown as { stack: number[] }).stack = value;
        },
      });
      return patched;
    };
    const chosen = skipWhenUnsampled(factory)(original as Fn) as Fn & { stack: number[] };
    expect(chosen.length).toBe(2);
    expect(chosen.stack).toEqual([1]);
    chosen.stack = [1, 2];
    expect((original as unknown as { stack: number[] }).stack).toEqual([1, 2]);

    const errorHandler = (_e: unknown, _req: unknown, _res: unknown, _next: unknown) => undefined;
    const keepsErrorHandlers = (fn: Fn): Fn => (fn.length === 4 ? fn : () => undefined);
    expect(skipWhenUnsampled(keepsErrorHandlers)(errorHandler as Fn)).toBe(errorHandler);
  });
});
