// OTLP KeyValue/AnyValue (opentelemetry/proto/common/v1/common.proto) from protobuf into contract
// attribute values: scalars as they are, arrays of scalars as arrays, kvlists and bytes as strings.
import type { AttributeValue } from '@loadlens/types';
import {
  ProtoError,
  type ProtoReader,
  readDouble,
  readInt64,
  readLengthEnd,
  readVarint,
  skipField,
} from './proto-reader.ts';
import { putAttribute } from './semconv-attributes.ts';

// Attribute keys, and many short values (a db system, a host, a method), are the same bytes in every
// span: each is decoded once into a small direct-mapped cache and the same string handed out after. A
// fresh string per key per span was hashed by the semconv rename lookup and again when set as a property
// (putAttribute was the costliest JS function in the collector's profile). Bounded: 256 slots each, and
// only strings of up to 64 bytes; a slot taken by another string is simply overwritten.
const SLOTS = 256;
const MAX_CACHED_BYTES = 64;
const keyCache = { bytes: new Array<Uint8Array | undefined>(SLOTS), texts: new Array<string>(SLOTS) };
const valueCache = { bytes: new Array<Uint8Array | undefined>(SLOTS), texts: new Array<string>(SLOTS) };

/** A length-delimited string as readString decodes it, through `cache` when it is short. */
function readCachedString(r: ProtoReader, end: number, cache: typeof keyCache): string {
  const fieldEnd = readLengthEnd(r, end);
  const start = r.pos;
  const length = fieldEnd - start;
  r.pos = fieldEnd;
  if (length > MAX_CACHED_BYTES) return r.bytes.toString('utf8', start, fieldEnd);
  const buf = r.buf;
  let h = 0x811c9dc5;
  for (let i = start; i < fieldEnd; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  const slot = (h >>> 0) & (SLOTS - 1);
  const known = cache.bytes[slot];
  if (known !== undefined && known.length === length) {
    let same = true;
    for (let i = 0; i < length; i++)
      if (known[i] !== buf[start + i]) {
        same = false;
        break;
      }
    if (same) return cache.texts[slot]!;
  }
  const text = r.bytes.toString('utf8', start, fieldEnd);
  cache.bytes[slot] = buf.slice(start, fieldEnd);
  cache.texts[slot] = text;
  return text;
}

function bytesToBase64(buf: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < buf.length; i++) binary += String.fromCharCode(buf[i]!);
  return btoa(binary);
}

/** AnyValue message ending at `end`; undefined for an empty AnyValue. */
export function readAnyValue(r: ProtoReader, end: number): AttributeValue | undefined {
  let value: AttributeValue | undefined;
  while (r.pos < end) {
    const tag = readVarint(r, end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 2) value = readCachedString(r, end, valueCache);
    else if (field === 2 && wire === 0) value = readVarint(r, end) !== 0;
    else if (field === 3 && wire === 0) value = readInt64(r, end);
    else if (field === 4 && wire === 1) value = readDouble(r, end);
    else if (field === 5 && wire === 2) value = readArrayValue(r, readLengthEnd(r, end));
    else if (field === 6 && wire === 2) {
      const record: Record<string, AttributeValue> = {};
      const listEnd = readLengthEnd(r, end);
      while (r.pos < listEnd) {
        const t = readVarint(r, listEnd);
        if (t === 0x0a) readKeyValue(r, readLengthEnd(r, listEnd), record, false);
        else skipField(r, t & 7, listEnd);
      }
      value = JSON.stringify(record);
    } else if (field === 7 && wire === 2) {
      const bytesEnd = readLengthEnd(r, end);
      value = bytesToBase64(r.buf.subarray(r.pos, bytesEnd));
      r.pos = bytesEnd;
    } else skipField(r, wire, end);
  }
  if (r.pos !== end) throw new ProtoError('AnyValue overran its length');
  return value;
}

function readArrayValue(r: ProtoReader, end: number): (string | number | boolean)[] {
  const out: (string | number | boolean)[] = [];
  while (r.pos < end) {
    const tag = readVarint(r, end);
    if (tag === 0x0a) {
      const v = readAnyValue(r, readLengthEnd(r, end));
      if (v !== undefined) out.push(Array.isArray(v) ? JSON.stringify(v) : v);
    } else skipField(r, tag & 7, end);
  }
  return out;
}

/** KeyValue message ending at `end`, stored into `target` (renamed to stable semconv when `rename`). */
export function readKeyValue(
  r: ProtoReader,
  end: number,
  target: Record<string, AttributeValue>,
  rename: boolean,
): void {
  let key = '';
  let value: AttributeValue | undefined;
  while (r.pos < end) {
    const tag = readVarint(r, end);
    if (tag === 0x0a) key = readCachedString(r, end, keyCache);
    else if (tag === 0x12) value = readAnyValue(r, readLengthEnd(r, end));
    else skipField(r, tag & 7, end);
  }
  if (value === undefined) return;
  if (rename) putAttribute(target, key, value);
  else target[key] = value;
}
