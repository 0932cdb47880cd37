// startWrap with a real Node child (loopback only): the preload reaches an unchanged ESM server, its
// spans and stage times arrive on the side port, and the side port rejects bad input.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWrap, type Wrap } from './start-wrap.ts';
import { parseWrapFlags } from './wrap-options.ts';

const server = fileURLToPath(new URL('../test/fixtures/esm-app/server.js', import.meta.url));
let wrap: Wrap;

beforeAll(async () => {
  wrap = await startWrap(
    parseWrapFlags({ listen: '127.0.0.1:0', readyTimeout: '60s', command: [process.execPath, server] }),
    {},
  );
}, 90_000);

afterAll(async () => {
  await wrap?.stop();
});

async function metricsWhen(predicate: (text: string) => boolean): Promise<string> {
  for (let i = 0; i < 80; i++) {
    const text = await (await fetch(`${wrap.sideUrl}/metrics`)).text();
    if (predicate(text)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('metrics never matched');
}

describe('startWrap on a Node command', () => {
  it('proxies to the started server and collects its spans and stage times through the preload', async () => {
    expect(await (await fetch(`${wrap.proxyUrl}/outer/1`)).text()).toBe('outer+inner');
    const text = await metricsWhen((t) => t.includes('stage="http"'));
    expect(text).toMatch(
      /traces_span_metrics_calls_total\{service_name="wrap-unit-fixture",span_name="GET",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET"\} 1/,
    );
    expect(text).toMatch(
      /loadlens_stage_duration_milliseconds_count\{service_name="wrap-unit-fixture",route="\/outer\/\{id\}",stage="http"\} 1/,
    );
    expect(text).toMatch(
      /loadlens_stage_duration_milliseconds_count\{service_name="wrap-unit-fixture",route="\/outer\/\{id\}",stage="proxy"\} 1/,
    );
    expect(text).toMatch(/loadlens_nodejs_heap_used_bytes\{service_name="wrap-unit-fixture"\} [1-9]\d{5,}/);
    expect(text).toMatch(
      /loadlens_nodejs_gc_duration_milliseconds_total\{service_name="wrap-unit-fixture"\} \d/,
    );
  });

  it('rejects pushes without the token and bad query values with one-line JSON errors', async () => {
    const push = await fetch(`${wrap.sideUrl}/internal/app`, { method: 'POST', body: '{}' });
    expect([push.status, await push.json()]).toEqual([403, { error: 'bad token' }]);
    const since = await fetch(`${wrap.sideUrl}/resources?since=yesterday`);
    expect([since.status, await since.json()]).toEqual([
      400,
      { error: 'since: expected epoch milliseconds, got "yesterday"' },
    ]);
    const profile = await fetch(`${wrap.sideUrl}/profile`);
    expect([profile.status, await profile.json()]).toEqual([
      404,
      { error: 'profiling is off: start wrap with --profile cpu' },
    ]);
  });
});
