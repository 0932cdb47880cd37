// Converts the Jaeger UI's "Download JSON" format ({data: [{traceID, spans, processes}]}, times in µs)
// into normalized spans. Jaeger keeps the OTLP kind and status as tags; they move back into fields.
import { type AttributeValue, InputError, type NormalizedSpan, type SpanEvent } from '@loadlens/types';
import { putAttribute } from '../otlp/semconv-attributes.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const listAt = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// Tags the Jaeger OTLP translator adds to carry span fields (jaeger/internal/.../translator), not attributes.
const FIELD_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'otel.scope.name',
  'otel.scope.version',
  'otel.library.name',
  'otel.library.version',
  'internal.span.format',
  'error',
]);
const KINDS = new Set(['server', 'client', 'producer', 'consumer', 'internal']);

/** True when `doc` looks like a Jaeger download: `data` is an array of traces with `spans`. */
export function isJaegerDownload(doc: unknown): boolean {
  return isObject(doc) && Array.isArray(doc.data) && (doc.data.length === 0 || isObject(doc.data[0]));
}

function jaegerId(value: unknown, digits: 16 | 32): string | undefined {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{1,32}$/.test(value) || value.length > digits)
    return undefined;
  return value.toLowerCase().padStart(digits, '0');
}

function tagValue(tag: Json): AttributeValue | undefined {
  const v = tag.value;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  return v === undefined || v === null ? undefined : JSON.stringify(v);
}

function tagsOf(
  list: unknown,
  into: Record<string, AttributeValue>,
  fields?: Map<string, AttributeValue>,
): void {
  for (const tag of listAt(list)) {
    if (!isObject(tag) || typeof tag.key !== 'string') continue;
    const value = tagValue(tag);
    if (value === undefined) continue;
    if (fields && FIELD_TAGS.has(tag.key)) fields.set(tag.key, value);
    else putAttribute(into, tag.key, value);
  }
}

/**
 * The spans of one entry of `data[]`. `where` names the file and entry in errors.
 * @example jaegerTraceSpans(download.data[0], 'trace.json: data[0]')
 */
export function jaegerTraceSpans(trace: unknown, where: string): NormalizedSpan[] {
  if (!isObject(trace) || !Array.isArray(trace.spans))
    throw new InputError(`${where}: expected {traceID, spans}`);
  const processes = isObject(trace.processes) ? trace.processes : {};
  const out: NormalizedSpan[] = [];
  trace.spans.forEach((raw, i) => {
    const path = `${where}.spans[${i}]`;
    if (!isObject(raw)) throw new InputError(`${path}: expected an object`);
    const traceId = jaegerId(raw.traceID ?? trace.traceID, 32);
    const spanId = jaegerId(raw.spanID, 16);
    if (!traceId || !spanId) throw new InputError(`${path}: expected hex traceID and spanID`);
    if (typeof raw.startTime !== 'number' || typeof raw.duration !== 'number')
      throw new InputError(`${path}: expected startTime and duration in microseconds`);
    const startUs = raw.startTime;
    const process = isObject(processes[String(raw.processID)])
      ? (processes[String(raw.processID)] as Json)
      : undefined;
    const fields = new Map<string, AttributeValue>();
    const attributes: Record<string, AttributeValue> = {};
    tagsOf(raw.tags, attributes, fields);
    const kindTag = String(fields.get('span.kind') ?? 'internal');
    const statusTag = String(fields.get('otel.status_code') ?? '').toUpperCase();
    const status =
      statusTag === 'ERROR' || fields.get('error') === true ? 'error' : statusTag === 'OK' ? 'ok' : 'unset';
    const events: SpanEvent[] = listAt(raw.logs)
      .filter(isObject)
      .map((log) => {
        const eventAttributes: Record<string, AttributeValue> = {};
        const eventFields = new Map<string, AttributeValue>();
        tagsOf(log.fields, eventAttributes, eventFields);
        const name = eventAttributes.event;
        delete eventAttributes.event;
        return {
          name: typeof name === 'string' ? name : '',
          timeNs: typeof log.timestamp === 'number' ? log.timestamp * 1000 : startUs * 1000,
          attributes: eventAttributes,
        };
      });
    const parentRef = listAt(raw.references).find((r) => isObject(r) && r.refType === 'CHILD_OF') as
      | Json
      | undefined;
    const span: NormalizedSpan = {
      traceId,
      spanId,
      name: typeof raw.operationName === 'string' ? raw.operationName : '',
      kind: KINDS.has(kindTag) ? (kindTag as NormalizedSpan['kind']) : 'internal',
      service: typeof process?.serviceName === 'string' ? process.serviceName : 'unknown_service',
      startNs: startUs * 1000,
      durationNs: raw.duration * 1000,
      status,
      attributes,
      events,
    };
    const parent = parentRef ? jaegerId(parentRef.spanID, 16) : undefined;
    if (parent && !/^0+$/.test(parent)) span.parentSpanId = parent;
    const message = fields.get('otel.status_description');
    if (typeof message === 'string' && message !== '') span.statusMessage = message;
    out.push(span);
  });
  return out;
}
