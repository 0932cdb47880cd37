import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capacitySchema } from '@loadlens/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

/**
 * Service time of the serializing server: one request at a time → at most 1000 / 25 = 40 req/s. Long enough
 * (with an SLO of p99 < 250 ms) that a 100 ms pause of this shared test process — the server and the
 * generator run on one event loop, on a CI machine running every package's tests at once — cannot fail a
 * step that is under capacity.
 */
const SERVICE_MS = 25;

let dir: string;
let server: Server;
let target: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-cli-capacity-'));
  // Requests are served strictly one after another, each taking SERVICE_MS: a known capacity of 40/s.
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
        'users: { count: 600, perMinute: { visit: 1 } }', // 600 × 1/min = 10/s at scale 1
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
      'p99<250ms,errors<1%',
      '--step-duration',
      '1500ms',
      '--max-steps',
      '7',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const capacity = capacitySchema.parse(JSON.parse(await readFile(out, 'utf8')));
    // 10 → 20 pass, 40 is the server's limit, 80 fails; bisecting lands near the 40/s the server can do.
    // (On a starved machine the in-process server's timers run late, so the window's low end has slack;
    // above 40/s a 1.5 s step builds a queue of (rate − 40) × 1.5 requests × 25 ms, which stays under the
    // 250 ms SLO up to ≈ 46.7/s.)
    expect(capacity.points.slice(0, 2).map((p) => [p.offeredRate, p.passed])).toEqual([
      [10, true],
      [20, true],
    ]);
    expect(capacity.points.some((p) => !p.passed && p.offeredRate <= 80)).toBe(true);
    expect(capacity.sustainableRate).toBeGreaterThanOrEqual(22);
    expect(capacity.sustainableRate).toBeLessThanOrEqual(47);
    expect(capacity.failureMode).toBe('latency');
    expect(capacity.usersSupported).toBeCloseTo((capacity.sustainableRate! / 10) * 600, 6);
    expect(capacity.costPerUserMonthlyUsd).toBeCloseTo(100 / capacity.usersSupported!, 9);
    expect(stdout).toMatch(/^sustainable rate: \d+(\.\d+)?\/s$/m);
    expect(stdout).toMatch(/^failure mode: latency \(p99 \d+ms > 250ms at \d+\/s\)$/m);
    expect(stdout).toMatch(/^cost per user: \$[\d.]+\/month on small \(\$100\/month\)$/m);
  }, 30_000);

  it('--config launches each deployment, measures it and prints them side by side', async () => {
    const script = join(dir, 'serial-server.mjs');
    await writeFile(
      script,
      [
        "import { createServer } from 'node:http';",
        'const serviceMs = Number(process.env.SERVICE_MS);',
        'let busyUntil = 0;',
        'createServer((_req, res) => {',
        '  const now = performance.now();',
        '  busyUntil = Math.max(busyUntil, now) + serviceMs;',
        "  setTimeout(() => res.end('ok'), busyUntil - now);",
        "}).listen(Number(process.env.PORT), '127.0.0.1');",
      ].join('\n'),
    );
    const deployment = (name: string, serviceMs: number, usd: number) =>
      JSON.stringify({
        name,
        command: [process.execPath, script],
        env: { SERVICE_MS: String(serviceMs) },
        readiness: { http: '/health', timeout: '10s' },
        instance: { name, monthlyUsd: usd },
      });
    await writeFile(join(dir, 'fast.json'), deployment('fast', 10, 200));
    await writeFile(join(dir, 'slow.json'), deployment('slow', 40, 50));
    const file = join(dir, 'cfg.yaml');
    await writeFile(
      file,
      'name: cfg\nduration: 1s\nusers: { count: 1200, perMinute: { visit: 1 } }\noperations:\n  - { name: visit, path: / }\n',
    );
    const out = join(dir, 'cfg.json');
    const {
      code,
      out: stdout,
      err,
    } = await run(
      'capacity',
      file,
      '--config',
      join(dir, 'fast.json'),
      '--config',
      join(dir, 'slow.json'),
      '--slo',
      'p99<150ms',
      '--start-rate',
      '10/s',
      '--step-duration',
      '1s',
      '--max-steps',
      '4',
      '--out',
      out,
    );
    expect(code, err).toBe(0);
    const fast = capacitySchema.parse(JSON.parse(await readFile(join(dir, 'cfg.fast.json'), 'utf8')));
    const slow = capacitySchema.parse(JSON.parse(await readFile(join(dir, 'cfg.slow.json'), 'utf8')));
    // From 10/s doubling: the 10 ms server (100/s) passes 10, 20, 40 and 80; the 40 ms one (25/s) fails
    // at 40/s and at the bisected 30/s.
    expect(fast.sustainableRate).toBeGreaterThanOrEqual(40);
    expect(slow.sustainableRate).toBeLessThan(30);
    expect(fast.usersSupported! / slow.usersSupported!).toBeGreaterThan(1.3);
    expect(fast.instance).toEqual({ name: 'fast', monthlyUsd: 200 });
    const table = stdout.slice(stdout.lastIndexOf('configuration'));
    expect(table.split('\n')[0]).toMatch(
      /^configuration\s+instance\s+sustainable\s+failure\s+users\s+cost\/user\/month\s+cost\/1M req$/,
    );
    expect(table.split('\n')[1]).toMatch(/^fast\s+fast \$200\s+[\d.]+\/s\s+\w+\s+\d+\s+\$[\d.]+\s+\$[\d.]+$/);
    expect(table.split('\n')[2]).toMatch(/^slow\s+slow \$50\s+[\d.]+\/s\s+\w+\s+\d+\s+\$[\d.]+\s+\$[\d.]+$/);
  }, 60_000);

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
      await run('capacity', file, '--config', 'x.yaml', '--target', target, '--slo', 'p99<1s'),
    ).toMatchObject({
      code: 2,
      err: '--target and --config exclude each other: each --config launches its own target',
    });
    expect(
      await run('capacity', file, '--target', 'http://127.0.0.1:1', '--slo', 'p99<1s', '--max-steps', '1'),
    ).toEqual({
      code: 3,
      out: '',
      err: 'capacity of http://127.0.0.1:1 for "b" within p99 < 1000ms\ntarget http://127.0.0.1:1 is unreachable: connection refused',
    });
  });
});
