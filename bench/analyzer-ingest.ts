// Benchmark: OTLP/HTTP protobuf ingest into the span store, batches of 512 spans, the collector pinned to
// one core (taskset), against Jaeger v2 (OTLP/HTTP into its memory store) pinned the same way in the
// same run when the e2e tier has installed it. Also prints the decode-only rate of the protobuf reader.
// Run: taskset -c 0 node bench/analyzer-ingest.ts [requests=600] [concurrency=10]
// (the sender on core 0; each server is started on core 1).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTraceRequest, emptySpanRows, openSpanSource, pushSpanRow } from '@loadlens/analyzer';
import { hasPeer, peerBinary } from '@loadlens/e2e/harness';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const requests = Number(process.argv[2] ?? 600);
// 10 in flight: the OpenTelemetry Collector exporterhelper's default sending_queue.num_consumers.
const concurrency = Number(process.argv[3] ?? 10);
const BATCH = 512;
const DISTINCT_BATCHES = 64;
const dir = mkdtempSync(join(tmpdir(), 'loadlens-bench-ingest-'));
const children: ChildProcess[] = [];

/** 64 traces of 8 spans (a server span, 6 pg queries, one outbound HTTP call) per batch, as tripstore emits. */
function makeBatches(): Uint8Array[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'tripstore',
      'host.name': 'bench',
      'process.pid': 4242,
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-pg', '0.60.0');
  const batches: Uint8Array[] = [];
  for (let b = 0; b < DISTINCT_BATCHES; b++) {
    exporter.reset();
    for (let t = 0; t < BATCH / 8; t++) {
      const server = tracer.startSpan('GET /users/{id}/timeline', {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/users/{id}/timeline',
          'url.path': `/users/${t}/timeline`,
          'http.response.status_code': 200,
        },
      });
      const ctx = trace.setSpan(ROOT_CONTEXT, server);
      for (let q = 0; q < 6; q++) {
        tracer
          .startSpan(
            'pg.query:SELECT',
            {
              kind: SpanKind.CLIENT,
              attributes: {
                'db.system.name': 'postgresql',
                'db.namespace': 'tripstore',
                'db.query.text': `SELECT ts, lat, lon FROM entries WHERE user_id = $1 AND ts > $2 ORDER BY ts LIMIT ${100 + q}`,
                'server.address': '127.0.0.1',
                'server.port': 5432,
              },
            },
            ctx,
          )
          .end();
      }
      tracer
        .startSpan(
          'GET',
          {
            kind: SpanKind.CLIENT,
            attributes: { 'http.request.method': 'GET', 'url.full': 'http://geo.internal/reverse' },
          },
          ctx,
        )
        .end();
      server.end();
    }
    batches.push(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
  }
  return batches;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const pinned = spawnSync('taskset', ['-c', '1', 'true']).status === 0;
function start(command: string, args: string[]): ChildProcess {
  const child = pinned
    ? spawn('taskset', ['-c', '1', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function waitForPort(port: number, path: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    })
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answered on port ${port}`);
}

/** CPU seconds (user + system, all threads) a process has used, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Sends `requests` batches with `concurrency` in flight; returns spans/s and the status counts. */
async function send(
  url: string,
  batches: Uint8Array[],
  server: ChildProcess,
): Promise<{
  spansPerSecond: number;
  spansPerCpuSecond: number;
  statuses: Record<number, number>;
  seconds: number;
}> {
  const cpuBefore = cpuSeconds(server.pid!);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: Record<number, number> = {};
  let next = 0;
  let accepted = 0;
  const one = (body: Uint8Array) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const body = batches[next++ % batches.length]!;
        let status = await one(body);
        // Honour 429/503 + Retry-After as an OTLP exporter would, but briefly: the bench measures throughput.
        for (let retry = 0; (status === 429 || status === 503) && retry < 50; retry++) {
          statuses[status] = (statuses[status] ?? 0) + 1;
          await new Promise((r) => setTimeout(r, 20));
          status = await one(body);
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) accepted += BATCH;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(server.pid!) - cpuBefore;
  agent.destroy();
  return { spansPerSecond: accepted / seconds, spansPerCpuSecond: accepted / cpu, statuses, seconds };
}

function jaegerConfig(otlpHttp: number, queryHttp: number, otlpGrpc: number, queryGrpc: number): string {
  // As test/harness/peers/jaeger.ts: memory storage, OTLP receiver, batch processor, no self-telemetry.
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces: { receivers: [otlp], processors: [batch], exporters: [jaeger_storage_exporter] }
  telemetry: { metrics: { level: none }, logs: { level: warn } }
extensions:
  jaeger_query: { enable_tracing: false, storage: { traces: memstore }, http: { endpoint: 127.0.0.1:${queryHttp} }, grpc: { endpoint: 127.0.0.1:${queryGrpc} } }
  jaeger_storage: { backends: { memstore: { memory: { max_traces: 100000 } } } }
receivers:
  otlp: { protocols: { http: { endpoint: 127.0.0.1:${otlpHttp} }, grpc: { endpoint: 127.0.0.1:${otlpGrpc} } } }
processors:
  batch:
exporters:
  jaeger_storage_exporter: { trace_storage: memstore }
`;
}

const stopped = (child: ChildProcess) =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));

