// Decoded spans as column arrays, the shape the store's staging table takes in one appender call.
// Attribute maps travel as JSON text and become DuckDB MAPs inside DuckDB: converting them there is
// vectorized C++, while building a DuckDB MAP value per span in JS measured 4× slower (see BENCHMARKS.md).
import type { AttributeValue, NormalizedSpan } from '@loadlens/types';
import type { SpanLink, SpanScope } from '../otlp/decoded-span.ts';
import { STORE_KIND, STORE_STATUS } from './schema.ts';

/** One array per staging column, all of the same length. */
export interface SpanRows {
  count: number;
  timestamp: string[];
  traceId: string[];
  spanId: string[];
  parentSpanId: string[];
  traceState: string[];
  name: string[];
  kind: string[];
  service: string[];
  resource: string[];
  scopeName: string[];
  scopeVersion: string[];
  attributes: string[];
  attributeTypes: string[];
  duration: number[];
  status: string[];
  statusMessage: string[];
  events: (string | null)[];
  links: (string | null)[];
}

export function emptySpanRows(): SpanRows {
  return {
    count: 0,
    timestamp: [],
    traceId: [],
    spanId: [],
    parentSpanId: [],
    traceState: [],
    name: [],
    kind: [],
    service: [],
    resource: [],
    scopeName: [],
    scopeVersion: [],
    attributes: [],
    attributeTypes: [],
    duration: [],
    status: [],
    statusMessage: [],
    events: [],
    links: [],
  };
}

/** Attribute values as the ClickHouse exporter stores them: strings, arrays as JSON. */
function stringMap(attributes: Record<string, AttributeValue>): string {
  let plain = true;
  for (const key in attributes) {
    if (typeof attributes[key] !== 'string') {
      plain = false;
      break;
    }
  }
  if (plain) return JSON.stringify(attributes);
  const out: Record<string, string> = {};
  for (const key in attributes) {
    const value = attributes[key]!;
    out[key] =
      typeof value === 'string' ? value : Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return JSON.stringify(out);
}

/** `{"key":"n"|"b"|"a"}` for the values that are not strings; '' when all are (the common case). */
function typesOf(attributes: Record<string, AttributeValue>): string {
  let out: Record<string, string> | undefined;
  for (const key in attributes) {
    const value = attributes[key];
    if (typeof value === 'string') continue;
    out ??= {};
    out[key] = typeof value === 'number' ? 'n' : typeof value === 'boolean' ? 'b' : 'a';
  }
  return out ? JSON.stringify(out) : '';
}

const resourceJson = new WeakMap<object, string>();

/**
 * Appends one span to `rows`. `exactStart` is the start as a decimal uint64 string, so the store keeps
 * the nanoseconds the float64 `span.startNs` rounds.
 */
export function pushSpanRow(
  rows: SpanRows,
  span: NormalizedSpan,
  scope: SpanScope,
  traceState: string,
  links: SpanLink[],
  exactStart: string,
): void {
  let resource = resourceJson.get(scope.resource);
  if (resource === undefined) {
    resource = stringMap(scope.resource);
    resourceJson.set(scope.resource, resource);
  }
  rows.timestamp.push(exactStart);
  rows.traceId.push(span.traceId);
  rows.spanId.push(span.spanId);
  rows.parentSpanId.push(span.parentSpanId ?? '');
  rows.traceState.push(traceState);
  rows.name.push(span.name);
  rows.kind.push(STORE_KIND[span.kind]);
  rows.service.push(span.service);
  rows.resource.push(resource);
  rows.scopeName.push(scope.scopeName);
  rows.scopeVersion.push(scope.scopeVersion);
  rows.attributes.push(stringMap(span.attributes));
  rows.attributeTypes.push(typesOf(span.attributes));
  rows.duration.push(span.durationNs);
  rows.status.push(STORE_STATUS[span.status]);
  rows.statusMessage.push(span.statusMessage ?? '');
  rows.events.push(
    span.events.length === 0
      ? null
      : JSON.stringify({
          t: span.events.map((e) => BigInt(Math.round(e.timeNs)).toString()),
          n: span.events.map((e) => e.name),
          a: span.events.map((e) => JSON.parse(stringMap(e.attributes))),
        }),
  );
  rows.links.push(
    links.length === 0
      ? null
      : JSON.stringify({
          t: links.map((l) => l.traceId),
          s: links.map((l) => l.spanId),
          ts: links.map((l) => l.traceState),
          a: links.map((l) => JSON.parse(stringMap(l.attributes))),
        }),
  );
  rows.count++;
}
