// `loadlens wrap -- node server.js` on unchanged CommonJS and ESM servers that query a real PostgreSQL:
// traces reach Jaeger v2 through OTLP with the proxy span as the parent of the server's spans, and the
// side port's metrics carry spanmetrics names, query shapes and stage times — no literals, no raw paths.
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type JaegerPeer, type PostgresPeer, startPeer } from '../harness/index.ts';
import { eventually, FIXTURES, sample, startWrap, type WrapProcess } from './proxy-wrap.ts';

let postgres: PostgresPeer;
let jaeger: JaegerPeer;

beforeAll(async () => {
  [postgres, jaeger] = await Promise.all([startPeer('postgres'), startPeer('jaeger')]);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query('CREATE TABLE trips (id serial PRIMARY KEY, user_id int NOT NULL, km numeric NOT NULL)');
  await client.query('INSERT INTO trips (user_id, km) SELECT g % 3, g FROM generate_series(1, 30) AS g');
  await client.end();
});

afterAll(async () => {
  await Promise.all([postgres?.stop(), jaeger?.stop()]);
});

interface V3Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** The trace's spans once there are `atLeast` of them and each of `services` has sent its own. */
async function traceSpans(
  traceId: string,
  atLeast: number,
  services: string[] = [],
): Promise<{ service: string; span: V3Span }[]> {
  return eventually(async () => {
    const response = await fetch(`${jaeger.queryUrl}/api/v3/traces/${traceId}`);
    if (!response.ok) throw new Error(`jaeger: HTTP ${response.status}`);
    const body = (await response.json()) as {
      result?: {
        resourceSpans?: {
          resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
          scopeSpans?: { spans?: V3Span[] }[];
        }[];
      };
    };
    const spans = (body.result?.resourceSpans ?? []).flatMap((rs) => {
      const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      return (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((span) => ({ service, span })));
    });
    if (spans.length < atLeast) throw new Error(`only ${spans.length} spans so far`);
    // The proxy and the app export on their own timers: one may arrive a second after the other.
    const missing = services.filter((name) => !spans.some((s) => s.service === name));
    if (missing.length > 0) throw new Error(`no spans from ${missing.join(', ')} yet`);
    return spans;
  });
}

/** Jaeger's /api/v3 JSON gives ids base64-encoded (protobuf JSON) or hex depending on version. */
function hex(id: string): string {
  return /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex');
}

describe.each([
  ['CommonJS', 'cjs-server', 'proxy-fixture-cjs', 1],
  ['ESM', 'esm-server', 'proxy-fixture-esm', 11],
])('wrap on a plain %s server', (_kind, dir, service, queriesPerRequest) => {
  let wrap: WrapProcess;

  beforeAll(async () => {
    wrap = await startWrap(
      ['--otlp', jaeger.otlpHttpUrl, '--watch', 'postgres', '--', 'node', join(FIXTURES, dir, 'server.js')],
      {
        DATABASE_URL: postgres.url,
      },
    );
  });

  afterAll(async () => {
    await wrap?.process.stop();
  });

  test('answers through the proxy and exports one trace: proxy span → server span → pg spans', async () => {
    const traceId = (dir === 'cjs-server' ? 'a1' : 'e5').repeat(16);
    const response = await fetch(`${wrap.proxyUrl}/users/1/trips?token=secret-literal`, {
      headers: { traceparent: `00-${traceId}-1111111111111111-01` },
    });
    expect(response.status).toBe(200);
    const trips = (await response.json()) as { id: number; km: string }[];
    expect(trips.map((t) => t.id)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);

    const spans = await traceSpans(traceId, 3 + queriesPerRequest, ['loadlens-proxy', service]);
    const proxySpan = spans.find((s) => s.service === 'loadlens-proxy')?.span;
    expect(proxySpan?.name).toBe('GET /users/{id}/trips');
    expect(hex(proxySpan?.parentSpanId ?? '')).toBe('1111111111111111');
    const serverSpan = spans.find(
      (s) => s.service === service && hex(s.span.parentSpanId ?? '') === hex(proxySpan?.spanId ?? ''),
    );
    expect(serverSpan, JSON.stringify(spans.map((s) => [s.service, s.span.name]))).toBeDefined();
    const queries = spans.filter((s) => s.service === service && s.span.name.startsWith('pg.query'));
    expect(queries.length).toBe(queriesPerRequest);
  });

  test('serves spanmetrics-named metrics for the proxy and the app, query shapes and stage times', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${wrap.proxyUrl}/users/2/trips`)).status).toBe(200);
    const text = await eventually(async () => {
      // The app pushes its aggregates once a second: wait for the push that includes all six requests.
      const t = await wrap.metrics();
      const stages = sample(
        t,
        `loadlens_stage_duration_milliseconds_count{service_name="${service}",route="/users/{id}/trips",stage="db:postgresql"}`,
      );
      if ((stages ?? 0) < 6) throw new Error(`app stages so far: ${stages}`);
      return t;
    });
    expect(
      sample(
        text,
        `traces_span_metrics_calls_total{service_name="loadlens-proxy",span_name="GET /users/{id}/trips",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"}`,
      ),
    ).toBeGreaterThanOrEqual(6);
    expect(text).toMatch(
      new RegExp(
        `traces_span_metrics_calls_total\\{service_name="${service}",span_name="pg\\.query:SELECT postgres",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_UNSET"\\} \\d+`,
      ),
    );
    expect(
      sample(
        text,
        'loadlens_db_query_duration_milliseconds_count{db_system="postgresql",db_query_summary="SELECT trips"}',
      ),
    ).toBeGreaterThanOrEqual(6 * queriesPerRequest);
    for (const stage of ['proxy', 'app', 'db:postgresql'])
      expect(
        sample(
          text,
          `loadlens_stage_duration_milliseconds_count{service_name="${service}",route="/users/{id}/trips",stage="${stage}"}`,
        ),
        stage,
      ).toBeGreaterThanOrEqual(6);
    expect(
      sample(
        text,
        'loadlens_db_pool_wait_milliseconds_count{service_name="' + service + '",db_system="postgresql"}',
      ),
    ).toBeGreaterThan(0);
    expect(
      sample(text, `loadlens_nodejs_eventloop_delay_p99_milliseconds{service_name="${service}"}`),
    ).toBeGreaterThan(0);
    expect(sample(text, 'loadlens_process_rss_bytes{source="target"}')).toBeGreaterThan(20e6);
    // No literal from a query or URL reaches a label.
    expect(text).not.toMatch(/secret-literal|user_id = |\/users\/\d/);
  });

  test('serves the target’s resource samples as JSON for the run result', async () => {
    const since = Date.now() - 60_000;
    const samples = (await (await fetch(`${wrap.sideUrl}/resources?since=${since}`)).json()) as {
      source: string;
      rssBytes?: number;
      threads?: number;
      eventLoopDelayP99Ms?: number;
    }[];
    const target = samples.filter((s) => s.source === 'target');
    expect(target.length).toBeGreaterThan(0);
    expect(target.at(-1)?.threads).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.source === 'machine')).toBe(true);
  });
});
