// Turns a concrete request path into a route template ("/trips/42" → "/trips/{id}"), so the proxy's span
// names, the log replay's operations and metric labels group requests by route, not by raw path — raw
// paths are high-cardinality and may carry personal data. The proxy and `workload from-log` share this.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+\.\d+$/;
const HEX_ID = /^(?=.*\d)[0-9a-f]{8,}$/i; // hex of 8+ chars with at least one digit: object ids, hashes
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}$/; // long mixed tokens: api keys, base64 ids
const EMAIL = /^[^@/\s]+@[^@/\s]+$/;

/** The placeholder name for one path segment, or undefined when the segment is a literal route part. */
export function segmentParam(segment: string): string | undefined {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // keep the raw segment: a malformed escape is still just text
  }
  if (UUID.test(decoded)) return 'uuid';
  if (DATE.test(decoded)) return 'date';
  if (INTEGER.test(decoded) || DECIMAL.test(decoded)) return 'id';
  if (HEX_ID.test(decoded)) return 'hex';
  if (EMAIL.test(decoded)) return 'email';
  if (TOKEN.test(decoded)) return 'token';
  return undefined;
}

/**
 * The route template of a path: the query string is dropped and id-like segments become `{param}`.
 * @example templatePath('/timeline/getTrips/2026-11-02?x=1') // '/timeline/getTrips/{date}'
 */
export function templatePath(rawPath: string): string {
  const q = rawPath.search(/[?#]/);
  const pathOnly = q === -1 ? rawPath : rawPath.slice(0, q);
  if (pathOnly === '' || pathOnly === '/') return '/';
  const out: string[] = [];
  for (const segment of pathOnly.split('/')) {
    if (segment === '') {
      out.push('');
      continue;
    }
    const param = segmentParam(segment);
    out.push(param === undefined ? segment : `{${param}}`);
  }
  return out.join('/');
}
