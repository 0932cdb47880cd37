// Reads traces from a running Jaeger v2 through /api/v3/traces (v2 dropped the legacy /api/traces
// search). The response body is OTLP JSON wrapped in {"result": …}, one such object per streamed chunk.
import { InputError, type NormalizedSpan, parseDurationMs, RuntimeFailure } from '@loadlens/types';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import type { SpanSource } from './span-source.ts';
import { createTraceGroups } from './trace-groups.ts';

// Jaeger's own default look-back in its UI search form.
const DEFAULT_SINCE = '1h';
// Jaeger v2's query service caps a search at its configured max; 10,000 traces keeps one response bounded.
const DEFAULT_LIMIT = 10_000;
// A Jaeger on the same network answers a search well inside this; longer means it is hung.
const TIMEOUT_MS = 60_000;
// Jaeger v2's message for a search without a match (seen from the e2e tier's Jaeger).
const NOT_FOUND = /no traces found|not found/i;

export interface JaegerQuery {
  base: URL;
  service: string;
  sinceMs: number;
  limit: number;
  operation?: string;
}

/**
 * Parses the part after `jaeger:`: `http://host:16686?service=…&since=1h[&limit=…][&operation=…]`.
 * @example parseJaegerSpec('http://127.0.0.1:16686?service=tripstore&since=15m')
 */
export function parseJaegerSpec(spec: string): JaegerQuery {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new InputError(
      `jaeger:${spec}: not a URL (expected jaeger:http://host:16686?service=NAME&since=1h)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`jaeger:${redact(url)}: expected an http:// or https:// URL`);
  const service = url.searchParams.get('service');
  if (!service) throw new InputError(`jaeger:${redact(url)}: missing ?service=NAME`);
  const since = url.searchParams.get('since') ?? DEFAULT_SINCE;
  const sinceMs = parseDurationMs(since);
  if (sinceMs === undefined || sinceMs <= 0)
    throw new InputError(`jaeger:${redact(url)}: since=${since} is not a duration (e.g. 15m, 1h)`);
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit <= 0)
    throw new InputError(`jaeger:${redact(url)}: limit=${limitText} is not a positive integer`);
  const operation = url.searchParams.get('operation') ?? undefined;
  const base = new URL(url.href);
  base.search = '';
  base.hash = '';
  return { base, service, sinceMs, limit, ...(operation ? { operation } : {}) };
}

/** The URL without credentials, query or fragment: safe to print. */
function redact(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.search = '';
  copy.hash = '';
  return copy.href.replace(/\/$/, '');
}

/** The /api/v3/traces URL for a query ending at `now`. */
export function jaegerSearchUrl(query: JaegerQuery, now = Date.now()): URL {
  const url = new URL(
    'api/v3/traces',
    query.base.href.endsWith('/') ? query.base.href : `${query.base.href}/`,
  );
  url.searchParams.set('query.service_name', query.service);
  url.searchParams.set('query.start_time_min', new Date(now - query.sinceMs).toISOString());
  url.searchParams.set('query.start_time_max', new Date(now).toISOString());
  url.searchParams.set('query.num_traces', String(query.limit));
  if (query.operation) url.searchParams.set('query.operation_name', query.operation);
  return url;
}

async function fetchTraces(query: JaegerQuery, where: string): Promise<string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (query.base.username)
    headers.authorization = `Basic ${btoa(`${decodeURIComponent(query.base.username)}:${decodeURIComponent(query.base.password)}`)}`;
  const url = jaegerSearchUrl(query);
  url.username = '';
  url.password = '';
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new RuntimeFailure(`${where}: Jaeger unreachable (${reason})`);
  }
  const body = await response.text();
  // Jaeger v2 answers a search with no match as 404 {"error":{"httpCode":404,"message":"No traces found"}}.
  if (response.status === 404 && NOT_FOUND.test(body)) return '';
  if (!response.ok)
    throw new RuntimeFailure(`${where}: Jaeger answered ${response.status} ${body.slice(0, 200)}`);
  return body;
}

/**
 * Jaeger's query service adds its own notes as attributes (`@jaeger@warnings`, e.g. about clock-skew
 * adjustment); they describe Jaeger's processing, not the span, and are dropped.
 */
function dropJaegerAnnotations(span: NormalizedSpan): void {
  for (const key in span.attributes) if (key.startsWith('@jaeger@')) delete span.attributes[key];
}

export async function openJaegerApiSource(spec: string): Promise<SpanSource> {
  const query = parseJaegerSpec(spec);
  const location = `jaeger:${redact(query.base)}`;
  // Fetch at open: an unreachable Jaeger is reported before any analysis starts.
  const body = await fetchTraces(query, location);
  return {
    kind: 'jaeger-api',
    location,
    traces: async function* jaegerApiTraces(): AsyncGenerator<NormalizedSpan[]> {
      const groups = createTraceGroups();
      const lines = body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!.trim();
        if (line === '') continue;
        let chunk: { result?: unknown; error?: { message?: string } };
        try {
          chunk = JSON.parse(line);
        } catch {
          throw new RuntimeFailure(`${location}: Jaeger sent a response that is not JSON (line ${i + 1})`);
        }
        if (chunk.error) {
          if (NOT_FOUND.test(chunk.error.message ?? '')) continue;
          throw new RuntimeFailure(`${location}: Jaeger error: ${chunk.error.message ?? 'unknown'}`);
        }
        decodeOtlpJson(chunk.result, `${location} (response line ${i + 1})`, (span) => {
          dropJaegerAnnotations(span);
          groups.add(span);
        });
      }
      yield* groups.drain();
    },
    close: async function closeJaegerApi() {},
  };
}
