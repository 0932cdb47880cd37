// An acknowledged batch survives kill -9 of the collector: `loadlens collect` answers 200 only once the
// spans are in DuckDB's write-ahead log, and the store checkpoints that log only when ingest pauses, so a
// collector killed mid-run leaves acknowledged spans in the log alone. Opening the store replays it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSpanSource } from '@loadlens/analyzer';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, expect, test } from 'vitest';
import { freePort, startProcess } from '../harness/index.ts';

const CLI = fileURLToPath(new URL('../../apps/cli/bin/loadlens.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-collector-kill-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('spans acknowledged before kill -9 are read back from the store', async () => {
  const store = join(dir, 'run.db');
  const port = await freePort();
  const collector = await startProcess(
    process.execPath,
    [CLI, 'collect', '--listen', `127.0.0.1:${port}`, '--store', store],
    { name: 'loadlens-collect', ready: { log: /collecting OTLP\/HTTP on/ } },
  );
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'kill-test' }),
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` }),
      }),
    ],
  });
  const tracer = provider.getTracer('e2e');
  for (let i = 0; i < 25; i++) tracer.startSpan(`GET /item/${i}`, { kind: SpanKind.SERVER }).end();
  // forceFlush resolves when every export has been answered, i.e. acknowledged by the collector.
  await provider.forceFlush();
  process.kill(collector.pid, 'SIGKILL'); // before the 2 s idle checkpoint: the spans are only in the log
  expect((await collector.exited).signal).toBe('SIGKILL');
  await collector.stop();

  const source = await openSpanSource(store);
  const names: string[] = [];
  for await (const trace of source.traces()) for (const span of trace) names.push(span.name);
  await source.close();
  expect(names.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `GET /item/${i}`).sort());
  await provider.shutdown();
});
