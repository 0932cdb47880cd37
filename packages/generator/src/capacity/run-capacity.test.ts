import { describe, expect, it } from 'vitest';
import { fakeRequestSource, testWorkload, useFakeServers } from '../engine/test-fakes.ts';
import { runCapacity } from './run-capacity.ts';

const server = useFakeServers();

describe('runCapacity', () => {
  it('probes the target once per step, not once more per run and per step', async () => {
    const fake = await server((_req, res) => res.end('ok'));
    // A probe opens a connection and closes it without sending a byte; the load's connections send requests.
    let silent = 0;
    fake.server.on('connection', (socket) => {
      let sent = false;
      socket.once('data', () => {
        sent = true;
      });
      socket.once('close', () => {
        if (!sent) silent++;
      });
    });
    const workload = testWorkload({ duration: '1s', operations: [{ name: 'get', path: '/', rate: '20/s' }] });
    const capacity = await runCapacity({
      workload,
      target: new URL(fake.url),
      requests: (w) => fakeRequestSource(w),
      slo: { latencyMs: { p99: 1000 } },
      stepDurationMs: 200,
      maxSteps: 3,
      // One connection per step, so every connection but the probes carries requests.
      connections: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(capacity.points).toHaveLength(3);
    expect(silent).toBe(3);
  });
});
