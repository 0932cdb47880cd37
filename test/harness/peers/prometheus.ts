// Prometheus (Debian package) scraping the given loopback targets, its API on a free port.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port.ts';
import { peerBinary } from '../peer-binary.ts';
import { makePeerDir } from '../peer-dir.ts';
import { startProcess } from '../start-process.ts';
import type { Peer } from './peer.ts';

export interface PrometheusOptions {
  /** `host:port` targets scraped under job `loadlens` (metrics path /metrics unless given). */
  targets: readonly string[];
  metricsPath?: string;
  /** Scrape interval, a Prometheus duration (default `1s`). */
  scrapeInterval?: string;
}

export interface PrometheusPeer extends Peer {
  /** Base URL: `${url}/api/v1/query?query=…` */
  url: string;
}

/** Starts Prometheus and waits for /-/ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusPeer> {
  const dir = makePeerDir('prometheus');
  const port = await freePort();
  const interval = options.scrapeInterval ?? '1s';
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    `global:
  scrape_interval: ${interval}
  evaluation_interval: ${interval}
scrape_configs:
  - job_name: loadlens
    metrics_path: ${options.metricsPath ?? '/metrics'}
    static_configs:
      - targets: ${JSON.stringify(options.targets)}
`,
  );
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    peerBinary('prometheus'),
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { name: 'prometheus', ready: { http: `${url}/-/ready` }, cleanup: [dir] },
  );
  return { url, stop: server.stop, logs: server.logs, process: server };
}