try {
  const batches = makeBatches();
  console.log(
    `${requests} requests × ${BATCH} spans (${DISTINCT_BATCHES} distinct batches, ${(batches[0]!.length / 1024).toFixed(0)} KiB each), ${concurrency} in flight; servers ${pinned ? 'pinned to core 1 (taskset)' : 'NOT pinned (no taskset)'}`,
  );

  const t0 = performance.now();
  let decoded = 0;
  for (let i = 0; i < 200; i++) {
    const rows = emptySpanRows();
    decoded += decodeTraceRequest(batches[i % batches.length]!, (...args) =>
      pushSpanRow(rows, ...args),
    ).accepted;
  }
  const decodeRate = decoded / ((performance.now() - t0) / 1000);
  // Wall time of this loop is CPU time unless the core is shared; the machine's load shows in `uptime`.
  console.log(
    `decode + stage only (this process, one core): ${Math.round(decodeRate).toLocaleString('en')} spans/s`,
  );

  const port = await freePort();
  const store = join(dir, 'bench.db');
  const collector = start(process.execPath, [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
    new URL('../apps/cli/bin/loadlens.js', import.meta.url).pathname,
    'collect',
    '--listen',
    `127.0.0.1:${port}`,
    '--store',
    store,
  ]);
  await waitForPort(port, '/v1/traces');
  const ours = await send(`http://127.0.0.1:${port}/v1/traces`, batches, collector);
  // The store checkpoints its write-ahead log when ingest pauses or on shutdown, not during the stream;
  // the shutdown (SIGTERM → exit, final checkpoint included) is timed so that work is not hidden.
  const stopAt = performance.now();
  collector.kill('SIGTERM');
  await stopped(collector);
  const shutdownSeconds = (performance.now() - stopAt) / 1000;
  const source = await openSpanSource(store);
  let stored = 0;
  for await (const t of source.traces()) stored += t.length;
  await source.close();
  const rate = (r: { spansPerSecond: number; spansPerCpuSecond: number }) =>
    `${Math.round(r.spansPerSecond).toLocaleString('en')} spans/s wall, ${Math.round(r.spansPerCpuSecond).toLocaleString('en')} spans per CPU-second`;
  console.log(
    `loadlens collect → DuckDB: ${rate(ours)} (${ours.seconds.toFixed(2)} s, statuses ${JSON.stringify(ours.statuses)}, ${stored.toLocaleString('en')} spans in the store)`,
  );
  console.log(
    `  shutdown with the final checkpoint: ${shutdownSeconds.toFixed(2)} s; counting it, ${Math.round(stored / (ours.seconds + shutdownSeconds)).toLocaleString('en')} spans/s`,
  );

  if (hasPeer('jaeger')) {
    const [otlpHttp, queryHttp, otlpGrpc, queryGrpc] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const config = join(dir, 'jaeger.yaml');
    writeFileSync(config, jaegerConfig(otlpHttp, queryHttp, otlpGrpc, queryGrpc));
    const jaeger = start(peerBinary('jaeger'), ['--config', config]);
    await waitForPort(otlpHttp, '/v1/traces');
    const peer = await send(`http://127.0.0.1:${otlpHttp}/v1/traces`, batches, jaeger);
    jaeger.kill('SIGTERM');
    await stopped(jaeger);
    console.log(
      `Jaeger v2 OTLP/HTTP → memory store: ${rate(peer)} (${peer.seconds.toFixed(2)} s, statuses ${JSON.stringify(peer.statuses)}; answers 200 before storing)`,
    );
    console.log(
      `ratio loadlens/Jaeger: ${(ours.spansPerSecond / peer.spansPerSecond).toFixed(2)}× wall, ${(ours.spansPerCpuSecond / peer.spansPerCpuSecond).toFixed(2)}× per CPU-second`,
    );
  } else console.log('Jaeger v2 not installed (run test/setup/install-peers.sh): no peer figure');
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
