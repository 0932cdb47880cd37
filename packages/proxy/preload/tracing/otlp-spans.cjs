// Encodes a batch of the preload's recorded spans as an OTLP ExportTraceServiceRequest, in protobuf
// (http/protobuf, the default) or in OTLP/JSON (http/json): one resource, a ScopeSpans per
// instrumentation scope. Field numbers are those of opentelemetry/proto/trace/v1/trace.proto.
'use strict';

const { ProtobufWriter } = require('../protobuf-writer.cjs');

/** Span flags (trace.proto SpanFlags): the W3C flags, and whether the parent was remote is known (0x100) and true (0x200). */
function spanFlags(span) {
  return 0x01 | 0x100 | (span.parentIsRemote ? 0x200 : 0);
}

function traceStateText(traceState) {
  if (traceState === undefined || traceState === null) return '';
  return typeof traceState === 'string' ? traceState : traceState.serialize();
}

// ---- protobuf ------------------------------------------------------------------------------------

function writeScalarAnyValue(w, value) {
  if (typeof value === 'string') w.string(1, value);
  else if (typeof value === 'boolean') w.uint(2, value ? 1 : 0);
  else if (Number.isInteger(value)) w.int64(3, value);
  else w.double(4, value);
}

function writeKeyValue(w, field, key, value) {
  if (!Array.isArray(value) && !(value instanceof Uint8Array)) {
    w.keyValue(field, key, value);
    return;
  }
  w.message(field, (kv) => {
    kv.string(1, key);
    kv.message(2, (any) => {
      if (value instanceof Uint8Array) any.bytes(7, value);
      else
        any.message(5, (array) => {
          for (const item of value)
            array.message(1, (v) => item !== null && item !== undefined && writeScalarAnyValue(v, item));
        });
    });
  });
}

function writeAttributes(w, field, attributes) {
  for (const key in attributes) writeKeyValue(w, field, key, attributes[key]);
}

// Span attributes whose string value repeats from span to span (methods, schemes, hosts, routes, the
// statements of a prepared query) are encoded once and copied after. Bounded in all: once full, new values
// are encoded as they come.
const MAX_CACHED_VALUES = 4096;
const MAX_CACHED_LENGTH = 256;
const encodedAttributes = new Map();
let cachedValues = 0;
const scratch = new ProtobufWriter(512);

function cachedAttribute(key, value) {
  let byValue = encodedAttributes.get(key);
  if (byValue === undefined) {
    byValue = new Map();
    encodedAttributes.set(key, byValue);
  }
  let bytes = byValue.get(value);
  if (bytes === undefined) {
    if (cachedValues >= MAX_CACHED_VALUES) return undefined;
    bytes = Buffer.from(scratch.truncate(0).keyValue(9, key, value).finish());
    byValue.set(value, bytes);
    cachedValues++;
  }
  return bytes;
}

function writeSpanAttributes(w, attributes) {
  for (const key in attributes) {
    const value = attributes[key];
    const bytes =
      typeof value === 'string' && value.length <= MAX_CACHED_LENGTH
        ? cachedAttribute(key, value)
        : undefined;
    if (bytes !== undefined) w.raw(bytes);
    else writeKeyValue(w, 9, key, value);
  }
}

function writeSpan(w, span) {
  w.hex(1, span.traceId).hex(2, span.spanId);
  const traceState = traceStateText(span.traceState);
  if (traceState) w.string(3, traceState);
  if (span.parentSpanId) w.hex(4, span.parentSpanId);
  w.string(5, span.name)
    .uint(6, span.kind + 1)
    .fixed64Nanos(7, span.startMs)
    .fixed64Nanos(8, span.endMs);
  writeSpanAttributes(w, span.attributes);
  if (span.droppedAttributes) w.uint(10, span.droppedAttributes);
  for (const event of span.events)
    w.message(11, (e) => {
      e.fixed64Nanos(1, event.timeMs).string(2, event.name);
      writeAttributes(e, 3, event.attributes);
      if (event.droppedAttributes) e.uint(4, event.droppedAttributes);
    });
  if (span.droppedEvents) w.uint(12, span.droppedEvents);
  for (const link of span.links)
    w.message(13, (l) => {
      l.hex(1, link.context.traceId).hex(2, link.context.spanId);
      const linkState = traceStateText(link.context.traceState);
      if (linkState) l.string(3, linkState);
      writeAttributes(l, 4, link.attributes);
      if (link.droppedAttributes) l.uint(5, link.droppedAttributes);
      l.fixed32(6, (link.context.traceFlags & 0xff) | 0x100 | (link.context.isRemote ? 0x200 : 0));
    });
  if (span.droppedLinks) w.uint(14, span.droppedLinks);
  if (span.status.code !== 0)
    w.message(15, (s) => {
      if (span.status.message) s.string(2, span.status.message);
      s.uint(3, span.status.code);
    });
  w.fixed32(16, spanFlags(span));
}

