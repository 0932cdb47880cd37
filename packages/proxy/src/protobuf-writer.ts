// A minimal protobuf wire-format writer: just what OTLP's ExportTraceServiceRequest needs (varints,
// length-delimited fields, fixed64, doubles). Runs off the hot path, once per export batch.

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;

export class ProtobufWriter {
  private buffer: Buffer;
  private length = 0;

  /** `initialBytes` small for nested messages: most are a key/value of a few dozen bytes. */
  constructor(initialBytes = 64) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Unsigned varint of a non-negative safe integer. */
  varint(value: number): this {
    this.reserve(10);
    let v = value;
    while (v > 0x7f) {
      this.buffer[this.length++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buffer[this.length++] = v;
    return this;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  uint(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    return this.varint(value);
  }

  /** int64 as protobuf writes it: negatives as 10-byte two's complement. */
  int64(field: number, value: number): this {
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

  fixed64(field: number, value: bigint): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    this.buffer.writeBigUInt64LE(value, this.length);
    this.length += 8;
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    this.buffer.writeDoubleLE(value, this.length);
    this.length += 8;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH);
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(field: number, value: string): this {
    const bytes = Buffer.byteLength(value);
    this.tag(field, WIRE_LENGTH);
    this.varint(bytes);
    this.reserve(bytes);
    this.buffer.write(value, this.length, 'utf8');
    this.length += bytes;
    return this;
  }

  /** Bytes given as hex text (trace and span ids). */
  hex(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'hex'));
  }

  /** A nested message, built by `build` into its own writer. */
  message(field: number, build: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
