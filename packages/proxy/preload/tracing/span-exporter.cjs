// Batches the preload's ended spans and sends them over OTLP/HTTP to the endpoint wrap resolved from
// --otlp and the OTEL_EXPORTER_OTLP_* variables (url, headers, protocol, timeout, gzip; refused in one line
// there when wrong, before the server starts), with OTEL_BSP_MAX_QUEUE_SIZE /
// OTEL_BSP_MAX_EXPORT_BATCH_SIZE / OTEL_BSP_SCHEDULE_DELAY (1 s by default rather than the SDK's 5 s,
// matching the proxy's own export, so traces show up during a run). One request is in flight at a time;
// spans beyond the queue are dropped and counted, and the first failed export is reported in one line.
// In protobuf a span is encoded when it ends, into one buffer per instrumentation scope: keeping span
// objects until the batch left made them outlive the young generation, and the GC cost more than the
// encoding.
'use strict';

const http = require('node:http');
const https = require('node:https');
const { gzipSync } = require('node:zlib');
const { context, ROOT_CONTEXT } = require('@opentelemetry/api');
const { suppressTracing } = require('@opentelemetry/core');
const { ProtobufWriter } = require('../protobuf-writer.cjs');
const { positiveNumberFromEnv } = require('./otel-env.cjs');
const { appendSpan, encodeResource, encodeScope, encodeSpansJson, envelope } = require('./otlp-spans.cjs');

// Taken before any instrumentation wraps them: the exporter's own requests are not the app's traffic.
const httpRequest = http.request;
const httpsRequest = https.request;

/**
 * @param options.resource flat resource attributes
 * @param options.endpoint where and how to send, as wrap resolved and checked it (OtlpEndpoint in
 *   src/otlp-endpoint.ts: url, protocol, headers, timeoutMs, compression); undefined: no export
 * @param options.env the process environment (the OTEL_BSP_* variables)
 */
function createSpanExporter({ resource, endpoint, env }) {
  if (!endpoint) return undefined;
  const url = new URL(endpoint.url);
  const json = endpoint.protocol === 'http/json';
  const gzip = endpoint.compression === 'gzip';
  const timeoutMs = endpoint.timeoutMs;
  const maxQueue = positiveNumberFromEnv(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048);
  const batchSize = Math.min(maxQueue, positiveNumberFromEnv(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512));
  const delayMs = positiveNumberFromEnv(env, 'OTEL_BSP_SCHEDULE_DELAY', 1000);
  const headers = {
    ...endpoint.headers,
    'content-type': json ? 'application/json' : 'application/x-protobuf',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  /** Pending spans: encoded per scope (protobuf), or kept as objects (JSON, encoded at the flush). */
  const resourceBytes = encodeResource(resource);
  const scopes = new Map();
  let kept = [];
  /** Spans in the writers (or `kept`), and batches sealed at the batch size awaiting their turn. */
  let pending = 0;
  const sealed = [];
  let sealedSpans = 0;
  let inFlight;
  let soon;
  let dropped = 0;
  let reported = false;

  function report(cause) {
    if (reported) return;
    reported = true;
    process.stderr.write(
      `loadlens preload: exporting spans to ${url.origin}${url.pathname} failed (${cause}); spans are dropped\n`,
    );
  }

  function post(body) {
    return new Promise((resolve) => {
      // Suppressed so the http instrumentation records no span of the export itself.
      context.with(suppressTracing(ROOT_CONTEXT), () => {
        const request = send(url, { method: 'POST', headers, timeout: timeoutMs }, (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode >= 300) report(`HTTP ${response.statusCode}`);
            resolve();
          });
        });
        request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
        request.on('error', (error) => {
          report(error.code ?? error.message);
          resolve();
        });
        request.end(body);
      });
    });
  }

  /** The pending spans as one request body; the buffers are then reused. */
  function takeBody() {
    if (json) {
      const body = encodeSpansJson(resource, kept);
      kept = [];
      return body;
    }
    const parts = [];
    for (const entry of scopes.values())
      if (entry.writer.size > 0)
        parts.push({ scopeBytes: entry.scopeBytes, spanBytes: entry.writer.finish() });
    const body = envelope(resourceBytes, parts);
    for (const entry of scopes.values()) entry.writer.truncate(0);
    return body;
  }

  function flushOnce() {
    if (inFlight) return inFlight;
    let body;
    if (sealed.length > 0) {
      const batch = sealed.shift();
      sealedSpans -= batch.spans;
      body = batch.body;
    } else if (pending > 0) {
      body = takeBody();
      pending = 0;
    } else return Promise.resolve();
    inFlight = post(gzip ? gzipSync(body) : body).then(() => {
      inFlight = undefined;
      if (sealed.length > 0) schedule(0);
    });
    return inFlight;
  }

  function schedule(ms) {
    if (soon) return;
    soon = setTimeout(() => {
      soon = undefined;
      flushOnce();
    }, ms);
    soon.unref();
  }

  function encode(span) {
    let entry = scopes.get(span.scope);
    if (entry === undefined) {
      entry = { scopeBytes: encodeScope(span.scope), writer: new ProtobufWriter(64 * 1024) };
      scopes.set(span.scope, entry);
    }
    appendSpan(entry.writer, span);
  }

  const timer = setInterval(flushOnce, delayMs);
  timer.unref();

  return {
    onEnd(span) {
      if (pending + sealedSpans >= maxQueue) {
        dropped++;
        return;
      }
      if (json) kept.push(span);
      else encode(span);
      pending++;
      if (pending >= batchSize) {
        sealed.push({ body: takeBody(), spans: pending });
        sealedSpans += pending;
        pending = 0;
        schedule(0);
      }
    },
    /** Spans dropped because the queue was full. */
    get dropped() {
      return dropped;
    },
    /** Sends everything pending, batch after batch, after the request in flight. */
    async shutdown() {
      clearInterval(timer);
      while (inFlight || sealed.length > 0 || pending > 0) await flushOnce();
    },
  };
}

module.exports = { createSpanExporter };
