// OTLP/HTTP response bodies (opentelemetry-proto collector/*/v1 and google.rpc.Status), in the encoding
// of the request as the OTLP/HTTP spec requires: protobuf for protobuf requests, JSON for JSON ones.

export type Encoding = 'protobuf' | 'json';

// google.rpc.Code values (googleapis google/rpc/code.proto) for the statuses the collector returns.
export const RPC_CODE = { invalidArgument: 3, resourceExhausted: 8, internal: 13, unavailable: 14 } as const;

const encoder = new TextEncoder();

function varint(value: number, out: number[]): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function stringField(field: number, text: string, out: number[]): void {
  const bytes = encoder.encode(text);
  out.push((field << 3) | 2);
  varint(bytes.length, out);
  for (const b of bytes) out.push(b);
}

/**
 * Export{Trace,Metrics}ServiceResponse: empty on full success; `partial_success` {rejected, message}
 * otherwise. The field names differ between traces (rejectedSpans) and metrics (rejectedDataPoints).
 */
export function exportResponse(
  encoding: Encoding,
  signal: 'traces' | 'metrics',
  rejected: number,
  message: string,
): Uint8Array {
  if (encoding === 'json') {
    if (rejected === 0) return encoder.encode('{}');
    const key = signal === 'traces' ? 'rejectedSpans' : 'rejectedDataPoints';
    // int64 fields are strings in the protobuf JSON mapping.
    return encoder.encode(
      JSON.stringify({ partialSuccess: { [key]: String(rejected), errorMessage: message } }),
    );
  }
  if (rejected === 0) return new Uint8Array(0);
  const inner: number[] = [0x08];
  varint(rejected, inner);
  stringField(2, message, inner);
  const out: number[] = [0x0a];
  varint(inner.length, out);
  return new Uint8Array([...out, ...inner]);
}

/** google.rpc.Status {code, message}, the body of every OTLP/HTTP error response. */
export function statusBody(encoding: Encoding, code: number, message: string): Uint8Array {
  if (encoding === 'json') return encoder.encode(JSON.stringify({ code, message }));
  const out: number[] = [0x08];
  varint(code, out);
  stringField(2, message, out);
  return new Uint8Array(out);
}

export const CONTENT_TYPE: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};
