// Decoded spans as column arrays, the shape of otel_traces_raw, appended to DuckDB as data chunks.
// This runs once per span at ingest rate: plain pushes and one JSON.stringify of the attributes. Rare
// fields go into one nullable JSON column so the common span costs no conversion for them.
import type { NormalizedSpan, SpanKind } from '@loadlens/types';
import type { SpanLink, SpanScope } from '../otlp/decoded-span.ts';

/** One array per otel_traces_raw column (scopes become ScopeRef at write time), all of one length. */
export interface SpanRows {
  count: number;
  timestamp: bigint[];
  traceId: string[];
  spanId: string[];
  parentSpanId: string[];
  name: string[];
  attributes: string[];
  duration: number[];
  kind: number[];
  status: number[];
  scope: SpanScope[];
  details: (string | null)[];
}

export function emptySpanRows(): SpanRows {
  return {
    count: 0,
    timestamp: [],
    traceId: [],
    spanId: [],
    parentSpanId: [],
    name: [],
    attributes: [],
    duration: [],
    kind: [],
    status: [],
    scope: [],
    details: [],
  };
}

/** Codes of the raw table's Kind and Status columns (schema.ts KIND_NAMES, STATUS_NAMES). */
export const KIND_CODE: Record<SpanKind, number> = {
  internal: 0,
  server: 1,
  client: 2,
  producer: 3,
  consumer: 4,
};
export const STATUS_CODE: Record<NormalizedSpan['status'], number> = { unset: 0, ok: 1, error: 2 };

/** Trace state, status message, events and links as one JSON object; null when the span has none. */
function detailsJson(span: NormalizedSpan, traceState: string, links: SpanLink[]): string | null {
  if (traceState === '' && span.statusMessage === undefined && span.events.length === 0 && links.length === 0)
    return null;
  const parts: string[] = [];
  if (traceState !== '') parts.push(`"ts":${JSON.stringify(traceState)}`);
  if (span.statusMessage !== undefined) parts.push(`"sm":${JSON.stringify(span.statusMessage)}`);
  if (span.events.length > 0) {
    // Times as JSON integers: DuckDB parses them into BIGINT without a float step.
    parts.push(`"et":[${span.events.map((e) => Math.round(e.timeNs).toString()).join(',')}]`);
    parts.push(`"en":${JSON.stringify(span.events.map((e) => e.name))}`);
    parts.push(`"ea":${JSON.stringify(span.events.map((e) => e.attributes))}`);
  }
  if (links.length > 0) {
    parts.push(`"lt":${JSON.stringify(links.map((l) => l.traceId))}`);
    parts.push(`"ls":${JSON.stringify(links.map((l) => l.spanId))}`);
    parts.push(`"lts":${JSON.stringify(links.map((l) => l.traceState))}`);
    parts.push(`"la":${JSON.stringify(links.map((l) => l.attributes))}`);
  }
  return `{${parts.join(',')}}`;
}

/** Appends one span to `rows`; `exactStart` is the exact uint64 start the float `span.startNs` rounds. */
export function pushSpanRow(
  rows: SpanRows,
  span: NormalizedSpan,
  scope: SpanScope,
  traceState: string,
  links: SpanLink[],
  exactStart: bigint,
): void {
  rows.timestamp.push(exactStart);
  rows.traceId.push(span.traceId);
  rows.spanId.push(span.spanId);
  rows.parentSpanId.push(span.parentSpanId ?? '');
  rows.name.push(span.name);
  rows.attributes.push(JSON.stringify(span.attributes));
  rows.duration.push(span.durationNs);
  rows.kind.push(KIND_CODE[span.kind]);
  rows.status.push(STATUS_CODE[span.status]);
  rows.scope.push(scope);
  rows.details.push(detailsJson(span, traceState, links));
  rows.count++;
}
