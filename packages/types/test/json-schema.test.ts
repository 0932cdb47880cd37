// The committed workload.schema.json (what editors load) must be what the zod schema generates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workloadJsonSchema } from '../src/json-schema.ts';

const committedPath = new URL('../workload.schema.json', import.meta.url);

describe('workload JSON Schema', () => {
  it('is committed up to date (regenerate: npm run schema -w @loadlens/types)', () => {
    const committed = JSON.parse(readFileSync(committedPath, 'utf8'));
    expect(committed).toEqual(workloadJsonSchema());
  });

  it('describes rates, durations and operations for editors', () => {
    const schema = workloadJsonSchema() as { properties: Record<string, any>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'operations']));
    const rate = JSON.stringify(schema.properties.rate);
    expect(rate).toContain('pattern');
    expect(Object.keys(schema.properties.operations.items.properties)).toEqual(
      expect.arrayContaining(['name', 'method', 'path', 'body', 'rate', 'weight', 'capture']),
    );
  });
});
