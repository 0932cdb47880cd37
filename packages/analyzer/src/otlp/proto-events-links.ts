// Span events and links from OTLP protobuf (trace.proto Span.Event, Span.Link), for otlp-proto-traces.
import type { SpanEvent } from '@loadlens/types';
import type { SpanLink } from './decoded-span.ts';
import { readKeyValue } from './proto-attributes.ts';
import {
  type ProtoReader,
  readFixed64Parts,
  readHex,
  readLengthEnd,
  readString,
  readVarint,
  skipField,
} from './proto-reader.ts';

// Scratch for an event time's fixed64 halves.
const times = new Uint32Array(2);

export function readEvent(r: ProtoReader, end: number): SpanEvent {
  const event: SpanEvent = { name: '', timeNs: 0, attributes: {} };
  while (r.pos < end) {
    const tag = readVarint(r, end);
    if (tag === 0x09) {
      readFixed64Parts(r, end, times, 0);
      event.timeNs = times[1]! * 2 ** 32 + times[0]!;
    } else if (tag === 0x12) event.name = readString(r, end);
    else if (tag === 0x1a) readKeyValue(r, readLengthEnd(r, end), event.attributes, true);
    else skipField(r, tag & 7, end);
  }
  return event;
}

export function readLink(r: ProtoReader, end: number): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: {} };
  while (r.pos < end) {
    const tag = readVarint(r, end);
    if (tag === 0x0a || tag === 0x12) {
      const idEnd = readLengthEnd(r, end);
      const hex = readHex(r, r.pos, idEnd - r.pos);
      if (tag === 0x0a) link.traceId = hex;
      else link.spanId = hex;
      r.pos = idEnd;
    } else if (tag === 0x1a) link.traceState = readString(r, end);
    else if (tag === 0x22) readKeyValue(r, readLengthEnd(r, end), link.attributes, false);
    else skipField(r, tag & 7, end);
  }
  return link;
}
