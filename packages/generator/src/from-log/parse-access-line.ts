// Parses one access-log line — NCSA common/combined format (Apache, nginx) or a JSON object per line — into
// the request's time, method and path. Anything else is "malformed" and counted by the caller.

export interface LoggedRequest {
  /** Unix time in ms. */
  timeMs: number;
  /** The log's own UTC offset in minutes when it says (CLF, ISO with offset), for the hour-of-day shape. */
  offsetMin?: number;
  method: string;
  path: string;
}

// host ident user [time] "METHOD target PROTOCOL" status bytes ["referer" "agent"]
const CLF = /^\S+ \S+ .*?\[([^\]]+)\] "([A-Z]+) (\S+)(?: [^"]*)?" \d{3} \S+/;
const CLF_TIME = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.\d+)? ([+-])(\d{2})(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_OFFSET = /(Z|([+-])(\d{2}):?(\d{2}))$/;
const REQUEST = /^([A-Z]+) (\S+)/;

/** Field names seen in nginx/Envoy/Caddy/Express JSON logs, in order of preference. */
const TIME_KEYS = [
  'time',
  'timestamp',
  '@timestamp',
  'ts',
  'time_local',
  'time_iso8601',
  'date',
  'start_time',
];
const METHOD_KEYS = [
  'method',
  'request_method',
  'http.method',
  'http.request.method',
  'req.method',
  'request.method',
];
const PATH_KEYS = ['path', 'uri', 'request_uri', 'url', 'url.path', 'http.target', 'req.url', 'request.uri'];

function parseClfTime(text: string): { timeMs: number; offsetMin: number } | undefined {
  const m = CLF_TIME.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] as string);
  if (month < 0) return undefined;
  const offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const local = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return { timeMs: local - offsetMin * 60_000, offsetMin };
}

function parseTimeValue(value: unknown): { timeMs: number; offsetMin?: number } | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0)
    // Epoch seconds (e.g. 1.79e9, Envoy/Caddy `ts`) or milliseconds (1.79e12): ms once past year 2286 in s.
    return { timeMs: value < 1e11 ? value * 1000 : value };
  if (typeof value !== 'string') return undefined;
  const clf = parseClfTime(value);
  if (clf) return clf;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const off = ISO_OFFSET.exec(value);
  if (!off) return { timeMs: ms };
  const offsetMin = off[1] === 'Z' ? 0 : (off[2] === '-' ? -1 : 1) * (Number(off[3]) * 60 + Number(off[4]));
  return { timeMs: ms, offsetMin };
}

function field(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (key in record) return record[key];
    // Nested objects ("req": {"url": ...}) as well as dotted keys ("http.method").
    let value: unknown = record;
    for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    if (value !== undefined) return value;
  }
  return undefined;
}

function pathOf(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

function parseJsonLine(line: string): LoggedRequest | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const r = record as Record<string, unknown>;
  const time = parseTimeValue(field(r, TIME_KEYS));
  let method = field(r, METHOD_KEYS);
  let target = field(r, PATH_KEYS);
  const request = typeof r.request === 'string' ? REQUEST.exec(r.request) : null;
  if (request) {
    method ??= request[1];
    target ??= request[2];
  }
  if (!time || typeof method !== 'string' || typeof target !== 'string') return undefined;
  const path = pathOf(target);
  if (!path || !/^[A-Za-z]+$/.test(method)) return undefined;
  return { ...time, method: method.toUpperCase(), path };
}

/**
 * The request in one log line, or undefined when the line is neither CLF nor a JSON request record.
 * @example parseAccessLine('1.2.3.4 - - [01/Nov/2026:08:00:00 +0100] "GET /trips/42 HTTP/1.1" 200 512')
 */
export function parseAccessLine(line: string): LoggedRequest | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) return parseJsonLine(trimmed);
  const m = CLF.exec(trimmed);
  if (!m) return undefined;
  const time = parseClfTime(m[1] as string);
  const path = pathOf(m[3] as string);
  if (!time || !path) return undefined;
  return { ...time, method: m[2] as string, path };
}
