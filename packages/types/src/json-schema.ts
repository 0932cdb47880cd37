// JSON Schema for workload files, so editors (YAML language server, VS Code) validate them as people type.
import { z } from 'zod';
import { workloadSchema } from './workload.ts';

/** The JSON Schema (draft 2020-12) of a workload file as written. */
export function workloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workloadSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return {
    ...schema,
    $id: 'https://loadlens.dev/schemas/workload.schema.json',
    title: 'loadlens workload',
  };
}
