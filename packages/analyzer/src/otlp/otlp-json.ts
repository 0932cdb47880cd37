// Decodes an OTLP/JSON ExportTraceServiceRequest (the OTLP/HTTP JSON body, an OTLP file exporter line,
// Jaeger v2's /api/v3 `result`) into normalized spans. Structural problems name the JSON path.
import { type AttributeValue, InputError, type NormalizedSpan, type SpanEvent } from '@loadlens/types';
import { NO_LINKS, type SpanLink, type SpanScope, type SpanSink, serviceOf } from './decoded-span.ts';
import { idFromJson, isZeroId } from './ids.ts';
import { exactDiffNs, exactNanos, nanosOf } from './nanos.ts';
import { putAttribute } from './semconv-attributes.ts';
import { kindOf, statusOf } from './span-enums.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
// One shared empty list for absent fields (a span without events or links is the usual case): only read.
const NONE: readonly unknown[] = [];
const listAt = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : NONE);

/** An OTLP AnyValue in JSON as a contract attribute value; kvlists and bytes become strings. */
export function anyValueFromJson(value: unknown): AttributeValue | undefined {
  if (!isObject(value)) return undefined;
  if ('stringValue' in value) return String(value.stringValue);
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('boolValue' in value) return value.boolValue === true;
  if ('arrayValue' in value) {
    const out: (string | number | boolean)[] = [];
    for (const item of listAt((value.arrayValue as Json | undefined)?.values)) {
      const v = anyValueFromJson(item);
      if (v !== undefined) out.push(Array.isArray(v) ? JSON.stringify(v) : v);
    }
    return out;
  }
  if ('kvlistValue' in value) {
    const record: Record<string, AttributeValue> = {};
    for (const kv of listAt((value.kvlistValue as Json | undefined)?.values)) {
      if (isObject(kv) && typeof kv.key === 'string') {
        const v = anyValueFromJson(kv.value);
        if (v !== undefined) record[kv.key] = v;
      }
    }
    return JSON.stringify(record);
  }
  if ('bytesValue' in value) return String(value.bytesValue);
  return undefined;
}

export function attributesFromJson(list: unknown, rename = true): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of listAt(list)) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const value = anyValueFromJson(kv.value);
    if (value === undefined) continue;
    if (rename) putAttribute(out, kv.key, value);
    else out[kv.key] = value;
  }
  return out;
}

function fail(where: string, path: string, expected: string): never {
  throw new InputError(`${where}: ${path}: expected ${expected}`);
}

/**
 * Decodes every span of an OTLP/JSON trace export into `sink`; returns the span count.
 * `where` prefixes error messages (e.g. `spans.jsonl:12`).
 * @example decodeOtlpJson(JSON.parse(line), 'spans.jsonl:1', (span) => spans.push(span))
 */
export function decodeOtlpJson(doc: unknown, where: string, sink: SpanSink): number {
  if (!isObject(doc) || !Array.isArray(doc.resourceSpans))
    fail(where, 'resourceSpans', 'an array (is this an OTLP trace export?)');
  let count = 0;
  const resourceSpans = doc.resourceSpans as unknown[];
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r];
    if (!isObject(rs)) fail(where, `resourceSpans[${r}]`, 'an object');
    const resource = attributesFromJson((rs.resource as Json | undefined)?.attributes, false);
    const service = serviceOf(resource);
    const scopeList = listAt(rs.scopeSpans ?? rs.instrumentationLibrarySpans);
    for (let s = 0; s < scopeList.length; s++) {
      const ss = scopeList[s];
      if (!isObject(ss)) fail(where, `resourceSpans[${r}].scopeSpans[${s}]`, 'an object');
      const scopeJson = (ss.scope ?? ss.instrumentationLibrary) as Json | undefined;
      const scope: SpanScope = {
        resource,
        service,
        scopeName: typeof scopeJson?.name === 'string' ? scopeJson.name : '',
        scopeVersion: typeof scopeJson?.version === 'string' ? scopeJson.version : '',
      };
      const spans = listAt(ss.spans);
      for (let i = 0; i < spans.length; i++) {
        decodeSpan(spans[i], scope, where, r, s, i, sink);
        count++;
      }
    }
  }
  return count;
}