/** Spans grouped by their instrumentation scope object, in first-seen order. */
function byScope(spans) {
  const groups = new Map();
  for (const span of spans) {
    const list = groups.get(span.scope);
    if (list) list.push(span);
    else groups.set(span.scope, [span]);
  }
  return groups;
}

/** A Resource message's bytes (encoded once: it is the same for every request). */
function encodeResource(resource) {
  const w = new ProtobufWriter(256);
  writeAttributes(w, 1, resource);
  return Buffer.from(w.finish());
}

/** An InstrumentationScope message's bytes. */
function encodeScope(scope) {
  const w = new ProtobufWriter(64);
  w.string(1, scope.name);
  if (scope.version) w.string(2, scope.version);
  return Buffer.from(w.finish());
}

/** Appends `span` to `w` as a ScopeSpans.spans field (2): spans are encoded as they end, not kept. */
function appendSpan(w, span) {
  w.message(2, (s) => writeSpan(s, span));
}

/**
 * The ExportTraceServiceRequest around already-encoded parts: the resource's bytes and, per scope, its
 * scope's bytes and its spans (appendSpan's output), assembled by length prefixes without re-encoding.
 */
function envelope(resourceBytes, scopes) {
  const parts = [];
  const prefix = (field, length) => Buffer.from(new ProtobufWriter(16).lengthPrefix(field, length).finish());
  const resourceField = [prefix(1, resourceBytes.length), resourceBytes];
  let resourceSpansLength = resourceField[0].length + resourceBytes.length;
  for (const { scopeBytes, spanBytes } of scopes) {
    const scopeField = prefix(1, scopeBytes.length);
    const scopeSpansLength = scopeField.length + scopeBytes.length + spanBytes.length;
    const head = prefix(2, scopeSpansLength);
    parts.push(head, scopeField, scopeBytes, spanBytes);
    resourceSpansLength += head.length + scopeSpansLength;
  }
  return Buffer.concat([prefix(1, resourceSpansLength), ...resourceField, ...parts]);
}

/** The request body for `spans`, with `resource` as a flat attributes object. */
function encodeSpansProtobuf(resource, spans) {
  const scopes = [];
  for (const [scope, list] of byScope(spans)) {
    const w = new ProtobufWriter(512 * list.length);
    for (const span of list) appendSpan(w, span);
    scopes.push({ scopeBytes: encodeScope(scope), spanBytes: w.finish() });
  }
  return envelope(encodeResource(resource), scopes);
}

// ---- OTLP/JSON -----------------------------------------------------------------------------------

/** Epoch ms → nanoseconds as the decimal string OTLP/JSON carries (exact: BigInt on whole ms). */
function nanosText(ms) {
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

function anyValueJson(value) {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (value instanceof Uint8Array) return { bytesValue: Buffer.from(value).toString('base64') };
  if (Array.isArray(value))
    return {
      arrayValue: { values: value.map((v) => (v === null || v === undefined ? {} : anyValueJson(v))) },
    };
  return {};
}

function attributesJson(attributes) {
  const out = [];
  for (const key in attributes) out.push({ key, value: anyValueJson(attributes[key]) });
  return out;
}

function spanJson(span) {
  const json = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: span.kind + 1,
    startTimeUnixNano: nanosText(span.startMs),
    endTimeUnixNano: nanosText(span.endMs),
    attributes: attributesJson(span.attributes),
    flags: spanFlags(span),
  };
  const traceState = traceStateText(span.traceState);
  if (traceState) json.traceState = traceState;
  if (span.parentSpanId) json.parentSpanId = span.parentSpanId;
  if (span.droppedAttributes) json.droppedAttributesCount = span.droppedAttributes;
  if (span.events.length > 0)
    json.events = span.events.map((e) => ({
      timeUnixNano: nanosText(e.timeMs),
      name: e.name,
      attributes: attributesJson(e.attributes),
    }));
  if (span.links.length > 0)
    json.links = span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      attributes: attributesJson(l.attributes),
    }));
  if (span.status.code !== 0)
    json.status = span.status.message
      ? { code: span.status.code, message: span.status.message }
      : { code: span.status.code };
  return json;
}

function encodeSpansJson(resource, spans) {
  const scopeSpans = [];
  for (const [scope, list] of byScope(spans))
    scopeSpans.push({
      scope: scope.version ? { name: scope.name, version: scope.version } : { name: scope.name },
      spans: list.map(spanJson),
    });
  return Buffer.from(
    JSON.stringify({ resourceSpans: [{ resource: { attributes: attributesJson(resource) }, scopeSpans }] }),
  );
}

module.exports = { appendSpan, encodeResource, encodeScope, encodeSpansJson, encodeSpansProtobuf, envelope };
