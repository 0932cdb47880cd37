// @loadlens/proxy/testing: reads back what the proxy and the preload export, for tests that check spans
// on the wire (an OTLP protobuf request decoded into plain spans).

export type { DecodedSpan } from './otlp-wire.ts';
export { decodeSpans } from './otlp-wire.ts';
