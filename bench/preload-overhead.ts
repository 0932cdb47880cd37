// What zero-code tracing costs the server it runs in, against the stock OpenTelemetry setup a user would
// pick instead, measured in the same run on the same targets:
//   - plain: no instrumentation;
//   - loadlens: its preload (`wrap` puts it in NODE_OPTIONS) at sampling 1, 0.1 and 0, exporting OTLP to a sink;
//   - stock OTel: `--require @opentelemetry/auto-instrumentations-node/register` (with OpenTelemetry's ESM
//     loader hook, as its docs say for ES-module servers) with every instrumentation,
//     and with OTEL_NODE_ENABLED_INSTRUMENTATIONS=http, exporting OTLP/protobuf to the same sink.
// Two targets: a hello-world (the worst case: the instrumentation is most of the work) and an express
// route making two `pg` queries against PostgreSQL (what a user's API handler looks like).
// The figure is requests per CPU-second of the target process (wrk -t1 -c64, after a warm-up), medians of
// interleaved rounds: on a shared 2-core machine req/s measures the neighbours, CPU per request does not.
// PostgreSQL's own CPU is not counted: the instrumentation runs in the Node process.
// With `ablation`, two more variants show where sampling 1 spends (BENCHMARKS.md note 2): the preload with
// no OTLP endpoint (recording and the aggregator, nothing exported), and with neither endpoint nor
// aggregator (the instrumentation packages and span recording alone).
// Usage: node bench/preload-overhead.ts [seconds per measurement = 5] [rounds = 2] [targets = hello,express-pg]
//        [ablation]

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort, peerBinary, runCommand, startPeer, startProcess } from '@loadlens/e2e/harness';
import { type OtlpEndpoint, preloadOtlpEnv, resolveOtlpEndpoint, withPreload } from '@loadlens/proxy';
import pg from 'pg';
import { median, treeCpuSeconds } from './run-figures.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const stockRegister = createRequire(import.meta.url).resolve(
  '@opentelemetry/auto-instrumentations-node/register',
);
// The loader hook of the instrumentation package that auto-instrumentations-node itself depends on.
const stockEsmHook = createRequire(stockRegister).resolve('@opentelemetry/instrumentation/hook.mjs');

export interface PreloadFigures {
  /** requests per CPU-second, median of rounds, by target then variant */
  perCpuSecond: Record<string, Record<string, number>>;
}

