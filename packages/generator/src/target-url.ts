// The target of a run or an upload: an http(s) URL, or a one-line InputError naming `--target`.
import { InputError } from '@loadlens/types';

/**
 * Parses and checks `--target`.
 * @example targetUrl('http://127.0.0.1:8080').port // '8080'
 */
export function targetUrl(target: string): URL {
  const url = URL.canParse(target) ? new URL(target) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new InputError(`--target "${target}": expected an http(s) URL like http://127.0.0.1:8080`);
  return url;
}
