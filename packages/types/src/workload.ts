// The workload spec: what a user writes in workload.yaml / .json / .ts. Values stay in their written
// form ("50/s", "60s"); resolve-workload.ts turns them into numbers.
import { z } from 'zod';

const RATE_PATTERN = /^\s*\d+(\.\d+)?\s*\/\s*(s|sec|second|m|min|minute|h|hour)\s*$/;
const DURATION_PATTERN = /^\s*(\d+(\.\d+)?\s*(us|ms|s|min|m|h)\s*)+$/;
const PERCENT_PATTERN = /^\s*\d+(\.\d+)?\s*%\s*$/;
const NAME_PATTERN = /^[A-Za-z][\w.-]*$/;

const RATE_HINT = 'expected a rate like "50/s"';
const DURATION_HINT = 'expected a duration like "60s", "500ms" or "2m"';
const PERCENT_HINT = 'expected a percentage like "1%"';

/** A rate as written: "50/s", "120/min", "3600/h", or a number of requests per second. */
export const rateSchema = z
  .union([z.string().regex(RATE_PATTERN, { error: RATE_HINT }), z.number().nonnegative()], {
    error: RATE_HINT,
  })
  .meta({ description: 'Requests per time unit, e.g. "50/s" or "120/min"; a number means per second.' });

/** A duration as written: "500ms", "60s", "2m", "1h"; a number means milliseconds. */
export const durationSchema = z
  .union([z.string().regex(DURATION_PATTERN, { error: DURATION_HINT }), z.number().nonnegative()], {
    error: DURATION_HINT,
  })
  .meta({ description: 'A duration, e.g. "500ms", "60s", "2m"; a number means milliseconds.' });

/** A percentage as written: "1%", or a fraction between 0 and 1. */
export const percentSchema = z
  .union([z.string().regex(PERCENT_PATTERN, { error: PERCENT_HINT }), z.number().min(0).max(1)], {
    error: PERCENT_HINT,
  })
  .meta({ description: 'A percentage, e.g. "1%"; a number is a fraction between 0 and 1.' });

const nameSchema = z.string().regex(NAME_PATTERN, {
  error: 'expected a name of letters, digits, ".", "_" or "-", starting with a letter',
});

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Where a request body comes from: a synthetic-data scenario, a fixed JSON value, or fixed text. */
export const bodySchema = z.union(
  [
    z.strictObject({
      scenario: z.string().min(1).meta({ description: 'Synthetic-data scenario, e.g. "canvass.visit".' }),
    }),
    z.strictObject({ json: z.unknown() }),
    z.strictObject({ text: z.string(), contentType: z.string().optional() }),
  ],
  { error: 'expected a body as { scenario: "name" }, { json: value } or { text: "..." }' },
);

