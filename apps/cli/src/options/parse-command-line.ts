// Reads a command line against a command's table: flags in kebab-case (`--step-duration 5s` or
// `--step-duration=5s`; the old camelCase spelling still works), switches (`--json`, `--no-json`),
// repeatable flags merged in order (the one scanner of repeated flags), positionals, and what follows `--`. Each value is parsed and
// validated once, here; an unknown flag or a bad value is one InputError line (exit 2).
import { InputError } from '@loadlens/types';
import { type CommandSpec, flagOf, type OptionSpec, type ParsedOptions } from './option-spec.ts';

export interface ParsedCommandLine<O, P extends string> {
  options: ParsedOptions<O>;
  positionals: Record<P, string>;
  /** Words after the positionals (only when the spec takes `moreWords`). */
  more: string[];
  /** Everything after `--`. */
  rest: string[];
}

interface Entry {
  key: string;
  spec: OptionSpec<unknown>;
  flag: string;
}

function lookup(spec: CommandSpec<unknown>): Map<string, Entry> {
  const byName = new Map<string, Entry>();
  for (const [key, option] of Object.entries(spec.options as Record<string, OptionSpec<unknown> | null>)) {
    if (option === null) continue;
    const entry = { key, spec: option, flag: `--${flagOf(key, option)}` };
    byName.set(flagOf(key, option), entry);
    // The camelCase spelling loadlens accepted before flags were all kebab-case: kept, but not shown.
    if (option.flag === undefined) byName.set(key, entry);
    if (option.alias !== undefined) byName.set(option.alias, entry);
  }
  return byName;
}

/**
 * @example parseCommandLine(runSpec, ['w.yaml', '--queue', '10']).options.queue // 10
 */
export function parseCommandLine<O, P extends string>(
  spec: CommandSpec<O, P>,
  rawArgs: readonly string[],
): ParsedCommandLine<O, P> {
  const entries = lookup(spec as CommandSpec<unknown>);
  const values: Record<string, unknown> = {};
  const words: string[] = [];
  const see = `(see loadlens ${spec.name} --help)`;
  let i = 0;
  for (; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(arg.startsWith('--') ? 2 : 1, eq === -1 ? undefined : eq);
    const negated = name.startsWith('no-') ? entries.get(name.slice(3)) : undefined;
    const entry = entries.get(name) ?? (negated?.spec.switch ? negated : undefined);
    if (entry === undefined)
      throw new InputError(`unknown option ${arg.split('=')[0]} for "loadlens ${spec.name}" ${see}`);
    let value: unknown;
    if (entry.spec.switch)
      value = entry === negated ? false : eq === -1 ? true : entry.spec.parse(arg.slice(eq + 1), entry.flag);
    else {
      const text = eq === -1 ? rawArgs[++i] : arg.slice(eq + 1);
      if (text === undefined || (eq === -1 && text.startsWith('--')))
        throw new InputError(`${entry.flag}: expected a value (${entry.spec.placeholder ?? 'TEXT'}) ${see}`);
      value = entry.spec.parse(text, entry.flag);
    }
    const { merge } = entry.spec;
    values[entry.key] = merge && entry.key in values ? merge(values[entry.key], value) : value;
  }
  const positionals: Record<string, string> = {};
  spec.positionals.forEach((p, index) => {
    const word = words[index];
    if (word !== undefined) positionals[p.name] = word;
    else if (p.required !== false) throw new InputError(`missing <${p.name}> ${see}`);
  });
  if (words.length > spec.positionals.length && spec.moreWords === undefined)
    throw new InputError(`unexpected argument "${words[spec.positionals.length]}" ${see}`);
  const rest = rawArgs.slice(i + 1);
  if (i < rawArgs.length && spec.passthrough === undefined)
    throw new InputError(`"loadlens ${spec.name}" takes nothing after -- ${see}`);
  return {
    options: values as ParsedOptions<O>,
    positionals: positionals as Record<P, string>,
    more: words.slice(spec.positionals.length),
    rest,
  };
}
