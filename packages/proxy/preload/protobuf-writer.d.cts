// Types of protobuf-writer.cjs, for the proxy's TypeScript (src/protobuf-writer.ts).
export declare class ProtobufWriter {
  /** `initialBytes` small for nested messages: most are a key/value of a few dozen bytes. */
  constructor(initialBytes?: number);
  /** Unsigned varint of a non-negative safe integer. */
  varint(value: number): this;
  uint(field: number, value: number): this;
  /** int64 as protobuf writes it: negatives as 10-byte two's complement. */
  int64(field: number, value: number): this;
  /** Epoch milliseconds (fractional) as fixed64 nanoseconds, exact and without BigInt. */
  fixed64Nanos(field: number, epochMs: number): this;
  fixed32(field: number, value: number): this;
  double(field: number, value: number): this;
  bytes(field: number, value: Uint8Array): this;
  string(field: number, value: string): this;
  /** Bytes given as hex text (trace and span ids), decoded straight into the buffer. */
  hex(field: number, value: string): this;
  /** The tag and length of a length-delimited field whose `length` bytes of content follow separately. */
  lengthPrefix(field: number, length: number): this;
  /** Bytes written so far. */
  get size(): number;
  /** Forgets everything after the first `keep` bytes, keeping the buffer for reuse. */
  truncate(keep: number): this;
  /** Advances over `bytes` bytes left to be filled in later with fillBefore(). */
  skip(bytes: number): this;
  /** Writes `bytes` to end at offset `end` and returns the buffer from their start to the end written. */
  fillBefore(end: number, bytes: Uint8Array): Buffer;
  /** Already-encoded fields, appended as they are. */
  raw(encoded: Uint8Array): this;
  /** A nested message, built by `build` into a child writer reused at this depth. */
  message(field: number, build: (w: ProtobufWriter) => void): this;
  /** An OTLP KeyValue (common/v1) in one pass; integers as int_value, other numbers as double_value. */
  keyValue(field: number, key: string, value: string | number | boolean): this;
  finish(): Buffer;
}
