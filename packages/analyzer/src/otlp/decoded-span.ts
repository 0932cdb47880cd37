// What an OTLP decoder (protobuf or JSON) hands on per span: the normalized span, plus what the store
// keeps beyond it (resource, scope, trace state, links) so the store mirrors the ClickHouse exporter.
import type { AttributeValue, NormalizedSpan } from '@loadlens/types';

/** Shared by every span of one ScopeSpans: allocated once per scope, not per span. */
export interface SpanScope {
  resource: Record<string, AttributeValue>;
  service: string;
  scopeName: string;
  scopeVersion: string;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Record<string, AttributeValue>;
}

/**
 * Called once per decoded span; `links` is a shared empty array when the span has none. `exactStart` is
 * the start as the original uint64 (the float64 `span.startNs` is rounded; the store keeps it exact).
 */
export type SpanSink = (
  span: NormalizedSpan,
  scope: SpanScope,
  traceState: string,
  links: SpanLink[],
  exactStart: bigint,
) => void;

export const NO_LINKS: SpanLink[] = [];

/** The resource's service.name, or the SDKs' own default when it has none. */
export function serviceOf(resource: Record<string, AttributeValue>): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}
