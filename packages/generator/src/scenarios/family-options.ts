// Reads a scenario family's options from the workload's `data.<family>` record, with one-line errors
// naming the option (the workload schema leaves `data` open so each family owns its options).
import { InputError } from '@loadlens/types';

export type OptionReader = {
  int(key: string, fallback: number, min: number, max: number): number;
  day(key: string, fallback: string): string;
};

/** @example const read = optionReader('emission', workload.data.emission); read.int('users', 50, 1, 1e6) */
export function optionReader(family: string, options: unknown): OptionReader {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
    throw new InputError(`data.${family}: expected an object of options`);
  const record = (options ?? {}) as Record<string, unknown>;
  function int(key: string, fallback: number, min: number, max: number): number {
    const value = record[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new InputError(`data.${family}.${key}: expected an integer from ${min} to ${max}`);
    return value;
  }
  function day(key: string, fallback: string): string {
    const value = record[key] ?? fallback;
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
      throw new InputError(`data.${family}.${key}: expected a day like "2026-11-01"`);
    return value;
  }
  return { int, day };
}
