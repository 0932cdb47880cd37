// The preload's tracer (plain CommonJS): the sampling decisions the SDK would make, parent-based
// propagation of a decision, what a recorded span keeps, and when it reaches the processors.
import { createRequire } from 'node:module';
import { context, ROOT_CONTEXT, type Span, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { RecordedSpan } from './recorded-span.ts';

const require = createRequire(import.meta.url);

type Recorded = RecordedSpan;
interface Provider {
  getTracer(
    name: string,
    version?: string,
  ): {
    startSpan(name: string, options?: object, ctx?: unknown): Span;
    startActiveSpan<T>(name: string, fn: (span: Span) => T): T;
  };
}
const { createLightTracerProvider, ratioSampler } = require('../preload/tracing/light-tracer.cjs') as {
  createLightTracerProvider(options: {
    ratio: number;
    processors: { onEnd(span: Recorded): void }[];
  }): Provider;
  ratioSampler(ratio: number): (traceId: string) => boolean;
};
const { newTraceId } = require('../preload/tracing/ids.cjs') as { newTraceId(): string };

function tracerWith(ratio: number) {
  const ended: Recorded[] = [];
  const provider = createLightTracerProvider({ ratio, processors: [{ onEnd: (s) => ended.push(s) }] });
  return { tracer: provider.getTracer('test-scope', '1.2.3'), ended };
}

function remoteParent(sampled: boolean) {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

describe('light tracer', () => {
  it("decides a root's sampling from its trace id as the SDK's TraceIdRatioBasedSampler does", () => {
    for (const ratio of [0.01, 0.1, 0.5, 0.9]) {
      const ours = ratioSampler(ratio);
      const sdk = new TraceIdRatioBasedSampler(ratio);
      let sampled = 0;
      for (let i = 0; i < 5000; i++) {
        const traceId = newTraceId();
        const theirs = sdk.shouldSample(ROOT_CONTEXT, traceId).decision !== 0;
        expect(ours(traceId)).toBe(theirs);
        if (theirs) sampled++;
      }
      expect(sampled / 5000).toBeGreaterThan(ratio * 0.8 - 0.01);
      expect(sampled / 5000).toBeLessThan(ratio * 1.2 + 0.01);
    }
    expect(ratioSampler(1)(newTraceId())).toBe(true);
    expect(ratioSampler(0)(newTraceId())).toBe(false);
  });

  it("follows a remote parent's decision whatever the ratio, and keeps its trace", () => {
    const { tracer, ended } = tracerWith(0);
    const child = tracer.startSpan('GET', { kind: SpanKind.SERVER }, remoteParent(true));
    expect(child.isRecording()).toBe(true);
    child.end();
    expect(ended[0]).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentSpanId: 'b7ad6b7169203331',
      parentIsRemote: true,
      kind: SpanKind.SERVER,
      scope: { name: 'test-scope', version: '1.2.3' },
    });
    // Below a remote parent the span begins this process's part of the trace.
    expect(ended[0]?.localRoot).toBe(ended[0]);

    const { tracer: always, ended: none } = tracerWith(1);
    const unsampled = always.startSpan('GET', {}, remoteParent(false));
    expect(unsampled.isRecording()).toBe(false);
    // Not recorded, but the trace goes on downstream with a span id of its own and the flag off.
    expect(unsampled.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(unsampled.spanContext().spanId).not.toBe('b7ad6b7169203331');
    expect(unsampled.spanContext().traceFlags).toBe(TraceFlags.NONE);
    const grandchild = always.startSpan('pg.query', {}, trace.setSpan(ROOT_CONTEXT, unsampled));
    expect(grandchild.isRecording()).toBe(false);
    unsampled.end();
    expect(none).toEqual([]);
  });

  it('gives an unsampled request one span that stands for all below it, with ids made when asked', () => {
    const { tracer, ended } = tracerWith(0);
    const root = tracer.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    expect(root.isRecording()).toBe(false);
    const inRequest = trace.setSpan(ROOT_CONTEXT, root);
    expect(tracer.startSpan('pg.query', {}, inRequest)).toBe(root);
    const ids = root.spanContext();
    expect(trace.isSpanContextValid(ids)).toBe(true);
    expect(ids.traceFlags).toBe(TraceFlags.NONE);
    expect(root.spanContext()).toBe(ids);
    root.end();
    expect(ended).toEqual([]);
  });

  it('records nothing where tracing is suppressed (an exporter sending its batch)', () => {
    const { tracer } = tracerWith(1);
    const span = tracer.startSpan('POST', {}, suppressTracing(ROOT_CONTEXT));
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
  });

  it('keeps valid attributes, events and status, ignores changes after the end, and ends once', () => {
    const { tracer, ended } = tracerWith(1);
    const span = tracer.startSpan('work', { attributes: { a: 1, bad: { nested: true }, list: ['x', 'y'] } });
    span.setAttribute('b', 'two').setAttribute('mixed', [1, 'x'] as unknown as string[]);
    span.recordException(new TypeError('no such row'));
    span.setStatus({ code: 2, message: 'failed' });
    span.updateName('work renamed');
    span.end();
    span.setAttribute('late', true);
    span.end();
    expect(ended).toHaveLength(1);
    const recorded = ended[0] as Recorded;
    expect(recorded.name).toBe('work renamed');
    expect(recorded.attributes).toEqual({ a: 1, list: ['x', 'y'], b: 'two' });
    expect(recorded.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TypeError', 'exception.message': 'no such row' },
    });
    expect(recorded.status).toEqual({ code: 2, message: 'failed' });
    expect(recorded.endMs).toBeGreaterThanOrEqual(recorded.startMs);
  });

  it('keeps at most 128 attributes and counts the rest as dropped', () => {
    const { tracer, ended } = tracerWith(1);
    const span = tracer.startSpan('wide');
    for (let i = 0; i < 140; i++) span.setAttribute(`k${i}`, i);
    span.end();
    expect(Object.keys(ended[0]?.attributes ?? {})).toHaveLength(128);
    expect(ended[0]?.droppedAttributes).toBe(12);
  });

  it('binds a callback to a context keeping its arity (express tells error handlers by length)', () => {
    const { EnterableContextManager } = require('../preload/tracing/context-manager.cjs') as {
      EnterableContextManager: new () => {
        enable(): { bind<T>(ctx: unknown, fn: T): T; active(): { getValue(k: symbol): unknown } };
      };
    };
    const manager = new EnterableContextManager().enable();
    const key = Symbol('request');
    const ctx = ROOT_CONTEXT.setValue(key, 'order-7');
    const handlers = [
      () => manager.active().getValue(key),
      (_err: unknown, _req: unknown, _res: unknown, _next: unknown) => manager.active().getValue(key),
      (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) => manager.active().getValue(key),
    ];
    for (const handler of handlers) {
      const bound = manager.bind(ctx, handler) as (...args: unknown[]) => unknown;
      expect(bound.length).toBe(handler.length);
      expect(bound(1, 2)).toBe('order-7');
    }
    expect(manager.active().getValue(key)).toBeUndefined();
  });

  it('makes a span current for startActiveSpan and parents the spans started inside it', () => {
    const { tracer, ended } = tracerWith(1);
    const contextManager = new (
      require('../preload/tracing/context-manager.cjs') as {
        EnterableContextManager: new () => { enable(): unknown; disable(): void };
      }
    ).EnterableContextManager();
    context.setGlobalContextManager(contextManager.enable() as never);
    try {
      tracer.startActiveSpan('outer', (outer) => {
        tracer.startSpan('inner').end();
        outer.end();
      });
    } finally {
      context.disable();
    }
    const [inner, outer] = ended;
    expect(inner?.parentSpanId).toBe(outer?.spanId);
    expect(inner?.traceId).toBe(outer?.traceId);
    expect(outer?.parentSpanId).toBeUndefined();
    // Both belong to the local trace begun by the outer span (the aggregator's stage times meet there).
    expect(inner?.localRoot).toBe(outer);
    expect(outer?.localRoot).toBe(outer);
  });
});
