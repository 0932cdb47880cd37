// `loadlens collect` as a real child process: acknowledged batches survive kill -9, a held store is
// refused with exit 2, SIGTERM commits and reports; bad flags exit 2 in-process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSpanSource } from '@loadlens/analyzer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

const BIN = fileURLToPath(new URL('../../bin/loadlens.js', import.meta.url));
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-collect-'));
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts `loadlens collect` on a free port; resolves with its URL once it listens (bounded: 20 s). */
function startCollect(store: string): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [BIN, 'collect', '--listen', '127.0.0.1:0', '--store', store], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collect did not start: ${stderr}`)), 20_000);
    const check = () => {
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stdout: () => stdout });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collect exited ${code}: ${stderr}`));
    });
  });
}

/** One OTLP/JSON export request with `count` spans of one trace. */
function exportRequest(batch: number, count: number): string {
  const traceId = batch.toString(16).padStart(32, '0');
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId,
    spanId: (batch * 1000 + i + 1).toString(16).padStart(16, '0'),
    name: `span ${i}`,
    kind: 3,
    startTimeUnixNano: String(1_767_225_600_000_000_000n + BigInt(i)),
    endTimeUnixNano: String(1_767_225_600_000_500_000n + BigInt(i)),
    attributes: [{ key: 'db.system', value: { stringValue: 'postgresql' } }],
  }));
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kill-test' } }] },
        scopeSpans: [{ spans }],
      },
    ],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('loadlens collect', () => {
  it('keeps every batch it answered 200 when killed with -9', async () => {
    const store = join(dir, 'killed.db');
    const { child, url } = await startCollect(store);
    for (let batch = 1; batch <= 5; batch++) {
      const response = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exportRequest(batch, 100),
      });
      expect(response.status).toBe(200);
    }
    child.kill('SIGKILL');
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGKILL' });
    const source = await openSpanSource(store);
    let spans = 0;
    let traces = 0;
    for await (const trace of source.traces()) {
      traces++;
      spans += trace.length;
    }
    await source.close();
    expect({ traces, spans }).toEqual({ traces: 5, spans: 500 });
  });

  it('refuses a store another collector holds (exit 2), and reports on SIGTERM', async () => {
    const store = join(dir, 'held.db');
    const { child, url, stdout } = await startCollect(store);
    const second = await run('collect', '--listen', '127.0.0.1:0', '--store', store);
    expect(second.code).toBe(2);
    expect(second.err).toBe(
      `${store}: the span store is in use by another process (PID ${child.pid}); stop that collector or open a copy`,
    );
    const response = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: exportRequest(9, 3),
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(stdout().split('\n')[1]).toBe(`SIGTERM: stored 3 spans and 0 metric points in ${store}`);
  });

  it('exits 2 on a bad --listen or size flag', async () => {
    expect(await run('collect', '--listen', 'localhost:http', '--store', join(dir, 'x.db'))).toEqual({
      code: 2,
      out: '',
      err: '--listen localhost:http: expected host:port, e.g. 127.0.0.1:4318',
    });
    expect((await run('collect', '--max-body-mb', '0', '--store', join(dir, 'x.db'))).err).toBe(
      '--max-body-mb "0": expected a number above 0',
    );
  });
});
