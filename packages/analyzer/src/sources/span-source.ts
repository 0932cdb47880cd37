// The one way the analyses read spans, whatever holds them: a store file, an OTLP JSON file, a Jaeger
// download or a live Jaeger. Each source streams whole traces so a million spans never exist twice.
import type { NormalizedSpan } from '@loadlens/types';

export interface SpanSource {
  kind: 'store' | 'otlp-file' | 'jaeger-file' | 'jaeger-api';
  /** What to print as the source: credentials and query strings stripped. */
  location: string;
  /** Every trace once, all of its spans together (order inside a trace unspecified). */
  traces(): AsyncIterable<NormalizedSpan[]>;
  close(): Promise<void>;
}
