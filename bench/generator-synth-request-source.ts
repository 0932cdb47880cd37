// Benchmark: cost of RequestSource.next() per request for the engine's hot path — a static operation, a
// path filled from captures, canvass.visit and emission.put bodies — against the peer the request source
// replaces: JSON.stringify of the same body as an object (measured in the same run, same process).
// Run: node bench/generator-synth-request-source.ts [iterations=200000]
import { createRequestSource } from '@loadlens/generator';
import { resolveWorkload, workloadSchema } from '@loadlens/types';

const iterations = Number(process.argv[2] ?? 200_000);
const workload = resolveWorkload(
  workloadSchema.parse({
    name: 'bench',
    duration: '1s',
    seed: 1,
    data: { emission: { users: 1000 } },
    operations: [
      { name: 'static', path: '/health', rate: 1 },
      { name: 'captured', path: '/items/{item}', rate: 1 },
      { name: 'create', method: 'POST', path: '/items', rate: 1, capture: { item: '/id' } },
      { name: 'visit', method: 'POST', path: '/visits', rate: 1, body: { scenario: 'canvass.visit' } },
      { name: 'put', method: 'POST', path: '/usercache/put', rate: 1, body: { scenario: 'emission.put' } },
    ],
  }),
);
const source = createRequestSource(workload);
const captured = new Map([['item', Array.from({ length: 100 }, (_, i) => `item-${i}`)]]);

function measure(run: () => unknown): number {
  for (let i = 0; i < 10_000; i++) run(); // warm-up: let V8 optimize before timing
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return Number(process.hrtime.bigint() - t0) / iterations;
}

const rows: [string, number, number | undefined][] = [];
for (const [index, name] of [
  [0, 'static'],
  [1, 'captured {item}'],
  [3, 'canvass.visit'],
  [4, 'emission.put (20 locations)'],
] as const) {
  const ns = measure(() => source.next(index, captured));
  const sample = source.next(index, captured).body;
  const object = typeof sample === 'string' ? JSON.parse(sample) : undefined;
  const peer = object === undefined ? undefined : measure(() => JSON.stringify(object));
  rows.push([name, ns, peer]);
}
console.log(
  `RequestSource.next(), ${iterations} calls each (ns per call; peer = JSON.stringify of the same body object)`,
);
for (const [name, ns, peer] of rows)
  console.log(
    `  ${name.padEnd(28)} ${ns.toFixed(0).padStart(7)} ns${peer === undefined ? '' : `   peer ${peer.toFixed(0)} ns (next/peer = ${(ns / peer).toFixed(2)}×)`}`,
  );
