// A deployment configuration: how to start a target (the server launcher) so capacity runs can compare them.
import { z } from 'zod';
import { durationSchema } from './workload.ts';

export const deploymentSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  /** The command and its arguments, e.g. ["node", "server.js"]; a string is split on spaces. */
  command: z.union([z.string().min(1), z.array(z.string()).min(1)]),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  /** Port the server listens on; "{port}" in command/env is replaced by it (a free port when 0). */
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default('127.0.0.1'),
  readiness: z
    .strictObject({
      /** HTTP path probed until it answers 2xx/3xx; without it, the TCP port is probed. */
      http: z.string().startsWith('/').optional(),
      timeout: durationSchema.default('30s'),
    })
    .default({ timeout: '30s' }),
  /** CPU list for taskset, e.g. "0" or "0-1". */
  cpus: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/)
    .optional(),
  /** Memory limit in MiB (applied with prlimit on the address space where cgroups are not available). */
  memoryMb: z.number().int().positive().optional(),
  logFile: z.string().optional(),
  instance: z.strictObject({ name: z.string().min(1), monthlyUsd: z.number().nonnegative() }).optional(),
  stopTimeout: durationSchema.default('10s'),
});

export type DeploymentInput = z.input<typeof deploymentSchema>;
export type Deployment = z.output<typeof deploymentSchema>;
