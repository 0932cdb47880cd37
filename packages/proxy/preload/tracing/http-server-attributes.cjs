// The semantic-convention attributes of an incoming request's server span, the same names and values
// that @opentelemetry/instrumentation-http records (stable HTTP conventions, 1.27): method, scheme,
// server and client address (Forwarded / X-Forwarded-* first), peer, protocol version, user agent, path and
// the query with its signature-like parameters redacted. A test compares the two on the same requests.
'use strict';

const forwardedParse = require('forwarded-parse');

const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'QUERY',
]);
/** Query keys whose values instrumentation-http replaces with REDACTED. */
const REDACTED_QUERY_KEYS = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];
// A path and host that `new URL` would return unchanged: no dot segments, escapes or characters it
// re-encodes. Anything else takes the URL parser, as instrumentation-http does for every request.
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-_~!$&'()*+,;=:@/]*$/;
const PLAIN_HOST = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::(\d{1,5}))?$/;

function normalizeMethod(method) {
  if (method == null) return 'GET';
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

function parseHostHeader(hostHeader, proto) {
  const parts = hostHeader.split(':');
  if (parts.length === 1) {
    if (proto === 'http') return { host: parts[0], port: '80' };
    if (proto === 'https') return { host: parts[0], port: '443' };
    return { host: parts[0] };
  }
  if (parts.length === 2) return { host: parts[0], port: parts[1] };
  if (parts[0].startsWith('[')) {
    if (parts[parts.length - 1].endsWith(']')) {
      if (proto === 'http') return { host: hostHeader, port: '80' };
      if (proto === 'https') return { host: hostHeader, port: '443' };
    } else if (parts[parts.length - 2].endsWith(']'))
      return { host: parts.slice(0, -1).join(':'), port: parts[parts.length - 1] };
  }
  return { host: hostHeader };
}

function forwardedEntries(header) {
  try {
    return forwardedParse.parse(header);
  } catch {
    return [];
  }
}

function firstOf(value) {
  return Array.isArray(value) ? value[0] : value;
}

// The Host header is the same on nearly every request: its parse (and whether the URL parser would take
// it as it is) is kept for the last one seen.
let lastHost;
let lastScheme;
let lastServer;
let lastHostPlain = false;

function serverAddress(headers, scheme) {
  if (headers.forwarded)
    for (const entry of forwardedEntries(headers.forwarded))
      if (entry.host) return parseHostHeader(entry.host, entry.proto);
  const forwardedHost = headers['x-forwarded-host'];
  const forwarded = typeof forwardedHost === 'string' ? forwardedHost : firstOf(forwardedHost);
  if (typeof forwardedHost === 'string' || (typeof forwarded === 'string' && forwarded.length > 0)) {
    const proto = firstOf(headers['x-forwarded-proto']);
    return parseHostHeader(forwarded, typeof proto === 'string' ? proto : undefined);
  }
  const host = headers.host;
  if (typeof host !== 'string' || host.length === 0) return undefined;
  if (host !== lastHost || scheme !== lastScheme) {
    lastHost = host;
    lastScheme = scheme;
    lastServer = parseHostHeader(host, scheme);
    lastHostPlain = isPlainHost(host);
  }
  return lastServer;
}

function withoutPort(input) {
  try {
    const { hostname } = new URL(`http://${input}`);
    return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  } catch {
    return input;
  }
}

function clientAddress(headers, socket) {
  if (headers.forwarded)
    for (const entry of forwardedEntries(headers.forwarded)) if (entry.for) return withoutPort(entry.for);
  const forwardedFor = firstOf(headers['x-forwarded-for']);
  if (typeof forwardedFor === 'string' && headers['x-forwarded-for'])
    return withoutPort(forwardedFor.split(',')[0].trim());
  return socket.remoteAddress ?? undefined;
}

function redactedQuery(rawQuery) {
  const params = new URLSearchParams(rawQuery);
  for (const key of REDACTED_QUERY_KEYS) if (params.has(key)) params.set(key, 'REDACTED');
  return params.toString();
}

/** A host the URL parser takes as it is (a port above 65535 makes it throw). */
function isPlainHost(host) {
  const match = PLAIN_HOST.exec(host);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65535);
}

/** { pathname, search } as instrumentation-http reads them, or undefined when its URL parse fails. */
function pathAndSearch(request, scheme) {
  const raw = request.url ?? '/';
  const host = request.headers.host;
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const plainHost = !host || (host === lastHost ? lastHostPlain : isPlainHost(host));
  if (plainHost && PLAIN_PATH.test(path) && !raw.includes('#'))
    return { pathname: path, search: q === -1 || q === raw.length - 1 ? '' : raw.slice(q) };
  try {
    const url = new URL(raw, `${scheme}://${host || 'localhost'}`);
    return { pathname: url.pathname, search: url.search };
  } catch {
    return undefined;
  }
}

/** The attributes the server span starts with; `scheme` is 'http' or 'https'. */
function requestAttributes(request, scheme) {
  const { headers, method, socket } = request;
  const normalized = normalizeMethod(method);
  const attributes = { 'http.request.method': normalized, 'url.scheme': scheme };
  const server = serverAddress(headers, scheme);
  if (server?.host !== undefined) attributes['server.address'] = server.host;
  if (socket.remoteAddress !== undefined) attributes['network.peer.address'] = socket.remoteAddress;
  if (socket.remotePort !== undefined) attributes['network.peer.port'] = socket.remotePort;
  if (request.httpVersion !== undefined) attributes['network.protocol.version'] = request.httpVersion;
  if (headers['user-agent'] !== undefined) attributes['user_agent.original'] = headers['user-agent'];
  const url = pathAndSearch(request, scheme);
  if (url?.pathname != null) attributes['url.path'] = url.pathname;
  if (url?.search) attributes['url.query'] = redactedQuery(url.search.slice(1));
  const client = clientAddress(headers, socket);
  if (client != null) attributes['client.address'] = client;
  if (server?.port != null) attributes['server.port'] = Number(server.port);
  if (method !== normalized) attributes['http.request.method_original'] = method;
  return attributes;
}

module.exports = { requestAttributes, normalizeMethod };
