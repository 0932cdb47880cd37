// Jaeger v2 (`cmd/jaeger`) with in-memory storage: OTLP in (HTTP and gRPC), the query service's
// HTTP API (/api/v3) out, every listener on a free 127.0.0.1 port.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port.ts';
import { peerBinary } from '../peer-binary.ts';
import { makePeerDir } from '../peer-dir.ts';
import { startProcess } from '../start-process.ts';
import { waitForHttp, waitForTcp } from '../wait-for.ts';
import type { Peer } from './peer.ts';

export interface JaegerOptions {
  /** Traces kept in memory (default 100 000). */
  maxTraces?: number;
}

export interface JaegerPeer extends Peer {
  /** OTLP/HTTP base URL; traces go to `${otlpHttpUrl}/v1/traces`. */
  otlpHttpUrl: string;
  /** OTLP/gRPC endpoint as `127.0.0.1:PORT`. */
  otlpGrpcEndpoint: string;
  /** Query service base URL: `${queryUrl}/api/v3/traces`, `${queryUrl}/api/v3/services`. */
  queryUrl: string;
}

function jaegerConfig(
  ports: { otlpHttp: number; otlpGrpc: number; queryHttp: number; queryGrpc: number },
  maxTraces: number,
) {
  // Trimmed from cmd/jaeger/config.yaml: no remote sampling, no Jaeger/Zipkin receivers, no pprof,
  // no self-metrics listener (its default, 0.0.0.0:8888, would clash between instances) and no
  // self-tracing.
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_query:
    # On by default: the query service would trace itself to the OTLP default 127.0.0.1:4317.
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.queryHttp}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: ${maxTraces}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${ports.otlpGrpc}
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/** Starts Jaeger and waits until both its OTLP receiver and its query API answer. */
export async function startJaeger(options: JaegerOptions = {}): Promise<JaegerPeer> {
  const dir = makePeerDir('jaeger');
  const ports = {
    otlpHttp: await freePort(),
    otlpGrpc: await freePort(),
    queryHttp: await freePort(),
    queryGrpc: await freePort(),
  };
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, jaegerConfig(ports, options.maxTraces ?? 100_000));
  const queryUrl = `http://127.0.0.1:${ports.queryHttp}`;
  const server = await startProcess(peerBinary('jaeger'), ['--config', configFile], {
    name: 'jaeger',
    ready: async function jaegerReady(signal) {
      await waitForHttp(`${queryUrl}/api/v3/services`, { timeoutMs: 60_000, signal });
      await waitForTcp(ports.otlpHttp, { timeoutMs: 60_000, signal });
    },
    cleanup: [dir],
  });
  return {
    otlpHttpUrl: `http://127.0.0.1:${ports.otlpHttp}`,
    otlpGrpcEndpoint: `127.0.0.1:${ports.otlpGrpc}`,
    queryUrl,
    stop: server.stop,
    logs: server.logs,
    process: server,
  };
}
