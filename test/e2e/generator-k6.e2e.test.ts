// `loadlens export k6` end to end: the exported TypeScript script runs in real k6 against a loopback server,
// and k6's own per-scenario request counts match the workload's rates within 5 % (issue 8).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportK6 } from '@loadlens/generator';
import { resolveWorkload, type WorkloadInput, workloadSchema } from '@loadlens/types';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LoopbackServer, peerBinary, runCommand, startLoopbackServer } from '../harness/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'loadlens-k6-export-'));
const seen: { method: string; path: string; traceparent: string; body: string }[] = [];
let target: LoopbackServer;

beforeAll(async () => {
  target = await startLoopbackServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      traceparent: String(req.headers.traceparent),
      body,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

afterAll(async () => {
  await target.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Exports `spec`, runs it in k6 and returns k6's http_reqs count per scenario (from its JSON output). */
async function runExported(name: string, spec: WorkloadInput): Promise<Record<string, number>> {
  const resolved = resolveWorkload(workloadSchema.parse(spec));
  const script = join(scratch, `${name}.ts`);
  exportK6(resolved, script, { now: () => Date.UTC(2026, 10, 2, 12) });
  const points = join(scratch, `${name}.points.json`);
  const result = await runCommand(
    peerBinary('k6'),
    [
      'run',
      '--quiet',
      '--no-usage-report',
      '--no-summary',
      '--out',
      `json=${points}`,
      '-e',
      `TARGET=${target.url}`,
      script,
    ],
    { timeoutMs: 90_000, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } },
  );
  expect(result.code, result.stderr + result.stdout).toBe(0);
  const counts: Record<string, number> = {};
  for (const line of readFileSync(points, 'utf8').split('\n')) {
    if (!line.includes('"metric":"http_reqs"') || !line.includes('"type":"Point"')) continue;
    const scenario = (JSON.parse(line) as { data: { tags: { scenario: string } } }).data.tags.scenario;
    counts[scenario] = (counts[scenario] ?? 0) + 1;
  }
  return counts;
}

test('constant-arrival-rate scenarios send each operation at its rate, with synthetic bodies and traceparents', async () => {
  seen.length = 0;
  const counts = await runExported('constant', {
    name: 'canvass-small',
    duration: '8s',
    seed: 7,
    users: { count: 1500, perMinute: { visit: 1, read: 0.2 } },
    operations: [
      { name: 'visit', method: 'POST', path: '/visits', body: { scenario: 'canvass.visit' } },
      { name: 'read', path: '/localities/{locality}/intentions' },
    ],
  });
  // visit: 1500 × 1/min = 25/s → 200 in 8 s; read: 1500 × 0.2/min = 5/s → 40 in 8 s.
  expect(counts.visit! / 200).toBeGreaterThan(0.95);
  expect(counts.visit! / 200).toBeLessThan(1.05);
  expect(counts.read! / 40).toBeGreaterThan(0.95);
  expect(counts.read! / 40).toBeLessThan(1.05);
  expect(seen.every((r) => /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(r.traceparent))).toBe(true);
  const visits = seen.filter((r) => r.path === '/visits');
  expect(visits.length).toBe(counts.visit);
  expect(
    new Set(visits.map((v) => (JSON.parse(v.body) as { volunteer: string }).volunteer)).size,
  ).toBeGreaterThan(10);
  expect(
    seen.filter((r) => r.method === 'GET').every((r) => /^\/localities\/loc-7-\d+\/intentions$/.test(r.path)),
  ).toBe(true);
});

test('ramping-arrival-rate scenarios follow the workload stages', async () => {
  const counts = await runExported('ramping', {
    name: 'ramp',
    seed: 1,
    startScale: 1,
    stages: [
      { duration: '4s', scale: 1 },
      { duration: '4s', scale: 3 },
    ],
    operations: [{ name: 'health', path: '/health', rate: '20/s' }],
  });
  // 4 s at 20/s, then a linear ramp from 20/s to 60/s over 4 s: 80 + 160 = 240 requests.
  expect(counts.health! / 240).toBeGreaterThan(0.95);
  expect(counts.health! / 240).toBeLessThan(1.05);
});
