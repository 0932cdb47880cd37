// Short stable ids for query shapes and findings: the same text gives the same id in every run and on
// every runtime (Node, Deno), so `compare` can match shapes and findings across reports.

/**
 * 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. Not cryptographic; collisions only merge two
 * rows of a report, and FNV needs no crypto module (so it behaves the same under Deno).
 * @example shapeId('select ? from t') // '3c1b…'
 */
export function shapeId(text: string): string {
  // Two 32-bit halves because JS bitwise operators are 32-bit; Math.imul keeps the multiply exact.
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 16), 0x01000193);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
