// The target of a run or an upload: an http(s) URL, or a one-line InputError naming `--target`. It is parsed
// once, here, and handed on as a URL: the probe and the load engine read that, not the text again.
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

/**
 * The target as people wrote it in messages and run.json: the origin alone when the path is just "/"
 * (`http://127.0.0.1:8080`, not the URL's `http://127.0.0.1:8080/`), else the whole URL.
 * @example targetText(new URL('http://127.0.0.1:8080')) // 'http://127.0.0.1:8080'
 */
export function targetText(url: URL): string {
  return url.pathname === '/' && url.search === '' && url.hash === '' ? url.origin : url.href;
}
