// Where spans go: `--otlp URL` or the standard OTEL_EXPORTER_OTLP_* variables, resolved the way the
// OpenTelemetry specification says (the generic endpoint gets `/v1/traces` appended, the
// traces-specific one is used as is; headers are `k=v` pairs, URL-encoded; timeout in ms).
import { InputError } from '@loadlens/types';

/** The OTLP/HTTP encodings loadlens sends (OTEL_EXPORTER_OTLP_PROTOCOL); gRPC is refused, not ignored. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface OtlpEndpoint {
  /** Full URL of the traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces`. */
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  /** Per-export timeout in milliseconds. */
  timeoutMs: number;
  /** OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION: the preload gzips its batches when it is `gzip`. */
  compression: 'gzip' | 'none';
}

/** OTEL_EXPORTER_OTLP_TIMEOUT's default in the OpenTelemetry specification. */
const DEFAULT_TIMEOUT_MS = 10_000;

function parseHeaders(text: string | undefined, name: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!text) return headers;
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new InputError(`${name}: expected key=value pairs separated by commas, got "${pair.trim()}"`);
    headers[decodeURIComponent(pair.slice(0, eq).trim()).toLowerCase()] = decodeURIComponent(
      pair.slice(eq + 1).trim(),
    );
  }
  return headers;
}

function checkedUrl(text: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${name}: not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`${name}: expected an http(s) URL, got "${text}"`);
  return url;
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else the specification's default
 * `http/protobuf`. `grpc` gets a one-line refusal naming the variable: sending protobuf over HTTP to a
 * gRPC port instead would lose every span without a word.
 */
function protocolOf(env: NodeJS.ProcessEnv): OtlpProtocol {
  const name = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = (env[name] ?? '').trim().toLowerCase();
  if (value === '' || value === 'http/protobuf') return 'http/protobuf';
  if (value === 'http/json') return 'http/json';
  if (value === 'grpc')
    throw new InputError(
      `${name}=grpc: loadlens exports traces over OTLP/HTTP only; set http/protobuf or http/json and the collector's HTTP port (4318)`,
    );
  throw new InputError(`${name}: expected http/protobuf or http/json, got "${env[name]}"`);
}

function withTracesPath(url: URL): string {
  if (url.pathname.endsWith('/v1/traces')) return url.href;
  return `${url.href.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * The traces endpoint from a flag (`--otlp`, a base URL or a full `/v1/traces` URL) or the environment;
 * undefined when neither names one, or when the flag is `none` (OTEL_TRACES_EXPORTER's word for it) — spans
 * then only feed the metrics.
 * @example resolveOtlpEndpoint('http://127.0.0.1:4318', process.env)?.url // 'http://127.0.0.1:4318/v1/traces'
 */
export function resolveOtlpEndpoint(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): OtlpEndpoint | undefined {
  if (flag?.trim().toLowerCase() === 'none') return undefined;
  let url: string | undefined;
  if (flag) url = withTracesPath(checkedUrl(flag, '--otlp'));
  else if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    url = checkedUrl(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT').href;
  else if (env.OTEL_EXPORTER_OTLP_ENDPOINT)
    url = withTracesPath(checkedUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  if (url === undefined) return undefined;
  const protocol = protocolOf(env);
  const headers = {
    ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS, 'OTEL_EXPORTER_OTLP_HEADERS'),
    ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
  };
  const timeoutText = env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT;
  const timeoutMs =
    timeoutText === undefined || timeoutText === '' ? DEFAULT_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new InputError(`OTEL_EXPORTER_OTLP_TIMEOUT: expected milliseconds, got "${timeoutText}"`);
  const compressionName = env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION
    ? 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION'
    : 'OTEL_EXPORTER_OTLP_COMPRESSION';
  const compression = (env[compressionName] ?? '').trim().toLowerCase() || 'none';
  if (compression !== 'gzip' && compression !== 'none')
    throw new InputError(`${compressionName}: expected gzip or none, got "${env[compressionName]}"`);
  return { url, protocol, headers, timeoutMs, compression };
}

/**
 * What a wrapped server's preload is told: the endpoint as wrap resolved and checked it (LOADLENS_OTLP, so
 * the preload parses no OTEL_EXPORTER_OTLP_* variable a second time), and the standard variables for any
 * OpenTelemetry setup of the app's own.
 */
export function preloadOtlpEnv(endpoint: OtlpEndpoint): Record<string, string> {
  return {
    LOADLENS_OTLP: JSON.stringify(endpoint),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint.url,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: endpoint.protocol,
  };
}
