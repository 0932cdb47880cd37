// A test-only protobuf wire decoder: turns a message into { field: values[] } so tests can check what
// the proxy encodes without depending on generated OTLP classes.
export type Wire = Map<number, (bigint | Buffer)[]>;

export function decodeWire(buffer: Buffer): Wire {
  const fields: Wire = new Map();
  let at = 0;
  function varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[at++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  while (at < buffer.length) {
    const tag = Number(varint());
    const field = tag >> 3;
    const wire = tag & 7;
    let value: bigint | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 1) {
      value = buffer.readBigUInt64LE(at);
      at += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      value = buffer.subarray(at, at + length);
      at += length;
    } else if (wire === 5) {
      // fixed32: the SDK's exporter writes the span's flags this way.
      value = BigInt(buffer.readUInt32LE(at));
      at += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

export function nested(wire: Wire, field: number): Wire[] {
  return (wire.get(field) ?? []).map((v) => decodeWire(v as Buffer));
}

export function text(wire: Wire, field: number): string | undefined {
  const v = wire.get(field)?.[0];
  return v === undefined ? undefined : (v as Buffer).toString('utf8');
}

/** Attributes (KeyValue list at `field`) as a plain object. */
export function attributes(wire: Wire, field: number): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of nested(wire, field)) {
    const any = nested(kv, 2)[0] as Wire;
    const key = text(kv, 1) as string;
    if (any.has(1)) out[key] = text(any, 1) as string;
    else if (any.has(2)) out[key] = any.get(2)?.[0] === 1n;
    else if (any.has(3)) out[key] = Number(any.get(3)?.[0]);
    else if (any.has(4)) {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(any.get(4)?.[0] as bigint);
      out[key] = b.readDoubleLE(0);
    }
  }
  return out;
}

export interface DecodedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  durationMs: number;
  /** start and end, ms since the epoch */
  startMs: number;
  endMs: number;
  status: number;
  attributes: Record<string, string | number | boolean>;
  events: string[];
}

/** The spans of an ExportTraceServiceRequest, flattened with their service name. */
export function decodeSpans(body: Buffer): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  for (const rs of nested(decodeWire(body), 1)) {
    const service = String(attributes(nested(rs, 1)[0] as Wire, 1)['service.name']);
    for (const ss of nested(rs, 2))
      for (const span of nested(ss, 2)) {
        const parent = span.get(4)?.[0] as Buffer | undefined;
        const status = nested(span, 15)[0];
        out.push({
          service,
          traceId: (span.get(1)![0] as Buffer).toString('hex'),
          spanId: (span.get(2)![0] as Buffer).toString('hex'),
          parentSpanId: parent?.toString('hex'),
          name: text(span, 5) as string,
          kind: Number(span.get(6)?.[0]),
          durationMs: Number((span.get(8)?.[0] as bigint) - (span.get(7)?.[0] as bigint)) / 1e6,
          startMs: Number(span.get(7)?.[0] as bigint) / 1e6,
          endMs: Number(span.get(8)?.[0] as bigint) / 1e6,
          status: status ? Number(status.get(3)?.[0] ?? 0n) : 0,
          attributes: attributes(span, 9),
          events: nested(span, 11).map((e) => text(e, 2) as string),
        });
      }
  }
  return out;
}
