import { describe, expect, it } from 'vitest';
import { resolveOtlpEndpoint } from './otlp-endpoint.ts';

describe('OTLP endpoint', () => {
  it('appends /v1/traces to a base URL from the flag or OTEL_EXPORTER_OTLP_ENDPOINT, not to the traces variable', () => {
    expect(resolveOtlpEndpoint('http://127.0.0.1:4318', {})?.url).toBe('http://127.0.0.1:4318/v1/traces');
    expect(resolveOtlpEndpoint('http://127.0.0.1:4318/v1/traces', {})?.url).toBe(
      'http://127.0.0.1:4318/v1/traces',
    );
    expect(resolveOtlpEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })?.url).toBe(
      'http://c:4318/v1/traces',
    );
    expect(
      resolveOtlpEndpoint(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' })?.url,
    ).toBe('http://c:4318/custom');
    expect(resolveOtlpEndpoint(undefined, {})).toBeUndefined();
  });

  it('exports nothing with --otlp none, even when the environment names an endpoint', () => {
    expect(resolveOtlpEndpoint('none', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBeUndefined();
    expect(() => resolveOtlpEndpoint('nowhere', {})).toThrow('--otlp: not a URL: "nowhere"');
  });

  it('reads headers and timeout, the traces-specific ones winning', () => {
    expect(
      resolveOtlpEndpoint('http://c:4318', {
        OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20abc,x-a=1',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-a=2',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      }),
    ).toEqual({
      url: 'http://c:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: { authorization: 'Bearer abc', 'x-a': '2' },
      timeoutMs: 2500,
      compression: 'none',
    });
  });

  it('reports a bad value naming the variable', () => {
    expect(() => resolveOtlpEndpoint('ftp://x', {})).toThrow(
      '--otlp: expected an http(s) URL, got "ftp://x"',
    );
    expect(() => resolveOtlpEndpoint('http://c', { OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' })).toThrow(
      'OTEL_EXPORTER_OTLP_TIMEOUT: expected milliseconds, got "soon"',
    );
    expect(() => resolveOtlpEndpoint('http://c', { OTEL_EXPORTER_OTLP_HEADERS: 'novalue' })).toThrow(
      'OTEL_EXPORTER_OTLP_HEADERS: expected key=value pairs separated by commas, got "novalue"',
    );
  });

  it('sends http/protobuf by default and http/json when the protocol variables ask, the traces one winning', () => {
    expect(resolveOtlpEndpoint('http://c', {})?.protocol).toBe('http/protobuf');
    expect(resolveOtlpEndpoint('http://c', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })?.protocol).toBe(
      'http/json',
    );
    expect(
      resolveOtlpEndpoint('http://c', {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      })?.protocol,
    ).toBe('http/protobuf');
  });

  it('refuses grpc and unknown protocols in one line naming the variable, never sending another protocol', () => {
    expect(() => resolveOtlpEndpoint('http://c', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      "OTEL_EXPORTER_OTLP_PROTOCOL=grpc: loadlens exports traces over OTLP/HTTP only; set http/protobuf or http/json and the collector's HTTP port (4318)",
    );
    expect(() => resolveOtlpEndpoint('http://c', { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'thrift' })).toThrow(
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: expected http/protobuf or http/json, got "thrift"',
    );
  });
  it('reads gzip compression for the preload, the traces variable winning, and refuses other values', () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(resolveOtlpEndpoint(undefined, base)?.compression).toBe('none');
    expect(
      resolveOtlpEndpoint(undefined, {
        ...base,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
        OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'GZIP',
      })?.compression,
    ).toBe('gzip');
    expect(() => resolveOtlpEndpoint(undefined, { ...base, OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' })).toThrow(
      'OTEL_EXPORTER_OTLP_COMPRESSION: expected gzip or none, got "zstd"',
    );
  });
});
