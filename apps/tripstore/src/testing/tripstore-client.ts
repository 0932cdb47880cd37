// A small HTTP client for tripstore's tests: POSTs JSON to a running server over loopback.
import { type FileEntry, phoneEntry, syntheticDay } from './synthetic-entries.ts';

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a reply's shape is what the test asserts on
  body: any;
  headers: Headers;
}

export function clientOf(url: string) {
  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Creates the user, uploads a synthetic day with `trips` trips and runs the pipeline. */
  async function loadDay(user: string, trips: number, seed = 1): Promise<FileEntry[]> {
    const entries = syntheticDay({ user, trips, seed });
    await post('/profile/create', { user });
    const put = await post('/usercache/put', { user, phone_to_server: entries.map(phoneEntry) });
    if (put.status !== 200) throw new Error(`put failed: ${JSON.stringify(put.body)}`);
    await post('/pipeline/run', {});
    return entries;
  }

  return { post, loadDay };
}
