import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capacitySchema } from '@loadlens/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';

/** Service time of the serializing server: one request at a time → at most 1000 / 10 = 100 req/s. */
const SERVICE_MS = 10;

let dir: string;
let server: Server;
let target: string;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-cli-capacity-'));
  // Requests are served strictly one after another, each taking SERVICE_MS: a known capacity of 100/s.
  let busyUntil = 0;
  server = createServer((_req, res) => {
    const now = performance.now();
    busyUntil = Math.max(busyUntil, now) + SERVICE_MS;
    setTimeout(() => res.end('ok'), busyUntil - now);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('loadlens capacity', () => {
  it('finds the known capacity of a serializing server, with users and cost', async () => {
    const file = join(dir, 'w.yaml');
    await writeFile(
      file,
      [
        'name: serial',
        'duration: 1s',
        'users: { count: 600, perMinute: { visit: 2 } }', // 600 × 2/min = 20/s at scale 1
        'instance: { name: small, monthlyUsd: 100 }',
        'operations:',
        '  - { name: visit, path: / }',
      ].join('\n'),
    );
    const out = join(dir, 'capacity.json');
    const { code, out: stdout } = await run(
      'capacity',
      file,
      '--target',
      target,
      '--slo',
      'p99<100ms,errors<1%',
      '--step-duration',
      '1500ms',
      '--max-steps',
      '7',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const capacity = capacitySchema.parse(JSON.parse(await readFile(out, 'utf8')));
    // 20 → 40 → 80 pass, 160 fails; bisecting lands between 80/s and the 100/s the server can do.
    expect(capacity.points.slice(0, 4).map((p) => [p.offeredRate, p.passed])).toEqual([
      [20, true],
      [40, true],
      [80, true],
      [160, false],
    ]);
    expect(capacity.sustainableRate).toBeGreaterThanOrEqual(80);
    expect(capacity.sustainableRate).toBeLessThanOrEqual(110);
    expect(capacity.failureMode).toBe('latency');
    expect(capacity.usersSupported).toBeCloseTo((capacity.sustainableRate! / 20) * 600, 6);
    expect(capacity.costPerUserMonthlyUsd).toBeCloseTo(100 / capacity.usersSupported!, 9);
    expect(stdout).toMatch(/^sustainable rate: \d+(\.\d+)?\/s$/m);
    expect(stdout).toMatch(/^failure mode: latency \(p99 \d+ms > 100ms at \d+\/s\)$/m);
    expect(stdout).toMatch(/^cost per user: \$[\d.]+\/month on small \(\$100\/month\)$/m);
  }, 30_000);

  it('exits 2 for a bad --slo, a missing SLO and a bad step duration', async () => {
    const file = join(dir, 'b.yaml');
    await writeFile(file, 'name: b\nduration: 1s\noperations:\n  - { name: a, path: /, rate: 10/s }\n');
    expect(await run('capacity', file, '--target', target)).toEqual({
      code: 2,
      out: '',
      err: 'no SLO: pass --slo "p99<500ms,errors<1%" or set "slo" in the workload',
    });
    expect(await run('capacity', file, '--target', target, '--slo', 'p99=5')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^--slo "p99=5": cannot read "p99=5"/),
    });
    expect(
      await run('capacity', file, '--target', target, '--slo', 'p99<1s', '--step-duration', '5ms'),
    ).toMatchObject({
      code: 2,
      err: '--step-duration "5ms": expected a duration ≥ 100ms like "10s"',
    });
    expect(
      await run('capacity', file, '--target', 'http://127.0.0.1:1', '--slo', 'p99<1s', '--max-steps', '1'),
    ).toEqual({ code: 3, out: '', err: 'target http://127.0.0.1:1 is unreachable: connection refused' });
  });
});
