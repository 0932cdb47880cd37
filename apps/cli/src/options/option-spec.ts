// One table of options per command, typed from the options the package takes (vitest's cli-config.ts is
// the model): `OptionTable<RunWorkloadOptions>` needs an entry for every key of the options type — a spec
// to set it from the command line, or `null` when it is not a flag — so a new option without a flag does
// not compile. Parsing, validation messages and `--help` are all generated from the table.
import { InputError } from '@loadlens/types';

export interface OptionSpec<T> {
  description: string;
  /** The flag's name when it is not the key in kebab-case (e.g. `label` for the `labels` key). */
  flag?: string;
  /** What the value looks like in --help ("URL", "N", "30s"); absent for a switch. */
  placeholder?: string;
  /** Turns the text after the flag into the value, or throws an InputError naming the flag. */
  parse: (text: string, flag: string) => T;
  /** A switch: `--flag` alone is true, `--no-flag` false. */
  switch?: boolean;
  /** Repeatable: how a later occurrence joins the earlier ones (absent: given once, the last one wins). */
  merge?: (earlier: T, later: T) => T;
  /** One-letter alias, e.g. `o` for `-o`. */
  alias?: string;
}

/** Every key of the options type `O`: how a flag sets it, or null when no flag does. */
export type OptionTable<O> = { [K in keyof O]-?: OptionSpec<NonNullable<O[K]>> | null };

/** The values the command line gave, by key (absent when the flag was not given). */
export type ParsedOptions<O> = { [K in keyof O]?: NonNullable<O[K]> };

export interface PositionalSpec {
  name: string;
  description: string;
  /** Default true. */
  required?: boolean;
}

export interface CommandSpec<O, P extends string = string> {
  /** The command's name after `loadlens` (for help and messages). */
  name: string;
  description: string;
  positionals: ReadonlyArray<PositionalSpec & { name: P }>;
  options: OptionTable<O>;
  /** What goes after `--` (e.g. wrap's server command), for --help; absent: nothing may. */
  passthrough?: string;
  /** Further words after the positionals (e.g. `--runs a.json b.json`), for --help; absent: none may. */
  moreWords?: string;
}

/** `stepDuration` → `step-duration`: the one spelling of multi-word flags. */
export function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The flag of a table entry, without its dashes. */
export function flagOf(key: string, spec: Pick<OptionSpec<unknown>, 'flag'>): string {
  return spec.flag ?? kebabCase(key);
}

/** Builds a parser that throws `--flag "text": expected <what>` when `convert` returns undefined. */
export function valueParser<T>(what: string, convert: (text: string) => T | undefined) {
  return function parseValue(text: string, flag: string): T {
    const value = convert(text);
    if (value === undefined) throw new InputError(`${flag} "${text}": expected ${what}`);
    return value;
  };
}
