// Puts attributes under their stable semantic-convention names as they are decoded, so every source
// (OTLP protobuf or JSON, Jaeger tags) hands the analyses the same keys.
import { type AttributeValue, SEMCONV_RENAMES } from '@loadlens/types';

const URL_PATH = 'url.path';
// A Map: decoded keys are fresh strings, and a Map lookup hashes them without internalizing them first.
const RENAMES = new Map(Object.entries(SEMCONV_RENAMES));

/**
 * Sets `key` on `target`, renamed to its stable name. A stable name already present wins over an
 * older alias (instrumentations in transition emit both). `http.target` carries the query string,
 * which may hold tokens or people's locations: only the path survives.
 * @example putAttribute(attrs, 'http.target', '/trips?user=42') // attrs['url.path'] === '/trips'
 */
export function putAttribute(
  target: Record<string, AttributeValue>,
  key: string,
  value: AttributeValue,
): void {
  const stable = RENAMES.get(key);
  if (stable === undefined) {
    target[key] = key === URL_PATH && typeof value === 'string' ? stripQuery(value) : value;
    return;
  }
  if (Object.hasOwn(target, stable)) return;
  target[stable] = stable === URL_PATH && typeof value === 'string' ? stripQuery(value) : value;
}

/** Drops `?query` and `#fragment` from a path. */
export function stripQuery(path: string): string {
  const q = path.indexOf('?');
  const h = path.indexOf('#');
  const cut = q === -1 ? h : h === -1 ? q : Math.min(q, h);
  return cut === -1 ? path : path.slice(0, cut);
}
