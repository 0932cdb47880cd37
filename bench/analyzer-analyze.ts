// Benchmark: `loadlens analyze` on 1,000,000 tripstore-like spans (OTLP/JSON lines), in a child process
// so peak RSS is the analysis' own (/usr/bin/time -v). The peer, measured in the same run on the same
// file, is the floor any analyzer of this file pays: reading it and JSON.parse of every line.
// Target (issue 5): ≤ 10 s and peak RSS ≤ 1.5 GB.
// Run: node bench/analyzer-analyze.ts [spans=1000000]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAnalyzeFixture } from './analyzer-analyze-fixture.ts';

const spans = Number(process.argv[2] ?? 1_000_000);
const root = new URL('../', import.meta.url).pathname;
const node = join(root, 'node_modules/.bin/node');
const dir = mkdtempSync(join(tmpdir(), 'loadlens-bench-analyze-'));

/**
 * Runs a command under /usr/bin/time -v: wall seconds, CPU seconds (user + sys: on a machine shared with
 * other work the wall time mostly measures the wait for a core) and peak RSS in MB.
 */
function timed(args: string[]): { seconds: number; cpuSeconds: number; rssMb: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 300_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { seconds, cpuSeconds: user + sys, rssMb: kb / 1024, stdout: r.stdout };
}

const loadBefore = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
try {
  if (!existsSync('/usr/bin/time'))
    throw new Error('needs /usr/bin/time (apt-get install time) to measure peak RSS');
  const file = join(dir, 'spans.jsonl');
  const t = performance.now();
  const written = await writeAnalyzeFixture(file, spans);
  console.log(
    `fixture: ${written} spans, ${(statSync(file).size / 1e6).toFixed(0)} MB, written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const peerScript = join(dir, 'parse-only.mjs');
  writeFileSync(
    peerScript,
    `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
let n = 0;
for await (const line of createInterface({ input: createReadStream(${JSON.stringify(file)}), crlfDelay: Infinity }))
  if (line) for (const rs of JSON.parse(line).resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
console.log(n);\n`,
  );
  const peer = timed([node, peerScript]);
  const analyze = timed([
    node,
    join(root, 'apps/cli/bin/loadlens.js'),
    'analyze',
    file,
    '--format',
    'json',
    '--out',
    join(dir, 'report.json'),
  ]);
  const report = JSON.parse(analyze.stdout) as {
    spanCount: number;
    traceCount: number;
    findings: { kind: string }[];
  };
  console.log(
    `load average before: ${loadBefore}; after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  console.log(
    `peer (read + JSON.parse every line): ${peer.seconds.toFixed(2)} s wall, ${peer.cpuSeconds.toFixed(2)} s CPU, peak RSS ${peer.rssMb.toFixed(0)} MB, ${peer.stdout.trim()} spans`,
  );
  console.log(
    `loadlens analyze: ${analyze.seconds.toFixed(2)} s wall, ${analyze.cpuSeconds.toFixed(2)} s CPU, peak RSS ${analyze.rssMb.toFixed(0)} MB, ${report.spanCount} spans in ${report.traceCount} traces, findings: ${[...new Set(report.findings.map((f) => f.kind))].join(', ')}`,
  );
  console.log(
    `ratio analyze/peer: ${(analyze.seconds / peer.seconds).toFixed(2)}× wall, ${(analyze.cpuSeconds / peer.cpuSeconds).toFixed(2)}× CPU, ${(analyze.rssMb / peer.rssMb).toFixed(2)}× RSS`,
  );
  console.log(
    `target ≤ 10 s: wall ${analyze.seconds <= 10 ? 'met' : 'missed'}, CPU ${analyze.cpuSeconds <= 10 ? 'met' : 'missed'}; ≤ 1.5 GB: ${analyze.rssMb <= 1536 ? 'met' : 'missed'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
