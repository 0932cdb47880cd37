// Benchmark helpers: run a tool pinned to a core under /usr/bin/time (CPU seconds and peak RSS of the whole
// process, the same measure for every tool), and the peer tools' own invocations (autocannon, k6, oha).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  stdout: string;
  cpuSeconds: number;
  maxRssBytes: number;
}

const scratch = mkdtempSync(join(tmpdir(), 'loadlens-bench-'));

/** Runs `argv` on `core` and returns its stdout with user+system CPU seconds and peak RSS (GNU time). */
export function measured(core: string, argv: string[], timeoutMs: number): Promise<Measured> {
  const timeFile = join(scratch, `time-${process.hrtime.bigint()}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%U %S %M', 'taskset', '-c', core, ...argv], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      const [user, system, rssKb] = readFileSync(timeFile, 'utf8')
        .trim()
        .split('\n')
        .pop()!
        .split(' ')
        .map(Number);
      resolve({ stdout, cpuSeconds: user! + system!, maxRssBytes: rssKb! * 1024 });
    });
  });
}

const AUTOCANNON = new URL('../node_modules/autocannon/autocannon.js', import.meta.url).pathname;

/** autocannon at `rate` overall (its -R: each connection's quota per second) or closed-loop when undefined. */
export async function autocannon(core: string, url: string, seconds: number, rate?: number) {
  const args = [
    process.execPath,
    AUTOCANNON,
    '-j',
    '-c',
    '100',
    '-d',
    String(seconds),
    ...(rate ? ['-R', String(rate)] : []),
    url,
  ];
  const m = await measured(core, args, (seconds + 30) * 1000);
  const json = JSON.parse(m.stdout) as {
    requests: { total: number; average: number };
    errors: number;
    latency: { p99: number };
  };
  return {
    ...m,
    requests: json.requests.total,
    perSecond: json.requests.total / seconds,
    p99Ms: json.latency.p99,
  };
}

/** k6 with one constant-arrival-rate scenario (an open model, like loadlens). */
export async function k6(core: string, binary: string, url: string, seconds: number, rate: number) {
  const script = join(scratch, 'k6.js');
  const summary = join(scratch, 'k6-summary.json');
  writeFileSync(
    script,
    `import http from 'k6/http';
export const options = { discardResponseBodies: true, summaryTrendStats: ['p(99)'], scenarios: { s: {
  executor: 'constant-arrival-rate', rate: ${rate}, timeUnit: '1s', duration: '${seconds}s', preAllocatedVUs: 200, maxVUs: 2000 } } };
export default function () { http.get('${url}'); }
export function handleSummary(data) { return { '${summary}': JSON.stringify(data) }; }
`,
  );
  const m = await measured(
    core,
    [binary, 'run', '--quiet', '--no-usage-report', script],
    (seconds + 60) * 1000,
  );
  const data = JSON.parse(readFileSync(summary, 'utf8')) as {
    metrics: Record<string, { values: Record<string, number> }>;
  };
  const requests = data.metrics.http_reqs?.values.count ?? 0;
  return {
    ...m,
    requests,
    perSecond: requests / seconds,
    dropped: data.metrics.dropped_iterations?.values.count ?? 0,
    p99Ms: data.metrics.http_req_duration?.values['p(99)'] ?? 0,
  };
}

/** oha at a fixed rate with its coordinated-omission correction. */
export async function oha(
  core: string,
  binary: string,
  url: string,
  seconds: number,
  rate: number,
  connections: number,
) {
  const args = [
    binary,
    '-z',
    `${seconds}s`,
    '-q',
    String(rate),
    '-c',
    String(connections),
    '--latency-correction',
    '--no-tui',
    '--output-format',
    'json',
    url,
  ];
  const m = await measured(core, args, (seconds + 30) * 1000);
  const json = JSON.parse(m.stdout) as {
    latencyPercentiles: { p50: number; p90: number; p99: number; 'p99.9': number };
    summary: { requestsPerSec: number };
  };
  const p = json.latencyPercentiles;
  return {
    ...m,
    perSecond: json.summary.requestsPerSec,
    p50: p.p50,
    p90: p.p90,
    p99: p.p99,
    p999: p['p99.9'],
  };
}
