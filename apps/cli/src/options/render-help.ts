// `loadlens <command> --help`, written from the command's table: usage line, arguments, every flag with
// its value's shape and description.
import { type CommandSpec, flagOf, type OptionSpec } from './option-spec.ts';

/** Flag column width cap: longer flags push their description to the next line. */
const FLAG_COLUMN = 28;

function rows(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.min(FLAG_COLUMN, Math.max(0, ...pairs.map(([left]) => left.length)));
  return pairs.flatMap(([left, right]) =>
    left.length > width
      ? [`  ${left}`, `  ${' '.repeat(width)}  ${right}`]
      : [`  ${left.padEnd(width)}  ${right}`],
  );
}

/**
 * @example renderHelp(runSpec, '0.1.0').split('\n')[0] // 'loadlens run 0.1.0 — Run a workload …'
 */
export function renderHelp(spec: CommandSpec<unknown>, version: string): string {
  const args = spec.positionals.map((p) => (p.required === false ? `[${p.name}]` : `<${p.name}>`));
  const flags = Object.entries(spec.options as Record<string, OptionSpec<unknown> | null>).flatMap(
    ([key, o]) => {
      if (o === null) return [];
      const alias = o.alias ? `-${o.alias}, ` : '';
      const value = o.switch ? '' : ` ${o.placeholder ?? 'VALUE'}`;
      return [
        [`${alias}--${flagOf(key, o)}${value}`, `${o.description}${o.merge ? ' (repeatable)' : ''}`] as const,
      ];
    },
  );
  const lines = [
    `loadlens ${spec.name} ${version} — ${spec.description}`,
    '',
    `Usage: loadlens ${spec.name} ${[...args, ...(spec.moreWords ? [`[${spec.moreWords}]`] : []), '[options]'].join(' ')}${spec.passthrough ? ` [-- ${spec.passthrough}]` : ''}`,
  ];
  if (spec.positionals.length > 0)
    lines.push('', 'Arguments:', ...rows(spec.positionals.map((p) => [p.name, p.description] as const)));
  lines.push('', 'Options:', ...rows([...flags, ['-h, --help', 'Show this help'] as const]));
  return lines.join('\n');
}
