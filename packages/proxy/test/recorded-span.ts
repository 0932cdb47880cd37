// A span as the preload's tracer records it (preload/tracing/recording-span.cjs), for the tests that hand
// spans to its processors or read what the processors were given: the CommonJS preload has no types.
export interface RecordedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  parentIsRemote: boolean;
  traceState?: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, unknown>;
  droppedAttributes: number;
  events: { name: string; timeMs: number; attributes: Record<string, unknown>; droppedAttributes: number }[];
  droppedEvents: number;
  links: { context: { traceId: string; spanId: string }; attributes: Record<string, unknown> }[];
  droppedLinks: number;
  status: { code: number; message?: string };
  scope: { name: string; version?: string };
  /** the span that began this process's part of the trace (itself for a local root) */
  localRoot: RecordedSpan;
}
