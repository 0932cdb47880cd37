// `loadlens wrap` on tripstore, unchanged (TypeScript run by Node, express, pg over PGlite's socket):
// the server's own express route names the proxy's spans once learned, and its pg queries appear as
// query shapes and db stage time.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually, sample, startWrap, type WrapProcess } from './proxy-wrap.ts';

const TRIPSTORE = fileURLToPath(new URL('../../apps/tripstore/bin/tripstore.js', import.meta.url));
let wrap: WrapProcess;

beforeAll(async () => {
  // PGlite starts a WASM Postgres: give it time on a loaded machine.
  wrap = await startWrap([
    '--ready-timeout',
    '150s',
    '--',
    'node',
    TRIPSTORE,
    '--port',
    '{port}',
    '--db',
    'pglite',
  ]);
}, 200_000);

afterAll(async () => {
  await wrap?.process.stop();
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${wrap.proxyUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

test('tripstore answers through the proxy; its express routes and pg queries show up in the metrics', async () => {
  const created = await post('/profile/create', { user: 'alice@example.com' });
  expect(created.status).toBe(200);
  for (let i = 0; i < 3; i++)
    expect((await post('/timeline/getTrips/2026-11-02', { user: 'alice@example.com' })).status).toBe(200);
  // The app's first push teaches the proxy express's route; later requests are named by it.
  const text = await eventually(async () => {
    expect((await post('/timeline/getTrips/2026-11-03', { user: 'alice@example.com' })).status).toBe(200);
    const t = await wrap.metrics();
    expect(t).toMatch(
      /loadlens_stage_duration_milliseconds_count\{service_name="tripstore",route="\/timeline\/getTrips\/:day",stage="db:postgresql"\} [1-9]/,
    );
    // The proxy's own series: named by express's route once the proxy has learned it (the app's own
    // series carries the same span name earlier, so it cannot tell that the proxy has caught up).
    expect(t).toMatch(
      /traces_span_metrics_calls_total\{service_name="loadlens-proxy",span_name="POST \/timeline\/getTrips\/:day",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"\} [1-9]/,
    );
    return t;
  });
  expect(text).toMatch(
    /loadlens_db_query_duration_milliseconds_count\{db_system="postgresql",db_query_summary="SELECT [a-z_.]+"\} [1-9]/,
  );
  expect(
    sample(text, 'loadlens_nodejs_eventloop_delay_p99_milliseconds{service_name="tripstore"}'),
  ).toBeGreaterThan(0);
  // The user's e-mail address (a literal) reaches no label.
  expect(text).not.toContain('alice');
});
