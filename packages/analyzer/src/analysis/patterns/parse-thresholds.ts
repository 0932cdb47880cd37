// `--thresholds "nPlusOneMinRepeats=3,slowQueryMs=500"`: overrides of the detection thresholds, checked
// against the known names so a typo is a usage error (exit 2), not a silently ignored setting.
import { InputError } from '@loadlens/types';
import { DEFAULT_THRESHOLDS, type PatternThresholds } from './thresholds.ts';

/**
 * @example parseThresholds('nPlusOneMinRepeats=3') // { nPlusOneMinRepeats: 3 }
 */
export function parseThresholds(spec: string): Partial<PatternThresholds> {
  const out: Partial<PatternThresholds> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const [name, value, extra] = part.split('=');
    if (name === undefined || !(name in DEFAULT_THRESHOLDS) || extra !== undefined)
      throw new InputError(
        `--thresholds: unknown threshold "${name}" (known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`,
      );
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new InputError(`--thresholds: ${name} needs a number ≥ 0, got "${value ?? ''}"`);
    out[name as keyof PatternThresholds] = n;
  }
  return out;
}
