// Serves the live run as Prometheus metrics (text exposition 0.0.4, written by hand: no client library on
// the generator's path). Names are fixed — the shipped Grafana dashboards query exactly these.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, type ResolvedWorkload, RuntimeFailure } from '@loadlens/types';
import { renderMetrics } from './render-metrics.ts';
import type { LoadRun } from './types.ts';

export interface MetricsEndpoint {
  /** "http://127.0.0.1:PORT/metrics" */
  url: string;
  close(): Promise<void>;
}

/** Parses `--metrics` ("127.0.0.1:9464", "localhost:9464" or a bare port); only loopback is allowed. */
export function parseMetricsAddress(value: string): { host: string; port: number } {
  const m = /^(?:(127\.0\.0\.1|localhost):)?(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port > 65535)
    throw new InputError(`--metrics ${value}: expected 127.0.0.1:PORT (metrics are served on loopback only)`);
  return { host: '127.0.0.1', port };
}

/**
 * Starts the metrics server for `run`; every scrape renders from the run's live counters (off the hot path).
 * @example const endpoint = await serveMetrics('127.0.0.1:9464', workload, run)
 */
export async function serveMetrics(
  address: string,
  workload: ResolvedWorkload,
  run: LoadRun,
): Promise<MetricsEndpoint> {
  const { host, port } = parseMetricsAddress(address);
  const server: Server = createServer(function metricsRequest(req, res) {
    if (req.url !== '/metrics' && req.url !== '/') {
      res.writeHead(404).end('not found: try /metrics\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(renderMetrics(workload, run));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new RuntimeFailure(`--metrics ${address}: cannot listen: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
