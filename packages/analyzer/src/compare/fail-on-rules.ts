// `--fail-on "p95:+10%,new-n-plus-one"`: the rules that make `compare` exit 1, parsed up front so a typo
// is a usage error (exit 2) and not a silently passing check.
import { FINDING_KINDS, type FindingKind, InputError } from '@loadlens/types';

export type FailRule =
  | { text: string; type: 'latency'; metric: 'p50' | 'p95' | 'p99' | 'mean'; percent?: number; ms?: number }
  | { text: string; type: 'errors'; points: number }
  | { text: string; type: 'new-finding'; kind: FindingKind | undefined };

const SYNTAX =
  'expected p50|p95|p99|mean:+N% or :+Nms, errors:+N% (percentage points), new-<finding kind> or new-findings';

/**
 * @example parseFailOn('p95:+10%,new-n-plus-one') // [{ type: 'latency', metric: 'p95', percent: 10 }, { type: 'new-finding', kind: 'n-plus-one' }]
 */
export function parseFailOn(spec: string): FailRule[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((text): FailRule => {
      const latency = /^(p50|p95|p99|mean):\+(\d+(?:\.\d+)?)(%|ms)$/.exec(text);
      if (latency) {
        const value = Number(latency[2]);
        const metric = latency[1] as 'p50' | 'p95' | 'p99' | 'mean';
        return latency[3] === '%'
          ? { text, type: 'latency', metric, percent: value }
          : { text, type: 'latency', metric, ms: value };
      }
      const errors = /^errors:\+(\d+(?:\.\d+)?)%$/.exec(text);
      if (errors) return { text, type: 'errors', points: Number(errors[1]) };
      if (text === 'new-findings' || text === 'new-finding')
        return { text, type: 'new-finding', kind: undefined };
      const kind = /^new-(.+)$/.exec(text)?.[1];
      if (kind !== undefined && (FINDING_KINDS as readonly string[]).includes(kind))
        return { text, type: 'new-finding', kind: kind as FindingKind };
      throw new InputError(`--fail-on: "${text}" is not a rule: ${SYNTAX}`);
    });
}
