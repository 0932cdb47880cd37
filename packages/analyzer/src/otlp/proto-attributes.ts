// OTLP KeyValue/AnyValue (opentelemetry/proto/common/v1/common.proto) from protobuf into contract
// attribute values: scalars as they are, arrays of scalars as arrays, kvlists and bytes as strings.
import type { AttributeValue } from '@loadlens/types';
import {
  ProtoError,
  type ProtoReader,
  readDouble,
  readInt64,
  readLengthEnd,
  readString,
  readVarint,
  skipField,
} from './proto-reader.ts';
import { putAttribute } from './semconv-attributes.ts';

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
    if (field === 1 && wire === 2) value = readString(r, end);
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
    if (tag === 0x0a) key = readString(r, end);
    else if (tag === 0x12) value = readAnyValue(r, readLengthEnd(r, end));
    else skipField(r, tag & 7, end);
  }
  if (value === undefined) return;
  if (rename) putAttribute(target, key, value);
  else target[key] = value;
}
