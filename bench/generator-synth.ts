// Benchmark: `synth emission` writing ≥ 1M entries to a file (target ≤ 10 s, issue 8), against two peers
// measured in the same run: the raw write of the same bytes (the I/O floor) and JSON.stringify of the same
// entries as objects (the straightforward serializer the template strings replace).
// Run: node bench/generator-synth.ts [users=1400] [days=7]
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeEmissionFile } from '@loadlens/generator';

const users = Number(process.argv[2] ?? 1400);
const days = Number(process.argv[3] ?? 7);
const file = path.join(tmpdir(), `loadlens-bench-synth-${process.pid}.jsonl`);

try {
  const t0 = performance.now();
  const summary = writeEmissionFile({ users, days, seed: 1 }, file);
  const synthS = (performance.now() - t0) / 1000;

  const text = readFileSync(file, 'utf8');
  const t1 = performance.now();
  writeFileSync(`${file}.copy`, text);
  const rawS = (performance.now() - t1) / 1000;

  // Peer: the same entries as objects, serialized one by one with JSON.stringify (parse time excluded).
  const objects = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  const t2 = performance.now();
  let chunk = '';
  let bytes = 0;
  for (const o of objects) {
    chunk += `${JSON.stringify(o)}\n`;
    if (chunk.length > 4 * 1024 * 1024) {
      bytes += chunk.length;
      chunk = '';
    }
  }
  bytes += chunk.length;
  const stringifyS = (performance.now() - t2) / 1000;

  const perMillion = (s: number) => (s * 1e6) / summary.lines;
  console.log(
    `synth emission --users ${users} --days ${days}: ${summary.lines} entries, ${(statSync(file).size / 1e6).toFixed(0)} MB`,
  );
  console.log(
    `  synth to file:           ${synthS.toFixed(2)} s (${perMillion(synthS).toFixed(2)} s per 1M entries)`,
  );
  console.log(`  peer raw write of bytes: ${rawS.toFixed(2)} s (synth/raw = ${(synthS / rawS).toFixed(1)}×)`);
  console.log(
    `  peer JSON.stringify only (no generation, no I/O): ${stringifyS.toFixed(2)} s for ${(bytes / 1e6).toFixed(0)} MB (synth/stringify = ${(synthS / stringifyS).toFixed(2)}×)`,
  );
} finally {
  rmSync(file, { force: true });
  rmSync(`${file}.copy`, { force: true });
}
