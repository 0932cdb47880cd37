// citty accepts any flag; a mistyped flag should stop the run (exit 2) instead of being silently ignored.
// Only for a command still written as a citty definition: commands with a table of options are checked
// by parseCommandLine.

import { InputError } from '@loadlens/types';
import type { ArgsDef } from 'citty';
import { kebabCase } from './options/option-spec.ts';

const BUILTIN = new Set(['help', 'h', 'version', 'v']);

/** Throws an InputError for the first flag in `rawArgs` that `args` does not declare. */
export function rejectUnknownFlags(rawArgs: readonly string[], args: ArgsDef, commandName: string): void {
  const known = new Set<string>(BUILTIN);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    for (const n of [name, kebabCase(name)]) {
      known.add(n);
      if (def.type === 'boolean') known.add(`no-${n}`);
    }
    for (const alias of ['alias' in def ? (def.alias ?? []) : []].flat()) known.add(alias);
  }
  for (const raw of rawArgs) {
    if (raw === '--') return;
    if (!raw.startsWith('-') || raw === '-' || /^-\d/.test(raw)) continue;
    const name = raw.replace(/^--?/, '').split('=')[0] as string;
    if (raw.startsWith('--') ? !known.has(name) : ![...name].every((c) => known.has(c)))
      throw new InputError(
        `unknown option ${raw.split('=')[0]} for "loadlens ${commandName}" (see loadlens ${commandName} --help)`,
      );
  }
}
