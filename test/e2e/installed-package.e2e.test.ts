// loadlens as a user installs it: the published packages packed, installed into a fresh project outside
// the repository, and the README's "wrap your own server in three commands" run there against the
// project's own small Node server — collect, wrap -- node server.js, run, analyze — then compare,
// export k6, and analyze under Deno from the installed package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  freePort,
  installLoadlens,
  removeInstalled,
  runCommand,
  startProcess,
  userEnv,
} from '../harness/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DENO = join(ROOT, 'node_modules', '.bin', 'deno');

// CommonJS on purpose: nothing in this project but loadlens knows about OpenTelemetry; what traces the
// server's http and its outgoing call is the preload, resolving @opentelemetry/* inside the installed package.
const SERVER = `const http = require('node:http');
const port = Number(process.env.PORT);
http.createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  // /items/N asks this server's /health first: an outgoing call the preload traces as a child span.
  fetch('http://127.0.0.1:' + port + '/health').then(() => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: req.url.split('/').pop() }));
  });
}).listen(port, '127.0.0.1');
`;

const WORKLOAD = `name: user-project
duration: 4s
seed: 3
slo: { p99: 2s }
operations:
  - { name: item, method: GET, path: /items/7, rate: 15/s }
  - { name: health, method: GET, path: /health, rate: 5/s }
`;

let project: { dir: string; bin: string };
const env = userEnv();

beforeAll(async () => {
  project = await installLoadlens({ 'server.js': SERVER, 'workload.yaml': WORKLOAD });
}, 300_000);

afterAll(removeInstalled);

function npx(args: string[], timeoutMs = 60_000) {
  return runCommand('npx', ['--no-install', 'loadlens', ...args], { cwd: project.dir, env, timeoutMs });
}

test('the installed packages are the compiled form: dist/, no sources, tests or fixtures', () => {
  const installed = [
    'loadlens',
    '@loadlens/types',
    '@loadlens/generator',
    '@loadlens/proxy',
    '@loadlens/analyzer',
  ];
  for (const name of installed) {
    const dir = join(project.dir, 'node_modules', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(existsSync(join(dir, manifest.exports['.'].default)), `${name} exports`).toBe(true);
    expect(readdirSync(dir).sort(), name).not.toContain('src');
    const files = readdirSync(dir, { recursive: true }).map(String);
    expect(
      files.filter((f) => /\.test\.|(^|\/)(test|fixtures)(\/|$)/.test(f)),
      name,
    ).toEqual([]);
    // Real workspace versions, not "*": the registry resolves them.
    for (const [dep, range] of Object.entries<string>(manifest.dependencies ?? {}))
      if (dep.startsWith('@loadlens/')) expect(range, `${name} → ${dep}`).toMatch(/^\d+\.\d+\.\d+$/);
  }
  // Not linked into the repository: a real copy in the project.
  expect(existsSync(join(project.dir, 'node_modules', 'loadlens', 'dist', 'run-cli.js'))).toBe(true);
});

test('the README’s three commands, then analyze, compare and export k6, in the user’s project', async () => {
  const otlpPort = await freePort();
  const proxyPort = await freePort();
  const collect = await startProcess(
    project.bin,
    ['collect', '--listen', `127.0.0.1:${otlpPort}`, '--store', 'run.db'],
    { name: 'installed-collect', cwd: project.dir, env, ready: { log: /collecting OTLP\/HTTP on/ } },
  );
  const wrap = await startProcess(
    project.bin,
    [
      'wrap',
      '--listen',
      `127.0.0.1:${proxyPort}`,
      '--otlp',
      `http://127.0.0.1:${otlpPort}`,
      '--',
      'node',
      'server.js',
    ],
    { name: 'installed-wrap', cwd: project.dir, env, ready: { log: /^proxy\s+http/m } },
  );
  const run = await npx([
    'run',
    'workload.yaml',
    '--target',
    `http://127.0.0.1:${proxyPort}`,
    '--out',
    'run.json',
  ]);
  expect(run.code, run.stderr).toBe(0);
  // The proxy flushes its spans when it stops, the collector commits when it stops.
  await wrap.stop();
  await collect.stop();

  const analyze = await npx(['analyze', 'run.db', '--run', 'run.json', '--out', 'report.json']);
  expect(analyze.code, analyze.stderr).toBe(0);
  expect(analyze.stdout).toMatch(/GET \/items\/\{id\}|GET \/items\/:id/);
  const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8'));
  // Per /items request: the proxy's span, the server's own and its traced fetch (the preload worked).
  expect(report.spanCount).toBeGreaterThan(2 * report.traceCount);

  const compare = await npx(['compare', 'report.json', 'report.json', '--fail-on', 'p95:+10%']);
  expect(compare.code, compare.stderr).toBe(0);
  expect(compare.stdout).toContain('0 regressions');

  const k6 = await npx(['export', 'k6', 'workload.yaml', '--out', 'load.ts']);
  expect(k6.code, k6.stderr).toBe(0);
  expect(readFileSync(join(project.dir, 'load.ts'), 'utf8')).toContain("from 'k6/http'");

  // Deno runs the installed bin on the same files: the published dist/ needs no condition or flag.
  const deno = await runCommand(
    DENO,
    ['run', '-A', 'node_modules/loadlens/bin/loadlens.js', 'analyze', 'run.db', '--run', 'run.json'],
    {
      cwd: project.dir,
      env,
      timeoutMs: 90_000,
    },
  );
  expect(deno.code, deno.stderr).toBe(0);
  const node = await npx(['analyze', 'run.db', '--run', 'run.json']);
  expect(deno.stdout).toBe(node.stdout);
}, 240_000);
