// The five switchable bottlenecks and the `--fixed none|all|<list>` parser.
import { UsageError } from './errors.ts';

/** Each bottleneck is present unless its name is in the fixed set. */
export const BOTTLENECKS = ['index', 'n-plus-one', 'serialize', 'pool', 'polling'] as const;
export type Bottleneck = (typeof BOTTLENECKS)[number];
export type FixedSet = ReadonlySet<Bottleneck>;

function isBottleneck(name: string): name is Bottleneck {
  return (BOTTLENECKS as readonly string[]).includes(name);
}

/**
 * Parses a `--fixed` value (or a config file's list) into the set of fixed bottlenecks.
 * @example parseFixed('index,pool') // Set { 'index', 'pool' }
 * @example parseFixed('all')        // every bottleneck fixed
 */
export function parseFixed(value: string | readonly string[], source = '--fixed'): FixedSet {
  const names = (typeof value === 'string' ? value.split(',') : value).map((name) => name.trim());
  if (names.length === 1 && names[0] === 'none') return new Set();
  if (names.length === 1 && names[0] === 'all') return new Set(BOTTLENECKS);
  const fixed = new Set<Bottleneck>();
  for (const name of names) {
    if (!isBottleneck(name)) {
      throw new UsageError(
        `${source}: unknown bottleneck "${name}"; expected none, all or a comma list of ${BOTTLENECKS.join(', ')}`,
      );
    }
    fixed.add(name);
  }
  return fixed;
}
