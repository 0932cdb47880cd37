// `synth emission --target URL`: uploads the same entries through the server's own API — `/profile/create`
// then `/usercache/put` in batches — a few users at a time, so the server ingests them as phones would.
import { RuntimeFailure } from '@loadlens/types';
import { Pool } from 'undici';
import { targetUrl } from '../target-url.ts';
import { type EmissionSynthOptions, userBatches, usersOf } from './emission-synth.ts';

export interface UploadOptions {
  /** Entries per `/usercache/put` (default 1000: ~350 KB bodies, well under common 1 MB body limits). */
  batchSize?: number;
  /** Users uploaded at once (default 4: enough to keep a server busy without flooding it). */
  concurrency?: number;
  /** Per-request timeout in ms (default 60 s: a slow server ingesting large batches is not dead). */
  timeoutMs?: number;
  onProgress?: (done: { users: number; entries: number; requests: number }) => void;
}

export interface UploadSummary {
  users: number;
  entries: number;
  requests: number;
}

/**
 * Uploads every user's entries to an e-mission-like server (the tripstore API).
 * @example await uploadEmission({ users: 10, days: 1, seed: 1 }, 'http://127.0.0.1:8080')
 */
export async function uploadEmission(
  synth: EmissionSynthOptions,
  target: string,
  options: UploadOptions = {},
): Promise<UploadSummary> {
  const url = targetUrl(target);
  const base = url.pathname.replace(/\/$/, '');
  const users = usersOf(synth);
  const batchSize = options.batchSize ?? 1000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, users.length));
  const pool = new Pool(url.origin, {
    connections: concurrency,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const done = { users: 0, entries: 0, requests: 0 };

  async function post(path: string, body: string): Promise<void> {
    let status: number;
    let text: string;
    try {
      const response = await pool.request({
        method: 'POST',
        path: base + path,
        body,
        headers: { 'content-type': 'application/json' },
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new RuntimeFailure(`--target ${target}: ${path} failed: ${code}`);
    }
    done.requests++;
    if (status < 200 || status >= 300)
      throw new RuntimeFailure(
        `--target ${target}: ${path} answered ${status}: ${text.slice(0, 200).split('\n')[0]}`,
      );
  }

  async function uploadUser(kind: 'active' | 'inactive', index: number): Promise<void> {
    let profiled = false;
    for (const batch of userBatches(synth, kind, index)) {
      const prefix = `{"user":"${batch.user.token}"`;
      if (!profiled) {
        await post('/profile/create', `${prefix}}`);
        profiled = true;
      }
      for (let i = 0; i < batch.entries.length; i += batchSize) {
        const slice = batch.entries.slice(i, i + batchSize);
        await post('/usercache/put', `${prefix},"phone_to_server":[${slice.join(',')}]}`);
        done.entries += slice.length;
      }
    }
    done.users++;
    options.onProgress?.({ ...done });
  }

  let next = 0;
  async function worker(): Promise<void> {
    while (next < users.length) {
      const [kind, index] = users[next++] as ['active' | 'inactive', number];
      await uploadUser(kind, index);
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.destroy();
  }
  return done;
}
