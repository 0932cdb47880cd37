// The harness itself: readiness, logs, process-group stop, bounded waits, missing-peer message.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  freePort,
  PeerMissingError,
  peerBinary,
  startProcess,
  waitForHttp,
  waitForTcp,
} from '../../harness/index.ts';

/** Running, i.e. neither gone nor a zombie waiting for whichever ancestor adopted it to reap it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

test('startProcess waits for a log line and stop() ends the whole process group', async () => {
  // The shell starts a grandchild that would outlive a plain kill of the shell.
  const running = await startProcess('sh', ['-c', 'sleep 300 & echo "grandchild $!"; echo ready; wait'], {
    name: 'sh-group',
    ready: { log: /^ready$/ },
  });
  const grandchild = Number(/grandchild (\d+)/.exec(running.logs())?.[1]);
  expect(isAlive(grandchild)).toBe(true);
  expect(running.logs()).toContain('[sh-group] ready');
  await running.stop();
  const { signal } = await running.exited;
  expect(signal).toBe('SIGTERM');
  // The group kill is asynchronous; poll briefly (bounded: 50 × 20 ms).
  for (let i = 0; i < 50 && isAlive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
  expect(isAlive(grandchild)).toBe(false);
});

test('a process that exits before it is ready fails fast with its last log lines', async () => {
  const port = await freePort();
  const startedAt = Date.now();
  await expect(
    startProcess('sh', ['-c', 'echo "bad flag --frobnicate" >&2; exit 3'], {
      name: 'doomed',
      ready: { tcp: port },
      readyTimeoutMs: 30_000,
    }),
  ).rejects.toThrow(/doomed exited \(code 3[\s\S]*\[doomed\] bad flag --frobnicate/);
  expect(Date.now() - startedAt).toBeLessThan(5_000);
});

test('waits are bounded and say what they waited for', async () => {
  const port = await freePort();
  await expect(waitForTcp(port, { timeoutMs: 300 })).rejects.toThrow(
    `timed out after 300 ms waiting for tcp 127.0.0.1:${port}`,
  );
  await expect(waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 300 })).rejects.toThrow(
    /timed out after 300 ms/,
  );
});

test('a missing peer binary names the installer', () => {
  expect(() => peerBinary('no-such-peer-binary')).toThrow(PeerMissingError);
  expect(() => peerBinary('no-such-peer-binary')).toThrow(/install-peers\.sh/);
});

test('free ports come from below the ephemeral range, where outgoing connections cannot take them', async () => {
  const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
  const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
  expect(new Set(ports).size).toBe(50); // never the same number twice in one process
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(Number(ephemeralLow));
  }
});
