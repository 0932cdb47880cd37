// OTLP's numeric span kinds and status codes (opentelemetry-proto trace.proto), in the normalized words.
import type { NormalizedSpan, SpanKind } from '@loadlens/types';

/** Index = OTLP Span.SpanKind; SPAN_KIND_UNSPECIFIED (0) reads as internal, as the SDKs default it. */
export const OTLP_KINDS: readonly SpanKind[] = [
  'internal',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/** Index = OTLP Status.StatusCode. */
export const OTLP_STATUS: readonly NormalizedSpan['status'][] = ['unset', 'ok', 'error'];

const KIND_NAMES: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: 'internal',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};
const STATUS_NAMES: Record<string, NormalizedSpan['status']> = {
  STATUS_CODE_UNSET: 'unset',
  STATUS_CODE_OK: 'ok',
  STATUS_CODE_ERROR: 'error',
};

/** OTLP JSON allows the enum's number or its name (the protobuf JSON mapping accepts both). */
export function kindOf(value: unknown): SpanKind | undefined {
  if (value === undefined || value === null) return 'internal';
  if (typeof value === 'number') return OTLP_KINDS[value];
  return typeof value === 'string' ? KIND_NAMES[value] : undefined;
}

export function statusOf(value: unknown): NormalizedSpan['status'] | undefined {
  if (value === undefined || value === null) return 'unset';
  if (typeof value === 'number') return OTLP_STATUS[value];
  return typeof value === 'string' ? STATUS_NAMES[value] : undefined;
}
