// Bounded readiness waits: every wait has a deadline and names what it waited for when it fails.
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** Stops waiting early, e.g. when the process that should answer has exited. */
  signal?: AbortSignal;
}

export interface WaitForHttpOptions extends WaitOptions {
  /** Accept these statuses (default: any 2xx). */
  statuses?: readonly number[];
}

async function poll(what: string, attempt: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt finished';
  while (Date.now() < deadline) {
    if (options.signal?.aborted) {
      throw new Error(`gave up waiting for ${what}: ${String(options.signal.reason ?? 'aborted')}`);
    }
    try {
      if (await attempt()) return;
      lastError = 'not ready yet';
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${lastError})`);
}

/**
 * Waits until `url` answers with an accepted status.
 * @example await waitForHttp('http://127.0.0.1:9090/-/ready', { timeoutMs: 20_000 });
 */
export function waitForHttp(url: string, options: WaitForHttpOptions = {}): Promise<void> {
  const accepted = (status: number) =>
    options.statuses ? options.statuses.includes(status) : status >= 200 && status < 300;
  return poll(
    url,
    async function attemptHttp() {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (!accepted(response.status)) throw new Error(`HTTP ${response.status}`);
      return true;
    },
    options,
  );
}

export interface WaitForTcpOptions extends WaitOptions {
  /** Default 127.0.0.1. */
  host?: string;
}

/**
 * Waits until a TCP connection to host:port succeeds.
 * @example await waitForTcp(5432, { timeoutMs: 10_000 });
 */
export function waitForTcp(port: number, options: WaitForTcpOptions = {}): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  return poll(
    `tcp ${host}:${port}`,
    function attemptTcp() {
      return new Promise<boolean>((resolve, reject) => {
        const socket = connect({ host, port, timeout: 2_000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('timeout', () => {
          socket.destroy();
          reject(new Error('connect timeout'));
        });
        socket.once('error', reject);
      });
    },
    options,
  );
}
