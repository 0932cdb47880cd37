// Nanosecond timestamps arrive as 64-bit integers (decimal strings in JSON, fixed64 in protobuf) that a
// float64 cannot hold exactly at today's epoch. Starts are kept as the nearest float64 (the contract allows
// 256 ns of rounding); durations are computed from the exact parts so a 3 µs span is 3000 ns, not 3072.

const SPLIT = 1e9;

/** A JSON uint64 (decimal string or number) as a float64 nanosecond count; undefined when it is not one. */
export function nanosOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 20) return undefined;
  // Number() then a digit check on the first character: a regex per timestamp showed in profiles.
  const n = Number(value);
  const first = value.charCodeAt(0);
  return n >= 0 && first >= 48 && first <= 57 && Number.isInteger(n) ? n : undefined;
}

/**
 * The digits of `text` before (`part` 0) or in (`part` 1) its last nine, as a number; NaN unless `text`
 * is all ASCII digits. For up to 24 digits both halves are below 2^53, so this is exactly what Number()
 * of the slice gives — without the slices, two strings per timestamp on the per-span path.
 */
function digitsPart(text: string, part: 0 | 1): number {
  const split = text.length - 9;
  let value = 0;
  for (let i = part === 0 ? 0 : split, to = part === 0 ? split : text.length; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** end − start exactly, from decimal strings or safe integers; never negative (a clock skew reads as 0). */
export function exactDiffNs(end: unknown, start: unknown): number {
  if (typeof end === 'string' && typeof start === 'string' && end.length > 15 && start.length > 15) {
    if (end.length <= 24 && start.length <= 24) {
      const diff =
        (digitsPart(end, 0) - digitsPart(start, 0)) * SPLIT + (digitsPart(end, 1) - digitsPart(start, 1));
      if (!Number.isNaN(diff)) return Math.max(diff, 0);
    }
    // Split at 10^9: both halves are exact in a float64, and so is their recombined difference.
    const endHigh = Number(end.slice(0, -9));
    const startHigh = Number(start.slice(0, -9));
    const diff = (endHigh - startHigh) * SPLIT + (Number(end.slice(-9)) - Number(start.slice(-9)));
    return Math.max(diff, 0);
  }
  const diff = (nanosOf(end) ?? 0) - (nanosOf(start) ?? 0);
  return Math.max(diff, 0);
}

/** A JSON uint64 already checked by nanosOf, as an exact bigint. */
export function exactNanos(value: unknown): bigint {
  return typeof value === 'string' ? BigInt(value) : BigInt(Math.round(Number(value)));
}
