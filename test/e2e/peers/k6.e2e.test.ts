// k6 peer: `k6 run` of a TypeScript script against a loopback server; its JSON summary must count
// exactly the requests the server saw.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { peerBinary, runCommand, startLoopbackServer } from '../../harness/index.ts';

const script = join(import.meta.dirname, '../../fixtures/k6/smoke.ts');

interface K6Summary {
  metrics: Record<string, { values: Record<string, number> }>;
}

test('k6 runs a TypeScript script and reports the requests it sent', async () => {
  let served = 0;
  const target = await startLoopbackServer((req, res) => {
    if (req.url === '/k6') served += 1;
    res.end('ok');
  });
  const dir = mkdtempSync(join(tmpdir(), 'loadlens-k6-'));
  try {
    const summaryPath = join(dir, 'summary.json');
    const result = await runCommand(
      peerBinary('k6'),
      [
        'run',
        '--quiet',
        '--no-usage-report',
        '-e',
        `TARGET_URL=${target.url}`,
        '-e',
        `SUMMARY_PATH=${summaryPath}`,
        script,
      ],
      { timeoutMs: 60_000, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } },
    );
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as K6Summary;
    expect(summary.metrics.http_reqs?.values.count).toBe(20);
    expect(summary.metrics.iterations?.values.count).toBe(20);
    expect(summary.metrics.checks?.values.rate).toBe(1);
    expect(served).toBe(20);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.close();
  }
});
