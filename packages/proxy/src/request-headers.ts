// The request headers the proxy forwards: the client's raw headers minus hop-by-hop ones (RFC 9110
// §7.6.1) and any incoming `traceparent`, which the proxy replaces with its own span's.

/** What the proxy learned while copying headers, so the hot path reads rawHeaders once. */
export interface ForwardedHeaders {
  headers: string[];
  traceparent: string | undefined;
  contentLength: number;
  chunked: boolean;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'traceparent',
]);

// Only names of these lengths can be hop-by-hop: checking the length first skips toLowerCase() for
// almost every header on the hot path.
const CANDIDATE_LENGTHS = new Set([...HOP_BY_HOP].map((name) => name.length));

/**
 * Copies `rawHeaders` (Node's flat [name, value, …] array) for forwarding, dropping hop-by-hop headers,
 * those the Connection header names, and `traceparent`.
 */
export function forwardHeaders(rawHeaders: readonly string[]): ForwardedHeaders {
  const headers: string[] = [];
  let traceparent: string | undefined;
  let contentLength = -1;
  let chunked = false;
  let connectionTokens: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    if (CANDIDATE_LENGTHS.has(name.length) || name.length === 14) {
      const lower = name.toLowerCase();
      if (lower === 'content-length') contentLength = Number(value);
      if (HOP_BY_HOP.has(lower)) {
        if (lower === 'traceparent') traceparent = value;
        else if (lower === 'transfer-encoding') chunked = true;
        else if (lower === 'connection') connectionTokens = value;
        continue;
      }
    }
    headers.push(name, value);
  }
  if (connectionTokens !== undefined) {
    const named = new Set(connectionTokens.split(',').map((t) => t.trim().toLowerCase()));
    named.delete('close');
    named.delete('keep-alive');
    if (named.size > 0) {
      const kept: string[] = [];
      for (let i = 0; i < headers.length; i += 2)
        if (!named.has((headers[i] as string).toLowerCase()))
          kept.push(headers[i] as string, headers[i + 1] as string);
      return { headers: kept, traceparent, contentLength, chunked };
    }
  }
  return { headers, traceparent, contentLength, chunked };
}

/** Response headers not to copy back to the client: hop-by-hop, and Node sets its own framing. */
export const RESPONSE_HOP_BY_HOP: readonly string[] = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'trailer',
  'upgrade',
];
