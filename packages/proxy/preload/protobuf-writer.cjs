// A minimal protobuf wire-format writer: just what OTLP's ExportTraceServiceRequest needs (varints,
// length-delimited fields, fixed32/fixed64, doubles). It runs once per span, in the proxy when a proxied
// request ends (src/span-export-queue.ts) and in the preload when a batch is exported, so it writes into
// reused buffers instead of allocating one per field. Plain CommonJS so the preload, which runs inside the
// user's server, shares it with the proxy's TypeScript (src/protobuf-writer.ts re-exports it).
'use strict';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

/** Bytes of `value` as an unsigned varint. */
function varintSize(value) {
  let size = 1;
  let v = value;
  while (v > 0x7f) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

/** Each ASCII code's hex digit value (either case), 0 for the rest; codes past 127 read undefined, also 0. */
const HEX_DIGIT = new Uint8Array(128);
for (let d = 0; d < 10; d++) HEX_DIGIT[48 + d] = d;
for (let d = 0; d < 6; d++) {
  HEX_DIGIT[65 + d] = 10 + d;
  HEX_DIGIT[97 + d] = 10 + d;
}

/** Attribute keys repeat on every span: each one's encoded `key` field (tag, length, UTF-8) is kept. */
const keyFields = new Map();
/** Keys are the proxy's own fixed names; the bound only guards against a caller with unbounded keys. */
const MAX_CACHED_KEYS = 256;

function encodedKeyField(key) {
  let encoded = keyFields.get(key);
  if (encoded === undefined) {
    const bytes = Buffer.from(key, 'utf8');
    encoded = Buffer.concat([Buffer.from([(1 << 3) | WIRE_LENGTH]), varintBytes(bytes.length), bytes]);
    if (keyFields.size < MAX_CACHED_KEYS) keyFields.set(key, encoded);
  }
  return encoded;
}

function varintBytes(value) {
  const out = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

class ProtobufWriter {
  /** `initialBytes` small for nested messages: most are a key/value of a few dozen bytes. */
  constructor(initialBytes = 64) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
    this.length = 0;
    this.child = undefined;
  }

  reserve(bytes) {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Unsigned varint of a non-negative safe integer. */
  varint(value) {
    this.reserve(10);
    let v = value;
    while (v > 0x7f) {
      this.buffer[this.length++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buffer[this.length++] = v;
    return this;
  }

  tag(field, wire) {
    this.varint(field * 8 + wire);
  }

  uint(field, value) {
    this.tag(field, WIRE_VARINT);
    return this.varint(value);
  }

  /** int64 as protobuf writes it: negatives as 10-byte two's complement. */
  int64(field, value) {
    if (value >= 0) return this.uint(field, value);
    this.tag(field, WIRE_VARINT);
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
    return this;
  }

  /**
   * Epoch milliseconds (fractional) as fixed64 nanoseconds, exact and without BigInt: the nanosecond
   * count (≈ 1.8e18) is built from 32-bit halves, each product staying below 2^53.
   */
  fixed64Nanos(field, epochMs) {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    const whole = Math.floor(epochMs);
    const sub = Math.round((epochMs - whole) * 1e6); // 0..1e6 ns within the millisecond
    const wholeHigh = Math.floor(whole / 0x1_0000_0000);
    const low = (whole % 0x1_0000_0000) * 1e6 + sub; // < 2^32 × 1e6 + 1e6 < 2^53
    const carry = Math.floor(low / 0x1_0000_0000);
    this.buffer.writeUInt32LE(low % 0x1_0000_0000, this.length);
    this.buffer.writeUInt32LE(wholeHigh * 1e6 + carry, this.length + 4);
    this.length += 8;
    return this;
  }

  fixed32(field, value) {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    this.buffer.writeUInt32LE(value >>> 0, this.length);
    this.length += 4;
    return this;
  }

  double(field, value) {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    this.buffer.writeDoubleLE(value, this.length);
    this.length += 8;
    return this;
  }

  bytes(field, value) {
    this.tag(field, WIRE_LENGTH);
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(field, value) {
    const bytes = Buffer.byteLength(value);
    this.tag(field, WIRE_LENGTH);
    this.varint(bytes);
    this.reserve(bytes);
    this.buffer.write(value, this.length, 'utf8');
    this.length += bytes;
    return this;
  }

  /**
   * Bytes given as hex text (trace and span ids), decoded straight into the buffer. A loop over the digits
   * rather than Buffer#write: for 8 or 16 bytes the call into C++ cost more than the decoding, three times
   * per span. A character that is not a hex digit counts as 0, so the bytes always match the length written.
   */
  hex(field, value) {
    const bytes = value.length >>> 1;
    this.tag(field, WIRE_LENGTH);
    this.varint(bytes);
    this.reserve(bytes);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < bytes * 2; i += 2)
      buffer[at++] = (HEX_DIGIT[value.charCodeAt(i)] << 4) | HEX_DIGIT[value.charCodeAt(i + 1)];
    this.length = at;
    return this;
  }

  /** The tag and length of a length-delimited field whose `length` bytes of content follow separately. */
  lengthPrefix(field, length) {
    this.tag(field, WIRE_LENGTH);
    return this.varint(length);
  }

  /** Bytes written so far. */
  get size() {
    return this.length;
  }

  /** Forgets everything after the first `keep` bytes, keeping the buffer for reuse. */
  truncate(keep) {
    this.length = Math.min(keep, this.length);
    return this;
  }

  /** Advances over `bytes` bytes left to be filled in later with fill(). */
  skip(bytes) {
    this.reserve(bytes);
    this.length += bytes;
    return this;
  }

  /**
   * Writes `bytes` so they end at offset `end` (inside space kept with skip()) and returns the buffer from
   * their start to the end of what is written: a header put in front of a body without copying the body.
   */
  fillBefore(end, bytes) {
    const start = end - bytes.length;
    if (start < 0) throw new RangeError(`fillBefore: ${bytes.length} bytes do not fit in ${end}`);
    this.buffer.set(bytes, start);
    return this.buffer.subarray(start, this.length);
  }

  /** Already-encoded fields, appended as they are. */
  raw(encoded) {
    this.reserve(encoded.length);
    this.buffer.set(encoded, this.length);
    this.length += encoded.length;
    return this;
  }

  /**
   * A nested message, built by `build` into this writer's child writer. The child is reused for every
   * nested message at this depth (builds never overlap), so encoding a batch allocates no per-message
   * buffers once warm.
   */
  message(field, build) {
    this.child ??= new ProtobufWriter();
    const inner = this.child;
    inner.length = 0;
    build(inner);
    return this.bytes(field, inner.buffer.subarray(0, inner.length));
  }

  /**
   * An OTLP KeyValue (common/v1) written in one pass: its size is computed, not built in a child writer.
   * Integers go out as int_value, other numbers as double_value.
   */
  keyValue(field, key, value) {
    const keyField = encodedKeyField(key);
    let anyBytes;
    let valueBytes = 0;
    if (typeof value === 'string') {
      valueBytes = Buffer.byteLength(value);
      anyBytes = 1 + varintSize(valueBytes) + valueBytes;
    } else if (typeof value === 'boolean') anyBytes = 2;
    else if (Number.isInteger(value) && value >= 0) anyBytes = 1 + varintSize(value);
    else if (Number.isInteger(value))
      anyBytes = 11; // negative int64: ten varint bytes
    else anyBytes = 9;
    const kvBytes = keyField.length + 1 + varintSize(anyBytes) + anyBytes;
    this.tag(field, WIRE_LENGTH);
    this.varint(kvBytes);
    this.raw(keyField);
    this.tag(2, WIRE_LENGTH);
    this.varint(anyBytes);
    if (typeof value === 'string') {
      this.tag(1, WIRE_LENGTH);
      this.varint(valueBytes);
      this.reserve(valueBytes);
      this.buffer.write(value, this.length, valueBytes, 'utf8');
      this.length += valueBytes;
    } else if (typeof value === 'boolean') this.uint(2, value ? 1 : 0);
    else if (Number.isInteger(value)) this.int64(3, value);
    else this.double(4, value);
    return this;
  }

  finish() {
    return this.buffer.subarray(0, this.length);
  }
}

module.exports = { ProtobufWriter };
