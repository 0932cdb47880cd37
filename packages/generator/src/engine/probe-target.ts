// Before a run: can we open a TCP connection to the target at all? An unreachable target is the user's
// problem to fix (exit 3, one line), not a run full of "refused" errors.
import { connect } from 'node:net';
import { RuntimeFailure } from '@loadlens/types';
import { targetText } from '../target-url.ts';

/** How long a connect may take before the target counts as unreachable. */
const PROBE_TIMEOUT_MS = 3000;

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Resolves when a TCP connection to the target's host and port opens; throws RuntimeFailure otherwise.
 * @example await probeTarget(targetUrl('http://127.0.0.1:8080'))
 */
export async function probeTarget(url: URL, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const target = targetText(url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port: portOf(url) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new RuntimeFailure(`target ${target} is unreachable: no connection within ${timeoutMs / 1000} s`),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message);
      reject(new RuntimeFailure(`target ${target} is unreachable: ${why}`));
    });
  });
}
