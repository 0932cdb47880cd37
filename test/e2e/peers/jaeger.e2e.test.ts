// Jaeger v2 peer: a span exported with the OpenTelemetry JS SDK (OTLP http/protobuf) is read
// back from the query service's /api/v3.

import { setTimeout as sleep } from 'node:timers/promises';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type JaegerPeer, startPeer } from '../../harness/index.ts';

let jaeger: JaegerPeer;

beforeAll(async () => {
  jaeger = await startPeer('jaeger');
});

afterAll(async () => {
  await jaeger?.stop();
});

interface V3Span {
  traceId: string;
  spanId: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
interface V3TracesResponse {
  result?: { resourceSpans?: { scopeSpans?: { spans?: V3Span[] }[] }[] };
}

function spansOf(body: V3TracesResponse): V3Span[] {
  return (body.result?.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []),
  );
}

/** Polls `url` (bounded) until it returns spans: Jaeger's batch processor stores them shortly after. */
async function fetchSpans(url: string): Promise<V3Span[]> {
  const deadline = Date.now() + 20_000;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (response.ok) {
      const spans = spansOf((await response.json()) as V3TracesResponse);
      if (spans.length > 0) return spans;
    } else {
      last = `HTTP ${response.status}: ${await response.text()}`;
    }
    await sleep(250);
  }
  throw new Error(`no spans from ${url} within 20 s (last: ${last || 'empty result'})`);
}

test('an OTLP span sent by the SDK comes back from /api/v3/traces', async () => {
  const serviceName = 'loadlens-e2e-smoke';
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${jaeger.otlpHttpUrl}/v1/traces` }),
      }),
    ],
  });
  const startedAt = new Date(Date.now() - 60_000);
  const span = provider
    .getTracer('smoke')
    .startSpan('GET /trips', { attributes: { 'http.route': '/trips' } });
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  const { traceId, spanId } = span.spanContext();

  const byId = await fetchSpans(`${jaeger.queryUrl}/api/v3/traces/${traceId}`);
  expect(byId).toHaveLength(1);
  expect(byId[0]?.name).toBe('GET /trips');
  expect(byId[0]?.attributes).toContainEqual({ key: 'http.route', value: { stringValue: '/trips' } });

  const search = new URLSearchParams({
    'query.service_name': serviceName,
    'query.start_time_min': startedAt.toISOString(),
    'query.start_time_max': new Date(Date.now() + 60_000).toISOString(),
    // The memory store rejects a search without a bound on the traces it returns.
    'query.num_traces': '20',
  });
  const found = await fetchSpans(`${jaeger.queryUrl}/api/v3/traces?${search}`);
  expect(found.map((s) => [s.traceId, s.spanId])).toContainEqual([traceId, spanId]);
});
