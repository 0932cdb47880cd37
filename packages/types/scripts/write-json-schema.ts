// Writes workload.schema.json from the zod schema (checked by test/json-schema.test.ts).
import { writeFileSync } from 'node:fs';
import { workloadJsonSchema } from '../src/json-schema.ts';

writeFileSync(
  new URL('../workload.schema.json', import.meta.url),
  `${JSON.stringify(workloadJsonSchema(), null, 2)}\n`,
);
