import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NormalizedSpan } from '@loadlens/types';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkTrace } from '../../test/sdk-spans.ts';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import { decodeTraceRequest } from '../otlp/otlp-proto-traces.ts';
import { openSpanSource } from '../sources/open-span-source.ts';
import { emptySpanRows, pushSpanRow } from './span-rows.ts';
import { openSpanStore } from './span-store.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byId = (spans: NormalizedSpan[]) => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));

describe('span store', () => {
  it('reads back through openSpanSource exactly the spans that were decoded, types and events included', async () => {
    const file = join(dir, 'run.db');
    const store = await openSpanStore(file);
    const traces = [sdkTrace(), sdkTrace()];
    const rows = emptySpanRows();
    for (const spans of traces)
      decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!, (...args) =>
        pushSpanRow(rows, ...args),
      );
    await store.writeSpans([rows]);
    expect(await store.counts()).toEqual({ spans: 6, metricPoints: 0 });
    await store.close();

    const expected: NormalizedSpan[] = [];
    for (const spans of traces)
      decodeOtlpJson(
        JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)),
        'x',
        (s) => expected.push(s),
      );
    const source = await openSpanSource(file);
    expect(source.kind).toBe('store');
    const read: NormalizedSpan[][] = [];
    for await (const trace of source.traces()) read.push(trace);
    await source.close();
    expect(read.map((t) => t.length)).toEqual([3, 3]);
    expect(byId(read.flat())).toEqual(byId(expected));
  });

  it('keeps the exact nanosecond start and ClickHouse-style columns', async () => {
    const file = join(dir, 'columns.db');
    const store = await openSpanStore(file);
    const rows = emptySpanRows();
    decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(sdkTrace())!, (...args) =>
      pushSpanRow(rows, ...args),
    );
    await store.writeSpans([rows]);
    await store.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT epoch_ns("Timestamp")::VARCHAR, "SpanKind", "StatusCode", "SpanAttributes"['db.system.name'],
        "ResourceAttributes"['host.name'], "Duration", "Links.TraceId", "Events.Name"
       FROM otel_traces WHERE "SpanName" = 'pg.query:SELECT'`,
    );
    expect(reader.getRowsJson()).toMatchInlineSnapshot(`
      [
        [
          "1767225600123457789",
          "Client",
          "Unset",
          "postgresql",
          "box",
          "2001",
          [
            "abababababababababababababababab",
          ],
          [],
        ],
      ]
    `);
    connection.closeSync();
    instance.closeSync();
  });

  it('folds the write-ahead log into the file once writes pause, not while they stream', async () => {
    const file = join(dir, 'idle-checkpoint.db');
    const store = await openSpanStore(file, { idleCheckpointMs: 300 });
    const rows = emptySpanRows();
    decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(sdkTrace())!, (...args) =>
      pushSpanRow(rows, ...args),
    );
    await store.writeSpans([rows]);
    const walBytes = async () => (await stat(`${file}.wal`).catch(() => ({ size: 0 }))).size;
    expect(await walBytes()).toBeGreaterThan(0); // durable in the log, not yet checkpointed
    // Bounded wait for the idle checkpoint: 200 × 50 ms (its fsync can be slow on a disk shared with
    // other jobs; the loop ends as soon as the log is folded in).
    for (let i = 0; i < 200 && (await walBytes()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await walBytes()).toBe(0);
    expect(await store.counts()).toEqual({ spans: 3, metricPoints: 0 });
    await store.close();
  });

  it('refuses a file that is not a store with exit 2 and a one-line cause', async () => {
    const file = join(dir, 'garbage.db');
    await writeFile(file, `${'x'.repeat(8)}DUCK${'\0'.repeat(4096)}`);
    await expect(openSpanStore(file)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(new RegExp(`^${file}: not a readable span store \\(.+\\)$`)),
    });
    await expect(openSpanSource(file)).rejects.toMatchObject({ exitCode: 2 });
  });
});
