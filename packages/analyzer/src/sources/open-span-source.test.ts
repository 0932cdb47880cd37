import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NormalizedSpan } from '@loadlens/types';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkTrace } from '../../test/sdk-spans.ts';
import { openSpanSource } from './open-span-source.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-sources-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(spec: string): Promise<{ kind: string; traces: NormalizedSpan[][] }> {
  const source = await openSpanSource(spec);
  try {
    const traces: NormalizedSpan[][] = [];
    for await (const trace of source.traces()) traces.push(trace);
    return { kind: source.kind, traces };
  } finally {
    await source.close();
  }
}

const exportRequest = (spans = sdkTrace()) =>
  new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!);

describe('openSpanSource on OTLP JSON files', () => {
  it('reads one export request per line, grouping spans of a trace spread over lines', async () => {
    const [a, b] = [sdkTrace(), sdkTrace()];
    const file = join(dir, 'lines.jsonl');
    // The first trace's spans are split over two lines with the second trace in between.
    await writeFile(
      file,
      [exportRequest(a.slice(0, 1)), exportRequest(b), '', exportRequest(a.slice(1))].join('\n'),
    );
    const { kind, traces } = await readAll(file);
    expect(kind).toBe('otlp-file');
    // The complete trace comes first; the split one once its last line is read.
    expect(traces.map((t) => [t[0]!.traceId, t.length])).toEqual([
      [b[0]!.spanContext().traceId, 3],
      [a[0]!.spanContext().traceId, 3],
    ]);
    expect(new Set(traces[1]!.map((s) => s.traceId)).size).toBe(1);
  });

  it('reads one pretty-printed document', async () => {
    const file = join(dir, 'doc.json');
    await writeFile(file, JSON.stringify(JSON.parse(exportRequest()), null, 2));
    const { traces } = await readAll(file);
    expect(traces[0]!.map((s) => s.name).sort()).toEqual([
      'GET /trips',
      'pg.query:INSERT',
      'pg.query:SELECT',
    ]);
  });

  it('exits 2 naming the file, line and column of a truncated line', async () => {
    const file = join(dir, 'truncated.jsonl');
    const line = exportRequest();
    await writeFile(file, `${line}\n${line.slice(0, 120)}`);
    const source = await openSpanSource(file);
    const error = await (async () => {
      for await (const _ of source.traces());
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toBe(
      `${file}:2:121: invalid JSON: unterminated string (is the file truncated?)`,
    );
  });

  it('exits 2 with the position in a truncated single document', async () => {
    const file = join(dir, 'truncated.json');
    await writeFile(file, JSON.stringify(JSON.parse(exportRequest()), null, 2).slice(0, 300));
    await expect(openSpanSource(file)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(new RegExp(`^${file}:\\d+:\\d+: invalid JSON: .*truncated`)),
    });
  });

  it('exits 2 for a JSON file that holds no spans, and for a missing file', async () => {
    const file = join(dir, 'other.json');
    await writeFile(file, '{"hello": 1}\n');
    await expect(openSpanSource(file)).rejects.toThrow(`${file}:1: not a span file`);
    await expect(openSpanSource(join(dir, 'nope.json'))).rejects.toMatchObject({
      exitCode: 2,
      message: `${join(dir, 'nope.json')}: no such file`,
    });
  });
});

describe('openSpanSource on a Jaeger download', () => {
  it('moves kind and status out of the tags and maps old names', async () => {
    const { kind, traces } = await readAll(
      new URL('../../test/fixtures/jaeger-download.json', import.meta.url).pathname,
    );
    expect(kind).toBe('jaeger-file');
    expect(traces).toMatchInlineSnapshot(`
      [
        [
          {
            "attributes": {
              "http.request.method": "GET",
              "http.response.status_code": 200,
              "url.path": "/trips/7",
            },
            "durationNs": 5200000,
            "events": [],
            "kind": "server",
            "name": "GET /trips/{id}",
            "service": "tripstore",
            "spanId": "00f067aa0ba902b7",
            "startNs": 1767225600123456000,
            "status": "unset",
            "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
          },
          {
            "attributes": {
              "db.query.text": "SELECT * FROM trips WHERE id = $1",
              "db.system.name": "postgresql",
            },
            "durationNs": 3100000,
            "events": [
              {
                "attributes": {
                  "exception.type": "QueryCanceledError",
                },
                "name": "exception",
                "timeNs": 1767225600127000000,
              },
            ],
            "kind": "client",
            "name": "pg.query:SELECT",
            "parentSpanId": "00f067aa0ba902b7",
            "service": "tripstore",
            "spanId": "a1b2c3d4e5f60718",
            "startNs": 1767225600124000000,
            "status": "error",
            "statusMessage": "canceling statement due to statement timeout",
            "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
          },
        ],
      ]
    `);
  });
});
