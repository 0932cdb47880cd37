// The one parser of whole-number flags (`--queue 100`, `--max-connections 8192`, `--users 50`), for the
// CLI and the packages that read their own flags (the proxy's), with one wording for every bad value.
import { InputError } from './errors.ts';

/**
 * `text` as an integer ≥ `min`; otherwise an InputError `--queue "x": expected an integer ≥ 0`.
 * Digits only: "1e3", "10.0" and "0x10" are refused rather than read as numbers the user did not write.
 * @example parseIntegerFlag('--connections', '64', 1) // 64
 */
export function parseIntegerFlag(flag: string, text: string, min: number): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min)
    throw new InputError(`${flag} "${text}": expected an integer ≥ ${min}`);
  return value;
}
