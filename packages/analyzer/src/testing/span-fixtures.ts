// The analyzer's recorded span files (OTLP JSON lines, Jaeger downloads), for tests elsewhere that need
// real input: a path by name, so no test reaches into this package's folders by a relative path.
import { fileURLToPath } from 'node:url';

/** The span files this package keeps for tests. */
export type SpanFixture =
  | 'trips-base.jsonl'
  | 'trips-head.jsonl'
  | 'jaeger-download.json'
  | 'jaeger-api-v3-traces.json';

/**
 * The absolute path of one of the analyzer's span fixtures.
 * @example await run('analyze', spanFixture('trips-head.jsonl'))
 */
export function spanFixture(name: SpanFixture): string {
  return fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
}
