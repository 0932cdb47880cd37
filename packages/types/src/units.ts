// Parsers for the human units used in workload files: durations ("500ms", "60s"), rates ("50/s") and
// percentages ("1%"). Each returns undefined on bad input so schemas can word their own error.

const DURATION_UNITS_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
};

/**
 * Milliseconds in a duration like "500ms", "60s", "2m", "1h" or "1m30s"; a bare number is milliseconds.
 * @example parseDurationMs('1m30s') // 90000
 */
export function parseDurationMs(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const text = input.trim();
  if (text === '') return undefined;
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)\s*(us|ms|s|min|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (DURATION_UNITS_MS[m[2]!] as number);
    rest = rest.slice(m[0].length).trimStart();
  }
  return total;
}

const RATE_UNITS_PER_S: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 1 / 60,
  min: 1 / 60,
  minute: 1 / 60,
  h: 1 / 3600,
  hour: 1 / 3600,
};

/**
 * Requests per second in a rate like "50/s", "120/min" or "3600/h"; a bare number is per second.
 * @example parseRatePerSecond('120/min') // 2
 */
export function parseRatePerSecond(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)\s*$/.exec(input);
  if (!m) return undefined;
  const perUnit = RATE_UNITS_PER_S[m[2]!];
  return perUnit === undefined ? undefined : Number(m[1]) * perUnit;
}

/**
 * A fraction from a percentage like "1%" or "0.5 %"; a bare number is taken as the fraction itself.
 * @example parseFraction('1%') // 0.01
 */
export function parseFraction(input: string | number): number | undefined {
  if (typeof input === 'number') return input >= 0 && input <= 1 ? input : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
  if (!m) return undefined;
  const value = Number(m[1]) / 100;
  return value <= 1 ? value : undefined;
}

/** Formats a per-second rate for people: "583.3/s", "5/s", "0.25/s". */
export function formatRate(perSecond: number): string {
  const rounded = perSecond >= 100 ? Math.round(perSecond * 10) / 10 : Math.round(perSecond * 100) / 100;
  return `${rounded}/s`;
}
