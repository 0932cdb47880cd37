// Every panel of the shipped Grafana dashboards returns data from a real Prometheus scraping a real
// run: `loadlens wrap` (proxy /metrics) in front of a Node server on PostgreSQL, and `loadlens run
// --metrics` driving it. Each panel's PromQL is run through Prometheus's HTTP API with Grafana's
// variables filled in ("All" for the dashboards' own variables).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQueries, type PanelQueryRef, substituteVariables } from '@loadlens/dashboards';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type CommandResult,
  freePort,
  makePeerDir,
  type PostgresPeer,
  type PrometheusPeer,
  type RunningProcess,
  runCommand,
  startPeer,
  startProcess,
} from '../harness/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'loadlens.js');
const HERE = join(import.meta.dirname, 'dashboards');
const DASHBOARDS = ['load-run.json', 'bottlenecks.json', 'service-spanmetrics.json'];
/** Prometheus scrapes every second; Grafana's $__rate_interval would be 4 × that, 10 s is safely above. */
const RATE_INTERVAL = '10s';

let postgres: PostgresPeer;
let prometheus: PrometheusPeer;
let wrap: RunningProcess;
let run: CommandResult;
/** When the queries are evaluated: inside the run, while the generator's /metrics was still scraped. */
let evaluateAt: number;

beforeAll(async () => {
  postgres = await startPeer('postgres');
  const [proxyPort, sidePort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: postgres.url };
  for (const name of Object.keys(env)) if (name.startsWith('OTEL_')) delete env[name];
  wrap = await startProcess(
    process.execPath,
    [
      CLI,
      'wrap',
      '--listen',
      `127.0.0.1:${proxyPort}`,
      '--side',
      `127.0.0.1:${sidePort}`,
      '--',
      process.execPath,
      join(HERE, 'target-server.mjs'),
    ],
    {
      name: 'loadlens-wrap',
      env,
      ready: { http: `http://127.0.0.1:${proxyPort}/health` },
      readyTimeoutMs: 60_000,
    },
  );
  prometheus = await startPeer('prometheus', {
    targets: [`127.0.0.1:${sidePort}`, `127.0.0.1:${metricsPort}`],
  });
  const out = join(makePeerDir('dashboards-run'), 'run.json');
  const startedAt = Date.now();
  run = await runCommand(
    process.execPath,
    [
      CLI,
      'run',
      join(HERE, 'workload.yaml'),
      '--target',
      `http://127.0.0.1:${proxyPort}`,
      '--metrics',
      `127.0.0.1:${metricsPort}`,
      '--out',
      out,
    ],
    { timeoutMs: 120_000 },
  );
  const endedAt = Date.now();
  // Three seconds before the end: the generator's endpoint closes with the run, and a query at "now"
  // would see its series go stale.
  evaluateAt = (endedAt - 3_000) / 1000;
  expect(endedAt - startedAt).toBeGreaterThan(20_000);
}, 240_000);

afterAll(async () => {
  await prometheus?.stop();
  await wrap?.stop();
  await postgres?.stop();
});

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function instantQuery(expr: string): Promise<Sample[]> {
  const params = new URLSearchParams({ query: expr, time: String(evaluateAt) });
  const response = await fetch(`${prometheus.url}/api/v1/query?${params}`);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: Sample[] } };
  if (body.status !== 'success') throw new Error(`Prometheus rejected ${expr}: ${body.error}`);
  return body.data?.result ?? [];
}

const queries: PanelQueryRef[] = DASHBOARDS.flatMap((file) =>
  dashboardQueries(JSON.parse(readFileSync(join(ROOT, 'dashboards', 'grafana', file), 'utf8'))),
);

test('the run completed against the wrapped server', () => {
  expect(run.code, run.stdout + run.stderr).toBeLessThanOrEqual(1);
  expect(queries.length).toBeGreaterThan(20);
});

test('a query for a metric nobody emits returns nothing, so the checks below can fail', async () => {
  expect(await instantQuery(`rate(loadlens_load_not_a_metric_total[${RATE_INTERVAL}])`)).toEqual([]);
});

test.each(queries.map((q) => [`${q.dashboard} › ${q.panel} › ${q.refId}`, q] as const))(
  '%s returns data',
  async (_name, query) => {
    const expr = substituteVariables(query.expr, { rateInterval: RATE_INTERVAL, range: '30s' });
    const samples = await instantQuery(expr);
    const finite = samples.filter((s) => Number.isFinite(Number(s.value[1])));
    expect(finite.length, `${expr}\n→ ${JSON.stringify(samples).slice(0, 400)}`).toBeGreaterThan(0);
  },
);
