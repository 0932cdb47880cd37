// Benchmark peers: wrk, oha and autocannon each load a loopback server briefly, and what they
// report agrees with what the server counted.
import autocannon from 'autocannon';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LoopbackServer, peerBinary, runCommand, startLoopbackServer } from '../../harness/index.ts';

let target: LoopbackServer;
let served = 0;
const CONNECTIONS = 4;

beforeAll(async () => {
  target = await startLoopbackServer((_req, res) => {
    served += 1;
    res.end('ok');
  });
});

afterAll(async () => {
  await target?.close();
});

/** A tool counts completed responses; the server may also have answered the last in-flight ones. */
function expectAgreesWithServer(reported: number, servedBefore: number): void {
  expect(reported).toBeGreaterThan(0);
  expect(served - servedBefore).toBeGreaterThanOrEqual(reported);
  expect(served - servedBefore - reported).toBeLessThanOrEqual(CONNECTIONS);
}

test('wrk reports requests and throughput', async () => {
  const before = served;
  const result = await runCommand(
    peerBinary('wrk'),
    ['-t1', `-c${CONNECTIONS}`, '-d2s', '--latency', `${target.url}/wrk`],
    { timeoutMs: 30_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  const requests = /^\s*(\d+) requests in [\d.]+m?s/m.exec(result.stdout);
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(result.stdout);
  expect(requests, result.stdout).not.toBeNull();
  expect(Number(rate?.[1])).toBeGreaterThan(0);
  expect(result.stdout).toMatch(/^\s+99%\s+[\d.]+[mu]?s$/m);
  expectAgreesWithServer(Number(requests?.[1]), before);
});

interface OhaSummary {
  summary: { successRate: number; requestsPerSec: number };
  statusCodeDistribution: Record<string, number>;
}

test('oha reports requests in its JSON output', async () => {
  const before = served;
  const result = await runCommand(
    peerBinary('oha'),
    ['-z', '2s', '-c', String(CONNECTIONS), '--no-tui', '--output-format', 'json', `${target.url}/oha`],
    { timeoutMs: 30_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as OhaSummary;
  expect(report.summary.successRate).toBe(1);
  expect(report.summary.requestsPerSec).toBeGreaterThan(0);
  expectAgreesWithServer(report.statusCodeDistribution['200'] ?? 0, before);
});

test('autocannon reports requests through its API', async () => {
  const before = served;
  const result = await autocannon({ url: `${target.url}/autocannon`, connections: CONNECTIONS, duration: 2 });
  expect(result.errors).toBe(0);
  expect(result.non2xx).toBe(0);
  expect(result.latency.p99).toBeGreaterThanOrEqual(0);
  expectAgreesWithServer(result['2xx'], before);
});
