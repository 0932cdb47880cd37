// Runs the @loadlens/types validators and rate resolution; the output is compared between Node and Deno
// (runtime-neutral.test.ts) so the contracts stay free of Node-only APIs.
import { check, formatRate, resolveWorkload, runResultSchema, workloadSchema } from '../src/index.ts';

const example = {
  name: 'canvass-peak',
  target: 'http://127.0.0.1:8080',
  duration: '60s',
  seed: 7,
  slo: { p99: '500ms', errors: '1%' },
  users: { count: 35000, perMinute: { visit: 1, read: 0.2 } },
  operations: [
    { name: 'visit', method: 'POST', path: '/visits', body: { scenario: 'canvass.visit' } },
    { name: 'read', method: 'GET', path: '/localities/{locality}/intentions' },
    { name: 'health', method: 'GET', path: '/health', rate: '5/s' },
  ],
};
const good = check(workloadSchema, example, 'workload.yaml');
const bad = check(
  workloadSchema,
  { ...example, operations: [{ ...example.operations[2], rate: 'fast' }] },
  'workload.yaml',
);
const run = check(runResultSchema, { schema: 'loadlens.run/v1' }, 'run.json');
const rates = good.ok
  ? resolveWorkload(good.value).operations.map((op) => `${op.name} ${formatRate(op.ratePerSecond)}`)
  : [];
console.log(
  JSON.stringify({
    good: good.ok,
    rates,
    bad: bad.ok ? [] : bad.problems,
    run: run.ok ? [] : run.problems.length,
  }),
);
