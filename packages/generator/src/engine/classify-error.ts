// Maps a failed request (an undici error, or a response status) to the run result's error classes.
import { ErrorIndex } from './operation-stats.ts';

/** undici error codes for a timed-out connect, response head or body. */
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
/** The peer closed or reset the connection mid-request ("other side closed" is undici's UND_ERR_SOCKET). */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** ErrorIndex of a transport failure. */
export function classifyTransportError(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return ErrorIndex.other;
  if (code === 'ECONNREFUSED') return ErrorIndex.refused;
  if (TIMEOUT_CODES.has(code)) return ErrorIndex.timeout;
  if (RESET_CODES.has(code)) return ErrorIndex.reset;
  return ErrorIndex.other;
}

/**
 * ErrorIndex of a response that is not what the operation expects, or -1 when it is fine: without an
 * `expect.status` list, 2xx and 3xx are fine; with one, exactly those statuses are.
 */
export function classifyStatus(status: number, expected: readonly number[] | undefined): number {
  if (expected === undefined ? status < 400 && status >= 200 : expected.includes(status)) return -1;
  if (status >= 500) return ErrorIndex.http5xx;
  if (status >= 400) return ErrorIndex.http4xx;
  return ErrorIndex.other;
}
