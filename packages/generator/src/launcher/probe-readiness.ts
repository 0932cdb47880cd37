// Readiness probes for a launched target: an HTTP path answering 2xx/3xx, or the TCP port accepting.
import { connect } from 'node:net';
import { request } from 'undici';

/** One probe attempt; true when the target is ready. Never throws. */
export async function probeOnce(host: string, port: number, httpPath: string | undefined): Promise<boolean> {
  if (httpPath === undefined) {
    return new Promise((resolve) => {
      const socket = connect({ host, port });
      socket.setTimeout(1000);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(false));
    });
  }
  try {
    const response = await request(`http://${host.includes(':') ? `[${host}]` : host}:${port}${httpPath}`, {
      headersTimeout: 1000,
      bodyTimeout: 1000,
    });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 400;
  } catch {
    return false;
  }
}