/** The instrumentation variants, each as the environment the target starts with. */
function variants(sinkUrl: string, ablation: boolean): [string, NodeJS.ProcessEnv][] {
  const loadlens = (sample: string, { exported = true, aggregated = true } = {}): NodeJS.ProcessEnv => ({
    NODE_OPTIONS: withPreload(undefined),
    LOADLENS_SAMPLE: sample,
    ...(exported ? preloadOtlpEnv(resolveOtlpEndpoint(sinkUrl, {}) as OtlpEndpoint) : {}),
    ...(aggregated ? { LOADLENS_SIDE_URL: sinkUrl } : {}),
  });
  const stock = (only?: string): NodeJS.ProcessEnv => ({
    // OpenTelemetry's documented setup for an ES-module server: without the loader hook `--require register`
    // alone records nothing for these targets (checked: zero spans), which would flatter stock OTel.
    NODE_OPTIONS: `--experimental-loader=${stockEsmHook} --require ${stockRegister}`,
    OTEL_SERVICE_NAME: 'bench-target',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${sinkUrl}/v1/traces`,
    // Neither is part of what is compared, and loadlens's preload turns both off too.
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    ...(only ? { OTEL_NODE_ENABLED_INSTRUMENTATIONS: only } : {}),
  });
  return [
    ['plain', {}],
    ['loadlens, sample 1', loadlens('1')],
    ['loadlens, sample 0.1', loadlens('0.1')],
    ['loadlens, sample 0', loadlens('0')],
    ['stock OTel, all', stock()],
    ['stock OTel, http only', stock('http')],
    ...(ablation
      ? ([
          ['loadlens 1, no export', loadlens('1', { exported: false })],
          ['loadlens 1, no exp/agg', loadlens('1', { exported: false, aggregated: false })],
        ] as [string, NodeJS.ProcessEnv][])
      : []),
  ];
}

async function wrkPerCpuSecond(url: string, pid: number, seconds: number): Promise<number> {
  const wrk = peerBinary('wrk');
  await runCommand(wrk, ['-t1', '-c64', '-d2s', url], { timeoutMs: 60_000 });
  const before = treeCpuSeconds(pid);
  const r = await runCommand(wrk, ['-t1', '-c64', `-d${seconds}s`, url], {
    timeoutMs: (seconds + 30) * 1000,
  });
  const used = treeCpuSeconds(pid) - before;
  const requests = Number(/^\s*(\d+) requests in/m.exec(r.stdout)?.[1] ?? Number.NaN);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1];
  if (errors)
    throw new Error(`${url}: ${errors} error responses under load: the figure would measure failures`);
  return requests / used;
}

async function seedPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS bench_items (id int PRIMARY KEY, name text NOT NULL, category int NOT NULL)',
    );
    await client.query('CREATE INDEX IF NOT EXISTS bench_items_category ON bench_items (category)');
    await client.query(
      "INSERT INTO bench_items SELECT i, 'item ' || i, i % 50 FROM generate_series(1, 1000) AS i ON CONFLICT DO NOTHING",
    );
    await client.query('ANALYZE bench_items');
  } finally {
    await client.end();
  }
}

/** Measures every variant on each target, in interleaved rounds, and prints the ratios. */
export async function measurePreloadOverhead(options: {
  seconds: number;
  rounds: number;
  targets: string[];
  sinkUrl: string;
  /** also measure sampling 1 without the exporter, and without exporter and aggregator */
  ablation?: boolean;
}): Promise<PreloadFigures> {
  const postgres = options.targets.includes('express-pg') ? await startPeer('postgres') : undefined;
  try {
    if (postgres) await seedPostgres(postgres.url);
    const targetArgs: Record<string, (port: number) => string[]> = {
      hello: (port) => [here('keepalive-target.ts'), String(port)],
      'express-pg': (port) => [here('express-pg-target.ts'), String(port), postgres?.url ?? ''],
    };
    const perCpu: Record<string, Record<string, number[]>> = {};
    for (let round = 0; round < options.rounds; round++)
      for (const target of options.targets)
        for (const [variant, env] of variants(options.sinkUrl, options.ablation === true)) {
          const port = await freePort();
          const proc = await startProcess(process.execPath, targetArgs[target]?.(port) ?? [], {
            name: `${target} ${variant}`,
            env: { ...process.env, ...env },
            ready: { tcp: port },
          });
          try {
            const figure = await wrkPerCpuSecond(`http://127.0.0.1:${port}/bench`, proc.pid, options.seconds);
            perCpu[target] ??= {};
            perCpu[target][variant] ??= [];
            perCpu[target][variant].push(figure);
          } finally {
            await proc.stop();
          }
        }
    const figures: PreloadFigures = { perCpuSecond: {} };
    for (const [target, byVariant] of Object.entries(perCpu)) {
      const m = Object.fromEntries(Object.entries(byVariant).map(([k, v]) => [k, median(v)]));
      figures.perCpuSecond[target] = m;
      const plain = m.plain ?? Number.NaN;
      const stockAll = m['stock OTel, all'] ?? Number.NaN;
      const stockHttp = m['stock OTel, http only'] ?? Number.NaN;
      console.log(`\n## ${target}: requests per CPU-second of the target (wrk -t1 -c64), medians of rounds`);
      for (const [variant, value] of Object.entries(m))
        console.log(
          `${variant.padEnd(22)} ${value.toFixed(0).padStart(6)} req/CPU-s   × plain ${(value / plain).toFixed(3)}` +
            (variant.startsWith('loadlens')
              ? `   × stock all ${(value / stockAll).toFixed(3)}   × stock http-only ${(value / stockHttp).toFixed(3)}`
              : '') +
            `   rounds: ${byVariant[variant]?.map((x) => x.toFixed(0)).join(', ')}`,
        );
    }
    return figures;
  } finally {
    await postgres?.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // An OTLP sink on loopback: accepts and discards, so export cost is paid without a real backend.
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  sink.listen(0, '127.0.0.1');
  await new Promise((r) => sink.once('listening', r));
  try {
    await measurePreloadOverhead({
      seconds: Number(process.argv[2] ?? 5),
      rounds: Number(process.argv[3] ?? 2),
      targets: (process.argv[4] ?? 'hello,express-pg').split(','),
      ablation: process.argv[5] === 'ablation',
      sinkUrl: `http://127.0.0.1:${(sink.address() as { port: number }).port}`,
    });
  } finally {
    sink.close();
  }
}
