// A sampled span as the preload's tracer records it: the OpenTelemetry API's Span interface over plain
// fields (epoch-ms times, an attributes object), read directly by the aggregator and the encoders when it
// ends. The SDK's span does the same job with per-call attribute sanitising and HrTime arithmetic; this
// one checks a value once, when it is set.
'use strict';

const { positiveNumberFromEnv } = require('./otel-env.cjs');
const { nowMs, timeInputMs } = require('./time.cjs');

const STATUS_UNSET = 0;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

// The specification's limits and their variables; the value length is unlimited unless one is set.
const ATTRIBUTE_COUNT_LIMIT = positiveNumberFromEnv(
  process.env,
  'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
  positiveNumberFromEnv(process.env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', 128),
);
const VALUE_LENGTH_LIMIT = positiveNumberFromEnv(
  process.env,
  'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  positiveNumberFromEnv(process.env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Number.POSITIVE_INFINITY),
);
const EVENT_COUNT_LIMIT = Math.floor(positiveNumberFromEnv(process.env, 'OTEL_SPAN_EVENT_COUNT_LIMIT', 128));
const LINK_COUNT_LIMIT = Math.floor(positiveNumberFromEnv(process.env, 'OTEL_SPAN_LINK_COUNT_LIMIT', 128));

function isPrimitive(value) {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/** The value as it is kept, or undefined when the API would drop it (null, objects, mixed arrays). */
function attributeValue(value) {
  if (typeof value === 'string')
    return value.length > VALUE_LENGTH_LIMIT ? value.slice(0, VALUE_LENGTH_LIMIT) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    let type;
    for (const item of value) {
      if (item === null || item === undefined) continue;
      if (!isPrimitive(item) || (type !== undefined && typeof item !== type)) return undefined;
      type = typeof item;
    }
    return value.slice();
  }
  if (value instanceof Uint8Array) return value;
  return undefined;
}

/** Copies valid attributes from `source` into `target`, within the count limit; returns how many dropped. */
function copyAttributes(target, source, count) {
  let dropped = 0;
  let kept = count;
  for (const key in source) {
    const value = attributeValue(source[key]);
    if (value === undefined) continue;
    if (!(key in target)) {
      if (kept >= ATTRIBUTE_COUNT_LIMIT) {
        dropped++;
        continue;
      }
      kept++;
    }
    target[key] = value;
  }
  return { kept, dropped };
}

/** Shared by every span until it has an event or a link, and its status until one is set. */
const NONE = Object.freeze([]);
const UNSET = Object.freeze({ code: STATUS_UNSET, message: undefined });

class RecordingSpan {
  /**
   * @param onEnd called once with the span when it ends
   * @param scope the instrumentation scope ({ name, version }) that made it
   */
  constructor(onEnd, scope, name, kind, traceId, spanId, parent, startMs, attributes, links) {
    this.onEnd = onEnd;
    this.scope = scope;
    this.name = name;
    this.kind = kind;
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parent ? parent.spanId : undefined;
    this.parentIsRemote = parent ? parent.isRemote === true : false;
    this.traceState = parent?.traceState;
    // The span that started this process's part of the trace (itself, below a remote parent or none);
    // the tracer sets it for a child of a local span. localRecords is the aggregator's, on a local root:
    // what its descendants left for its stage times when they ended.
    this.localRoot = this;
    this.localRecords = undefined;
    this.context = undefined;
    this.startMs = startMs;
    this.endMs = undefined;
    this.attributes = {};
    this.attributeCount = 0;
    this.droppedAttributes = 0;
    this.events = NONE;
    this.droppedEvents = 0;
    this.links = NONE;
    this.droppedLinks = 0;
    this.status = UNSET;
    if (attributes) this.setAttributes(attributes);
    if (links) this.addLinks(links);
  }

  spanContext() {
    // Made when asked (a child span, an outgoing traceparent): many server spans are never asked.
    this.context ??= {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: 1,
      isRemote: false,
      traceState: this.traceState,
    };
    return this.context;
  }

  isRecording() {
    return this.endMs === undefined;
  }

  setAttribute(key, value) {
    if (this.endMs !== undefined) return this;
    const kept = attributeValue(value);
    if (kept === undefined) return this;
    if (!(key in this.attributes)) {
      if (this.attributeCount >= ATTRIBUTE_COUNT_LIMIT) {
        this.droppedAttributes++;
        return this;
      }
      this.attributeCount++;
    }
    this.attributes[key] = kept;
    return this;
  }

  /**
   * Takes `attributes` as the span's own, unchecked: for the preload's server spans, whose values are
   * strings and numbers it built itself and whose count is below the limit. Only before any other is set.
   */
  adoptAttributes(attributes, count) {
    if (VALUE_LENGTH_LIMIT !== Number.POSITIVE_INFINITY) return this.setAttributes(attributes);
    this.attributes = attributes;
    this.attributeCount = count;
    return this;
  }

  setAttributes(attributes) {
    if (this.endMs !== undefined || !attributes) return this;
    const { kept, dropped } = copyAttributes(this.attributes, attributes, this.attributeCount);
    this.attributeCount = kept;
    this.droppedAttributes += dropped;
    return this;
  }

  addEvent(name, attributesOrTime, time) {
    if (this.endMs !== undefined) return this;
    if (this.events.length >= EVENT_COUNT_LIMIT) {
      this.droppedEvents++;
      return this;
    }
    let attributes = attributesOrTime;
    let at = time;
    if (
      typeof attributesOrTime === 'number' ||
      Array.isArray(attributesOrTime) ||
      attributesOrTime instanceof Date
    ) {
      at = attributesOrTime;
      attributes = undefined;
    }
    const kept = {};
    const { dropped } = attributes ? copyAttributes(kept, attributes, 0) : { dropped: 0 };
    if (this.events === NONE) this.events = [];
    this.events.push({ name, timeMs: timeInputMs(at), attributes: kept, droppedAttributes: dropped });
    return this;
  }

  addLink(link) {
    if (this.endMs !== undefined || !link?.context) return this;
    if (this.links.length >= LINK_COUNT_LIMIT) {
      this.droppedLinks++;
      return this;
    }
    const kept = {};
    const { dropped } = link.attributes ? copyAttributes(kept, link.attributes, 0) : { dropped: 0 };
    if (this.links === NONE) this.links = [];
    this.links.push({ context: link.context, attributes: kept, droppedAttributes: dropped });
    return this;
  }

  addLinks(links) {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status) {
    if (this.endMs !== undefined || !status) return this;
    // As the SDK does: UNSET changes nothing, and OK is final.
    if (status.code === STATUS_UNSET || this.status.code === STATUS_OK) return this;
    this.status = {
      code: status.code,
      message:
        status.code === STATUS_ERROR && typeof status.message === 'string' ? status.message : undefined,
    };
    return this;
  }

  updateName(name) {
    if (this.endMs === undefined) this.name = name;
    return this;
  }

  recordException(exception, time) {
    const attributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else if (exception) {
      const type = exception.code !== undefined ? String(exception.code) : exception.name;
      if (type) attributes['exception.type'] = type;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    return this.addEvent('exception', attributes, time);
  }

  end(endTime) {
    if (this.endMs !== undefined) return;
    const endMs = endTime === undefined ? nowMs() : timeInputMs(endTime);
    this.endMs = Math.max(endMs, this.startMs);
    this.onEnd(this);
  }
}

module.exports = { RecordingSpan, STATUS_UNSET, STATUS_OK, STATUS_ERROR };
