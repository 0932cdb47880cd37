import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  openFiles,
  pidListeningOn,
  processTree,
  readMachineCounters,
  readProcessStat,
} from './proc-stats.ts';
import { startResourceSampler, watchSource } from './resource-sampler.ts';

describe('/proc sampling', () => {
  it('reads this process: RSS, threads, descriptors, and finds it by its listening port', async () => {
    const stat = readProcessStat(process.pid);
    expect(stat?.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(Math.abs((stat?.rssBytes ?? 0) - process.memoryUsage().rss)).toBeLessThan(64 * 1024 * 1024);
    expect(stat?.threads).toBeGreaterThanOrEqual(1);
    expect(stat?.ppid).toBe(process.ppid);
    expect(processTree([process.ppid]).map((p) => p.pid)).toContain(process.pid);
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const before = await openFiles(process.pid);
    expect(before.sockets).toBeGreaterThanOrEqual(1);
    expect(pidListeningOn((server.address() as { port: number }).port)).toBe(process.pid);
    server.close();
    expect(readMachineCounters().cpuTotal).toBeGreaterThan(0);
  });

  it('samples sources and the machine into ResourceSamples served by time', async () => {
    const spin = () => {
      const until = Date.now() + 300;
      while (Date.now() < until) {
        // burn CPU so the second sample shows it
      }
    };
    const sampler = startResourceSampler({
      sources: [
        { source: 'target', roots: () => [process.pid] },
        watchSource(String(process.pid)),
        watchSource('no-such-process-name'),
      ],
      intervalMs: 60_000,
      extra: (source) => (source === 'target' ? { eventLoopDelayP99Ms: 3 } : {}),
    });
    const t0 = Date.now();
    spin();
    await sampler.sampleNow();
    sampler.stop();
    const latest = sampler.since(t0);
    const target = latest.find((s) => s.source === 'target');
    // 300 ms of spinning in a ~300 ms window; the bound leaves room for a machine shared with other work.
    expect(target?.cpuPercent).toBeGreaterThan(10);
    expect(target?.eventLoopDelayP99Ms).toBe(3);
    expect(latest.map((s) => s.source).sort()).toEqual(['machine', 'target', `watch:${process.pid}`]);
    expect(latest.find((s) => s.source === 'machine')).toMatchObject({
      cpuPercent: expect.any(Number),
      netRxBytesPerSec: expect.any(Number),
    });
  });
});