// The raw trace and parent ids of the span decoded last, and what idFromJson made of them: the spans of a
// trace sit together and siblings share a parent, so most ids are the text just seen. Reusing the result
// skips the hex check and makes the spans of a trace share one id string (later compares are pointer
// compares).
const UNSEEN = Symbol('no id decoded yet');
let lastRawTraceId: unknown = UNSEEN;
let lastTraceId: string | undefined;
let lastRawParent: unknown = UNSEEN;
let lastParent: string | undefined;

/** The JSON path of a span, built only for an error message (a string per span showed in profiles). */
const spanPath = (r: number, s: number, i: number, field: string) =>
  `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]${field}`;

function decodeSpan(
  raw: unknown,
  scope: SpanScope,
  where: string,
  r: number,
  s: number,
  i: number,
  sink: SpanSink,
): void {
  if (!isObject(raw)) fail(where, spanPath(r, s, i, ''), 'an object');
  if (raw.traceId !== lastRawTraceId) {
    lastRawTraceId = raw.traceId;
    lastTraceId = idFromJson(raw.traceId, 16);
  }
  const traceId = lastTraceId;
  if (!traceId) fail(where, spanPath(r, s, i, '.traceId'), '32 hex digits');
  const spanId = idFromJson(raw.spanId, 8);
  if (!spanId) fail(where, spanPath(r, s, i, '.spanId'), '16 hex digits');
  if (raw.parentSpanId !== lastRawParent) {
    lastRawParent = raw.parentSpanId;
    lastParent = idFromJson(raw.parentSpanId, 8);
  }
  const parent = lastParent;
  if (parent === undefined) fail(where, spanPath(r, s, i, '.parentSpanId'), '16 hex digits or empty');
  const startNs = nanosOf(raw.startTimeUnixNano);
  if (startNs === undefined)
    fail(where, spanPath(r, s, i, '.startTimeUnixNano'), 'an integer nanosecond time');
  const kind = kindOf(raw.kind);
  if (!kind) fail(where, spanPath(r, s, i, '.kind'), 'a SpanKind');
  const statusJson = isObject(raw.status) ? raw.status : undefined;
  const status = statusOf(statusJson?.code);
  if (!status) fail(where, spanPath(r, s, i, '.status.code'), 'a StatusCode');
  const events: SpanEvent[] = [];
  for (const e of listAt(raw.events)) {
    if (!isObject(e)) continue;
    events.push({
      name: typeof e.name === 'string' ? e.name : '',
      timeNs: nanosOf(e.timeUnixNano) ?? startNs,
      attributes: attributesFromJson(e.attributes),
    });
  }
  const span: NormalizedSpan = {
    traceId,
    spanId,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind,
    service: scope.service,
    startNs,
    durationNs: exactDiffNs(raw.endTimeUnixNano, raw.startTimeUnixNano),
    status,
    attributes: attributesFromJson(raw.attributes),
    events,
  };
  if (parent !== '' && !isZeroId(parent)) span.parentSpanId = parent;
  if (typeof statusJson?.message === 'string' && statusJson.message !== '')
    span.statusMessage = statusJson.message;
  const linksJson = listAt(raw.links);
  let links = NO_LINKS;
  if (linksJson.length > 0) {
    links = [];
    for (const l of linksJson) {
      if (!isObject(l)) continue;
      links.push({
        traceId: idFromJson(l.traceId, 16) ?? '',
        spanId: idFromJson(l.spanId, 8) ?? '',
        traceState: typeof l.traceState === 'string' ? l.traceState : '',
        attributes: attributesFromJson(l.attributes, false),
      } satisfies SpanLink);
    }
  }
  sink(
    span,
    scope,
    typeof raw.traceState === 'string' ? raw.traceState : '',
    links,
    exactNanos(raw.startTimeUnixNano),
  );
}