export const operationSchema = z.strictObject({
  name: nameSchema,
  method: z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(', ')}` }).default('GET'),
  path: z.string().startsWith('/', { error: 'expected a path starting with "/"' }).meta({
    description: 'Path template; "{param}" segments are filled from captured values or the scenario.',
  }),
  headers: z.record(z.string(), z.string()).optional(),
  body: bodySchema.optional(),
  rate: rateSchema.optional(),
  weight: z.number().positive().optional().meta({ description: "Share of the workload's total `rate`." }),
  timeout: durationSchema.optional(),
  capture: z
    .record(z.string(), z.string().startsWith('/', { error: 'expected a JSON pointer like "/user"' }))
    .optional()
    .meta({ description: 'Values to keep from the JSON response (name → JSON pointer) for later requests.' }),
  expect: z.strictObject({ status: z.array(z.number().int().min(100).max(599)).min(1) }).optional(),
});

export const sloSchema = z
  .strictObject({
    p50: durationSchema.optional(),
    p90: durationSchema.optional(),
    p95: durationSchema.optional(),
    p99: durationSchema.optional(),
    p999: durationSchema.optional(),
    errors: percentSchema.optional(),
    dropped: percentSchema.optional(),
  })
  .meta({ description: 'Service-level objective checked on the corrected latency of every operation.' });

export const userModelSchema = z
  .strictObject({
    count: z.number().int().positive(),
    perMinute: z.record(z.string(), z.number().nonnegative()).meta({
      description: 'Actions per user per minute, by operation name.',
    }),
  })
  .meta({ description: 'N users × actions per minute → per-operation rates (count × perMinute / 60).' });

export const stageSchema = z
  .strictObject({
    duration: durationSchema,
    scale: z.number().nonnegative().optional().meta({ description: 'Multiplier of the base rates.' }),
    users: z.number().int().nonnegative().optional().meta({ description: 'Users of the user model.' }),
    name: z.string().optional(),
  })
  .refine((s) => (s.scale === undefined) !== (s.users === undefined), {
    error: 'expected exactly one of "scale" or "users"',
  })
  .meta({
    description: 'A load stage: ramps linearly from the previous stage’s level to this one (k6 semantics).',
  });

export const instanceSchema = z.strictObject({
  name: z.string().min(1),
  monthlyUsd: z.number().nonnegative(),
});

export const workloadSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: nameSchema,
    description: z.string().optional(),
    target: z.url({ error: 'expected an http(s) URL like "http://127.0.0.1:8080"' }).optional(),
    duration: durationSchema.optional(),
    seed: z.number().int().nonnegative().default(1),
    rate: rateSchema.optional().meta({ description: 'Total rate shared by operations with a `weight`.' }),
    users: userModelSchema.optional(),
    stages: z.array(stageSchema).min(1).optional(),
    startScale: z.number().nonnegative().optional().meta({
      description: 'Level the first stage ramps from (default: the first stage’s own level, no ramp).',
    }),
    slo: sloSchema.optional(),
    operations: z.array(operationSchema).min(1, { error: 'expected at least one operation' }),
    connections: z.number().int().positive().optional().meta({ description: 'Cap on open connections.' }),
    queue: z.number().int().nonnegative().optional().meta({
      description:
        'Client-side queue of requests waiting for a free connection; beyond it, requests are dropped.',
    }),
    timeout: durationSchema.optional(),
    instance: instanceSchema.optional(),
    requestUsdPerMillion: z.number().nonnegative().optional(),
    data: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'Options for the synthetic-data scenarios, by scenario family (e.g. { emission: { users: 50 } }).',
    }),
  })
  .superRefine((spec, ctx) => {
    const names = new Set<string>();
    spec.operations.forEach((op, i) => {
      if (names.has(op.name))
        ctx.addIssue({
          code: 'custom',
          path: ['operations', i, 'name'],
          message: `duplicate operation name "${op.name}"`,
        });
      names.add(op.name);
      const fromUsers = spec.users?.perMinute[op.name] !== undefined;
      if (op.rate === undefined && op.weight === undefined && !fromUsers)
        ctx.addIssue({
          code: 'custom',
          path: ['operations', i],
          message: `operation "${op.name}" has no rate: give it "rate", a "weight" of the total "rate", or an entry in users.perMinute`,
        });
      if (op.weight !== undefined && spec.rate === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['operations', i, 'weight'],
          message: 'a weight needs the workload’s total "rate"',
        });
    });
    for (const key of Object.keys(spec.users?.perMinute ?? {}))
      if (!names.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['users', 'perMinute', key],
          message: `no operation named "${key}"`,
        });
    if (spec.duration === undefined && spec.stages === undefined)
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'expected a "duration" or "stages"' });
    spec.stages?.forEach((stage, i) => {
      if (stage.users !== undefined && spec.users === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'users'],
          message: 'a stage in users needs the workload’s user model ("users")',
        });
    });
  });

/** A workload as written in a file (input form: defaults not yet applied). */
export type WorkloadInput = z.input<typeof workloadSchema>;
/** A validated workload, defaults applied, values still in their written units. */
export type Workload = z.output<typeof workloadSchema>;
export type Operation = z.output<typeof operationSchema>;
export type Stage = z.output<typeof stageSchema>;
export type Slo = z.output<typeof sloSchema>;
export type Body = z.output<typeof bodySchema>;

/**
 * Identity helper for workload files written in TypeScript: gives editors the types.
 * @example export default defineWorkload({ name: 'smoke', duration: '10s', operations: [...] })
 */
export function defineWorkload(spec: WorkloadInput): WorkloadInput {
  return spec;
}
