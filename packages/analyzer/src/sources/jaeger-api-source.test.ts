import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NormalizedSpan } from '@loadlens/types';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpanSource } from './open-span-source.ts';

// A real /api/v3/traces answer of Jaeger v2 (captured from the e2e tier's Jaeger, one trace of two spans).
const RECORDED = readFileSync(
  new URL('../../test/fixtures/jaeger-api-v3-traces.json', import.meta.url),
  'utf8',
);

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A fake Jaeger query service on loopback answering every request with `status` and `body`. */
async function fakeJaeger(status: number, body: string) {
  const seen: { url: URL; headers: IncomingHttpHeaders }[] = [];
  server = createServer((req, res) => {
    seen.push({ url: new URL(req.url ?? '/', 'http://x'), headers: req.headers });
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function readAll(spec: string) {
  const source = await openSpanSource(spec);
  const traces: NormalizedSpan[][] = [];
  for await (const t of source.traces()) traces.push(t);
  await source.close();
  return { location: source.location, kind: source.kind, traces };
}

describe('jaeger: source', () => {
  it('searches /api/v3/traces for the service and time window and normalizes the OTLP JSON result', async () => {
    const jaeger = await fakeJaeger(200, RECORDED);
    const before = Date.now();
    const { kind, location, traces } = await readAll(`jaeger:${jaeger.base}?service=tripstore&since=15m`);
    expect([kind, location]).toEqual(['jaeger-api', `jaeger:${jaeger.base}`]);
    const query = jaeger.seen[0]!.url;
    expect(query.pathname).toBe('/api/v3/traces');
    expect(query.searchParams.get('query.service_name')).toBe('tripstore');
    expect(query.searchParams.get('query.num_traces')).toBe('10000');
    const window =
      Date.parse(query.searchParams.get('query.start_time_max')!) -
      Date.parse(query.searchParams.get('query.start_time_min')!);
    expect(window).toBe(15 * 60_000);
    expect(Date.parse(query.searchParams.get('query.start_time_max')!)).toBeGreaterThanOrEqual(before);
    expect(traces).toHaveLength(1);
    const byName = Object.fromEntries(traces[0]!.map((s) => [s.name, s]));
    expect(byName['GET /trips']!.attributes).toEqual({
      'http.request.method': 'GET',
      'url.path': '/trips',
      'http.response.status_code': 200,
    });
    expect(byName['pg.query:SELECT']).toMatchObject({
      kind: 'client',
      status: 'error',
      statusMessage: 'statement timeout',
      parentSpanId: byName['GET /trips']!.spanId,
      attributes: {
        'db.system.name': 'postgresql',
        'db.query.text': 'SELECT * FROM trips WHERE user_id = 7',
        'server.port': 5432,
      },
    });
  });

  it('reads "No traces found" as an empty source, and sends URL credentials as basic auth only', async () => {
    const jaeger = await fakeJaeger(404, '{"error":{"httpCode":404,"message":"No traces found"}}');
    const withAuth = jaeger.base.replace('http://', 'http://ops:s3cret@');
    const { location, traces } = await readAll(`jaeger:${withAuth}?service=tripstore`);
    expect(traces).toEqual([]);
    expect(location).toBe(`jaeger:${jaeger.base}`);
    expect(jaeger.seen[0]!.headers.authorization).toBe(`Basic ${btoa('ops:s3cret')}`);
  });

  it('fails with exit 3 when Jaeger answers an error, exit 2 for a bad spec', async () => {
    const jaeger = await fakeJaeger(500, 'storage down');
    await expect(openSpanSource(`jaeger:${jaeger.base}?service=x`)).rejects.toMatchObject({
      exitCode: 3,
      message: `jaeger:${jaeger.base}: Jaeger answered 500 storage down`,
    });
    await expect(openSpanSource(`jaeger:${jaeger.base}?since=1h`)).rejects.toMatchObject({
      exitCode: 2,
      message: `jaeger:${jaeger.base}: missing ?service=NAME`,
    });
    await expect(openSpanSource(`jaeger:${jaeger.base}?service=x&since=soon`)).rejects.toMatchObject({
      exitCode: 2,
      message: `jaeger:${jaeger.base}: since=soon is not a duration (e.g. 15m, 1h)`,
    });
  });
});
