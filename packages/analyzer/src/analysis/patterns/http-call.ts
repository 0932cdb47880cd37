// What an outbound HTTP call is, without its literals: method, host and templated path
// ("GET geo.internal/v1/users/{id}"); the query string is dropped. Undefined for other spans.
import { type NormalizedSpan, SEMCONV, templatePath } from '@loadlens/types';

/**
 * @example httpCallOf(span) // 'GET geo.internal/zones/{id}'
 */
export function httpCallOf(span: NormalizedSpan): string | undefined {
  if (span.kind !== 'client') return undefined;
  const a = span.attributes;
  const method = a[SEMCONV.httpMethod];
  const full = a[SEMCONV.urlFull];
  if (typeof method !== 'string' && typeof full !== 'string') return undefined;
  let host = typeof a[SEMCONV.serverAddress] === 'string' ? (a[SEMCONV.serverAddress] as string) : '';
  let path = '';
  if (typeof full === 'string') {
    try {
      const url = new URL(full);
      host ||= url.host;
      path = templatePath(url.pathname);
    } catch {
      // not a URL: keep the method and host only
    }
  }
  return `${typeof method === 'string' ? method : 'HTTP'} ${host}${path}`.trim();
}
