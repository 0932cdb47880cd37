// Parses `--listen`: `host:port`, `[v6]:port`, `:port` or `port`. The host defaults to 127.0.0.1 so
// nothing is exposed beyond the machine unless asked for.
import { InputError } from '@loadlens/types';

export const DEFAULT_LISTEN = '127.0.0.1:4318';

/**
 * @example parseListenAddress('127.0.0.1:4318') // { host: '127.0.0.1', port: 4318 }
 */
export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*))?:?(\d+)$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65_535)
    throw new InputError(`--listen ${text}: expected host:port, e.g. ${DEFAULT_LISTEN}`);
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}
