// Benchmark: reading 1,000,000 spans back through openSpanSource — an OTLP JSON-lines file and the
// DuckDB store — as the analyses do (part B's target: 1M spans analyzed in ≤ 10 s, peak RSS ≤ 1.5 GB).
// Peer in the same run: JSON.parse of every line of the same file with nothing kept (the parse floor).
// Each reader runs in its own process so peak RSS is its own.
// Run: node bench/analyzer-ingest-sources.ts [spans=1000000]
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { emptySpanRows, openSpanSource, openSpanStore, pushSpanRow } from '@loadlens/analyzer';
import type { NormalizedSpan } from '@loadlens/types';

const [mode, file] = process.argv.slice(2);

async function measure(run: () => Promise<number>): Promise<void> {
  const t0 = performance.now();
  const spans = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    JSON.stringify({
      spans,
      seconds,
      cpuSeconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

if (mode === 'read') {
  await measure(async () => {
    const source = await openSpanSource(file!);
    let spans = 0;
    for await (const trace of source.traces()) spans += trace.length;
    await source.close();
    return spans;
  });
} else if (mode === 'parse') {
  await measure(async () => {
    let lines = 0;
    for await (const line of createInterface({ input: createReadStream(file!) }))
      if (JSON.parse(line)) lines++;
    return lines;
  });
} else {
  const total = Number(mode ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'loadlens-bench-sources-'));
  try {
    // Traces of 8 spans (a server span and 7 pg queries), 64 traces per export request line.
    const jsonl = join(dir, 'spans.jsonl');
    const lines: string[] = [];
    const store = await openSpanStore(join(dir, 'run.db'), { threads: 1 });
    const t0 = 1_767_225_600_000_000_000n;
    for (let line = 0; line * 512 < total; line++) {
      const spans = [];
      for (let i = 0; i < 512 && line * 512 + i < total; i++) {
        const n = line * 512 + i;
        const trace = Math.floor(n / 8);
        const start = t0 + BigInt(n) * 1_000_000n;
        spans.push({
          traceId: trace.toString(16).padStart(32, '0'),
          spanId: (n + 1).toString(16).padStart(16, '0'),
          parentSpanId: n % 8 === 0 ? '' : (trace * 8 + 1).toString(16).padStart(16, '0'),
          name: n % 8 === 0 ? 'GET /users/{id}/timeline' : 'pg.query:SELECT',
          kind: n % 8 === 0 ? 2 : 3,
          startTimeUnixNano: String(start),
          endTimeUnixNano: String(start + 1_234_567n),
          attributes:
            n % 8 === 0
              ? [
                  { key: 'http.route', value: { stringValue: '/users/{id}/timeline' } },
                  { key: 'http.response.status_code', value: { intValue: '200' } },
                ]
              : [
                  { key: 'db.system', value: { stringValue: 'postgresql' } },
                  {
                    key: 'db.statement',
                    value: {
                      stringValue: `SELECT ts, lat, lon FROM entries WHERE user_id = ${trace} LIMIT ${n % 8}`,
                    },
                  },
                ],
          status: {},
        });
      }
      lines.push(
        JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'tripstore' } }] },
              scopeSpans: [{ scope: { name: 'bench' }, spans }],
            },
          ],
        }),
      );
    }
    writeFileSync(jsonl, `${lines.join('\n')}\n`);
    // The same spans into the store, through the collector's decoder and writer.
    const { decodeOtlpJson } = await import('@loadlens/analyzer');
    for (const line of lines) {
      const rows = emptySpanRows();
      decodeOtlpJson(JSON.parse(line), 'bench', (...args: [NormalizedSpan, ...unknown[]]) =>
        pushSpanRow(
          rows,
          ...(args as Parameters<typeof pushSpanRow> extends [unknown, ...infer R] ? R : never),
        ),
      );
      await store.writeSpans([rows]);
    }
    await store.close();
    lines.length = 0;
    console.log(
      `${total.toLocaleString('en')} spans: OTLP JSON lines ${(statSync(jsonl).size / 1e6).toFixed(0)} MB, store ${(statSync(join(dir, 'run.db')).size / 1e6).toFixed(0)} MB`,
    );
    const self = new URL(import.meta.url).pathname;
    for (const [label, args] of [
      ['peer: JSON.parse of every line', ['parse', jsonl]],
      ['openSpanSource(OTLP JSON lines)', ['read', jsonl]],
      ['openSpanSource(store)', ['read', join(dir, 'run.db')]],
    ] as const) {
      const result = JSON.parse(execFileSync(process.execPath, [self, ...args], { encoding: 'utf8' }).trim());
      console.log(
        `${label}: ${result.seconds.toFixed(2)} s wall, ${result.cpuSeconds.toFixed(2)} s CPU, peak RSS ${result.peakRssMb} MB (${result.spans.toLocaleString('en')} ${args[0] === 'parse' ? 'lines' : 'spans'})`,
      );
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}
