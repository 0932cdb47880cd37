// The collector and the span sources against the real peer: the same SDK spans exported (OTLP
// http/protobuf) to `loadlens collect` and to Jaeger v2 read back identically through the store source
// and through `jaeger:` (Jaeger v2's /api/v3), with old semconv names mapped and query strings dropped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openSpanSource } from '@loadlens/analyzer';
import type { NormalizedSpan } from '@loadlens/types';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, type JaegerPeer, type RunningProcess, startPeer, startProcess } from '../harness/index.ts';

const CLI = fileURLToPath(new URL('../../apps/cli/bin/loadlens.js', import.meta.url));
const SERVICE = 'loadlens-e2e-collector';
let jaeger: JaegerPeer;
let collector: RunningProcess;
let collectorUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-collector-'));
const store = join(dir, 'run.db');

beforeAll(async () => {
  jaeger = await startPeer('jaeger');
  const port = await freePort();
  collectorUrl = `http://127.0.0.1:${port}`;
  collector = await startProcess(
    process.execPath,
    [CLI, 'collect', '--listen', `127.0.0.1:${port}`, '--store', store],
    {
      name: 'loadlens-collect',
      ready: { log: /collecting OTLP\/HTTP on/ },
    },
  );
});

afterAll(async () => {
  await collector?.stop();
  await jaeger?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 20 traces of a request with two old-style pg spans, one failing, exported to both receivers. */
async function exportTraces(): Promise<void> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE }),
    spanProcessors: [
      // Batches as a real service exports them; one export each when flushed.
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${collectorUrl}/v1/traces` }),
        maxExportBatchSize: 512,
      }),
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${jaeger.otlpHttpUrl}/v1/traces` }),
        maxExportBatchSize: 512,
      }),
    ],
  });
  const tracer = provider.getTracer('e2e');
  for (let i = 0; i < 20; i++) {
    const server = tracer.startSpan('GET /trips', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.method': 'GET',
        'http.target': `/trips?user=${i}&lat=52.5`,
        'http.status_code': 200,
      },
    });
    const ctx = trace.setSpan(ROOT_CONTEXT, server);
    tracer
      .startSpan(
        'pg.query:SELECT',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system': 'postgresql',
            'db.statement': `SELECT * FROM trips WHERE user_id = ${i}`,
          },
        },
        ctx,
      )
      .end();
    const failing = tracer.startSpan(
      'pg.query:INSERT',
      { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } },
      ctx,
    );
    failing.addEvent('exception', { 'exception.message': 'duplicate key' });
    failing.setStatus({ code: SpanStatusCode.ERROR, message: 'duplicate key' });
    failing.end();
    server.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
}

async function readAll(spec: string): Promise<NormalizedSpan[][]> {
  const source = await openSpanSource(spec);
  try {
    const traces: NormalizedSpan[][] = [];
    for await (const t of source.traces()) traces.push(t);
    return traces;
  } finally {
    await source.close();
  }
}

/** What both paths must agree on; Jaeger keeps times in µs, so they are compared at µs. */
function comparable(traces: NormalizedSpan[][]) {
  return traces
    .flat()
    .map((s) => ({
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      name: s.name,
      kind: s.kind,
      service: s.service,
      status: s.status,
      statusMessage: s.statusMessage,
      startUs: Math.floor(s.startNs / 1000),
      durationUs: Math.round(s.durationNs / 1000),
      attributes: s.attributes,
      events: s.events.map((e) => e.name),
    }))
    .sort((a, b) => (a.spanId < b.spanId ? -1 : 1));
}

test('spans read back through jaeger:/api/v3 equal the ones the collector stored', async () => {
  await exportTraces();
  await collector.stop();

  const stored = await readAll(store);
  expect(stored).toHaveLength(20);
  expect(stored.every((t) => t.length === 3)).toBe(true);

  // Jaeger's batch processor stores spans shortly after answering: poll, bounded.
  const spec = `jaeger:${jaeger.queryUrl}?service=${SERVICE}&since=10m&limit=100`;
  let fromJaeger: NormalizedSpan[][] = [];
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(250)) {
    fromJaeger = await readAll(spec);
    if (fromJaeger.flat().length >= 60) break;
  }
  expect(fromJaeger.flat()).toHaveLength(60);

  const a = comparable(stored);
  const b = comparable(fromJaeger);
  expect(b.map(({ startUs, durationUs, ...rest }) => rest)).toEqual(
    a.map(({ startUs, durationUs, ...rest }) => rest),
  );
  // Times: within a microsecond (Jaeger's /api/v3 returns what it stored from OTLP nanoseconds).
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i]!.startUs - b[i]!.startUs)).toBeLessThanOrEqual(1);
    expect(Math.abs(a[i]!.durationUs - b[i]!.durationUs)).toBeLessThanOrEqual(1);
  }
  const server = a.find((s) => s.name === 'GET /trips')!;
  expect(server.attributes).toEqual({
    'http.request.method': 'GET',
    'url.path': '/trips',
    'http.response.status_code': 200,
  });
  expect(a.find((s) => s.name === 'pg.query:INSERT')).toMatchObject({
    status: 'error',
    statusMessage: 'duplicate key',
    events: ['exception'],
  });
});

test('an unreachable Jaeger is a runtime failure (exit 3) naming it without the query', async () => {
  const port = await freePort();
  await expect(openSpanSource(`jaeger:http://127.0.0.1:${port}?service=x&since=1h`)).rejects.toMatchObject({
    exitCode: 3,
    message: expect.stringMatching(new RegExp(`^jaeger:http://127\\.0\\.0\\.1:${port}: Jaeger unreachable`)),
  });
});
