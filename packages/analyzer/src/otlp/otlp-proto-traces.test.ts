import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { sdkTrace } from '../../test/sdk-spans.ts';
import { decodeOtlpJson } from './otlp-json.ts';
import { decodeTraceRequest, ProtoError } from './otlp-proto-traces.ts';

type Decoded = Parameters<Parameters<typeof decodeTraceRequest>[1]>;

describe('decodeTraceRequest on the official protobuf serializer', () => {
  it('decodes exactly what the JSON decoder reads from the same spans', () => {
    const spans = sdkTrace();
    const fromProto: Decoded[] = [];
    const result = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!, (...args) =>
      fromProto.push(args),
    );
    const fromJson: Decoded[] = [];
    decodeOtlpJson(
      JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)),
      'x',
      (...a) => fromJson.push(a),
    );
    expect(result).toEqual({ accepted: 3, rejected: 0 });
    expect(fromProto).toEqual(fromJson);
    const query = fromProto.find(([span]) => span.name === 'pg.query:SELECT')!;
    // The exact uint64 start travels beside the rounded float.
    expect(query[4]).toBe(1_767_225_600_123_457_789n);
    expect(query[0].durationNs).toBe(2_001);
    expect(query[1]).toMatchObject({
      service: 'tripstore',
      scopeName: '@opentelemetry/instrumentation-http',
    });
  });

  it('rejects a span with a short trace id alone (partial success)', () => {
    const good = ProtobufTraceSerializer.serializeRequest(sdkTrace())!;
    // resource_spans { scope_spans { spans { trace_id: 3 bytes, span_id: 8 bytes } } } appended to a good body.
    const badSpan = [0x0a, 3, 1, 2, 3, 0x12, 8, 1, 2, 3, 4, 5, 6, 7, 8];
    const scopeSpans = [0x12, badSpan.length, ...badSpan];
    const resourceSpans = [0x12, scopeSpans.length, ...scopeSpans];
    const body = new Uint8Array([...good, 0x0a, resourceSpans.length, ...resourceSpans]);
    const result = decodeTraceRequest(body, () => {});
    expect(result).toEqual({ accepted: 3, rejected: 1, reason: 'span id field 1 has 3 bytes, expected 16' });
  });

  it('throws ProtoError on truncated bytes instead of reading past them', () => {
    const body = ProtobufTraceSerializer.serializeRequest(sdkTrace())!;
    expect(() => decodeTraceRequest(body.subarray(0, body.length - 7), () => {})).toThrow(ProtoError);
    expect(() => decodeTraceRequest(new TextEncoder().encode('{"resourceSpans":[]}'), () => {})).toThrow(
      ProtoError,
    );
  });
});

describe('decodeTraceRequest attribute strings', () => {
  it('decodes the same keys and values through its string cache as without it, non-ASCII and long ones too', () => {
    const spans = sdkTrace();
    const attributes: Record<string, string> = { 'ключ.é': 'значение', ['x'.repeat(80)]: 'y'.repeat(90) };
    // Many distinct short keys and values: more than the cache has slots, so slots are overwritten.
    for (let i = 0; i < 600; i++) attributes[`k${i}`] = `v${i % 300}`;
    Object.assign(spans[0]!.attributes, attributes);
    const body = ProtobufTraceSerializer.serializeRequest(spans)!;
    for (let round = 0; round < 2; round++) {
      const fromProto: Decoded[] = [];
      decodeTraceRequest(body, (...args) => fromProto.push(args));
      const fromJson: Decoded[] = [];
      decodeOtlpJson(
        JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)),
        'x',
        (...a) => fromJson.push(a),
      );
      expect(fromProto).toEqual(fromJson);
      expect(fromProto[0]![0].attributes).toMatchObject(attributes);
    }
  });
});
