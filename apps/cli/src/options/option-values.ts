// The kinds of values flags take, each with one wording for its error: `--queue "x": expected an integer
// ≥ 0`. A command's table is built from these, so two flags of the same kind are checked the same way.
import { parseDurationMs, parseFraction, parseIntegerFlag, parseRatePerSecond } from '@loadlens/types';
import { type OptionSpec, valueParser } from './option-spec.ts';

type Described = { description: string; flag?: string; alias?: string };

/** Any text. */
export function text(o: Described & { placeholder?: string }): OptionSpec<string> {
  return { placeholder: 'TEXT', ...o, parse: (value) => value };
}

/** A whole number ≥ `min` (checked by the one integer-flag parser, `parseIntegerFlag` of @loadlens/types). */
export function integer(o: Described & { min: number }): OptionSpec<number> {
  const { min, ...rest } = o;
  return { placeholder: 'N', ...rest, parse: (t, flag) => parseIntegerFlag(flag, t, min) };
}

/** A number above 0 (e.g. megabytes). */
export function positive(o: Described & { placeholder?: string }): OptionSpec<number> {
  return {
    placeholder: 'NUMBER',
    ...o,
    parse: valueParser('a number above 0', (t) => {
      const v = t.trim() === '' ? Number.NaN : Number(t);
      return Number.isFinite(v) && v > 0 ? v : undefined;
    }),
  };
}

/** A duration like "30s" or "500ms", as milliseconds; at least `minMs`. */
export function duration(o: Described & { minMs?: number }): OptionSpec<number> {
  const { minMs = 1, ...rest } = o;
  const what = minMs > 1 ? `a duration ≥ ${minMs}ms like "10s"` : 'a duration like "30s"';
  return {
    placeholder: 'DURATION',
    ...rest,
    parse: valueParser(what, (t) => {
      const ms = parseDurationMs(t);
      return ms !== undefined && ms >= minMs ? ms : undefined;
    }),
  };
}

/** A ratio between 0 and 1: "0.1" or "10%". */
export function ratio(o: Described): OptionSpec<number> {
  return {
    placeholder: 'RATIO',
    ...o,
    parse: valueParser('a ratio between 0 and 1 like 0.1 or 10%', (t) => {
      const v = t.trim().endsWith('%') ? parseFraction(t.trim()) : t.trim() === '' ? undefined : Number(t);
      return v !== undefined && v >= 0 && v <= 1 ? v : undefined;
    }),
  };
}

/** A rate like "100/s" or "120/min", as requests per second; above 0. */
export function rate(o: Described): OptionSpec<number> {
  return {
    placeholder: 'RATE',
    ...o,
    parse: valueParser('a rate like "100/s"', (t) => {
      const r = parseRatePerSecond(t);
      return r !== undefined && r > 0 ? r : undefined;
    }),
  };
}

/** One of a few words. */
export function choice<const W extends string>(o: Described & { values: readonly W[] }): OptionSpec<W> {
  const { values, ...rest } = o;
  return {
    placeholder: values.join('|'),
    ...rest,
    parse: valueParser(
      `one of ${values.join(', ')}`,
      (t) => (values as readonly string[]).find((w) => w === t) as W,
    ),
  };
}

/** A switch: present is true. */
export function onOff(o: Described): OptionSpec<boolean> {
  return {
    ...o,
    switch: true,
    parse: valueParser('true or false', (t) => (t === 'true' ? true : t === 'false' ? false : undefined)),
  };
}

/** Given once per value (`--label a=1 --label b=2`); each value parsed by `each`. */
export function repeated<T>(
  o: Described & { placeholder?: string; each: (text: string, flag: string) => T },
): OptionSpec<T[]> {
  const { each, ...rest } = o;
  return {
    placeholder: 'VALUE',
    ...rest,
    parse: (t, flag) => [each(t, flag)],
    merge: (a, b) => [...a, ...b],
  };
}

/** A value checked by the package's own parser (an SLO, an address …), which names the flag itself. */
export function custom<T>(
  o: Described & { placeholder: string; parse: (text: string, flag: string) => T },
): OptionSpec<T> {
  return o;
}
