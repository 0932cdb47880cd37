// Pre-draws each operation's requests (paths and synthetic bodies) from the workload's request source into
// the JSON file the k6 script reads as SharedArrays: k6 cannot run loadlens's scenarios, but it can replay
// a large seeded sample of them.
import type { ResolvedWorkload } from '@loadlens/types';
import { createRequestSource } from '../request-source.ts';
import { expectedRequests, scenarioName } from './k6-options.ts';

export interface K6Sample {
  path: string;
  body?: string;
}

/** At most this many distinct requests per operation (bodies of ~7 KB keep the file under ~10 MB). */
export const MAX_SAMPLES = 1000;

/** Marker for a `{param}` only a captured value can fill; the script substitutes it per VU at run time. */
export function captureMarker(name: string): string {
  return encodeURIComponent(`{${name}}`);
}

/**
 * The samples of every operation, by k6 scenario name.
 * @example k6Samples(resolved, { now: () => Date.UTC(2026, 10, 2) }).visit.length // ≤ 1000
 */
export function k6Samples(
  workload: ResolvedWorkload,
  options: { now?: () => number } = {},
): Record<string, K6Sample[]> {
  const source = createRequestSource(workload, options);
  const data: Record<string, K6Sample[]> = {};
  workload.operations.forEach((op, index) => {
    const needs = source.needsCaptures(index);
    const captured = new Map(needs.map((name) => [name, [`{${name}}`]]));
    const count = source.isStatic(index)
      ? 1
      : Math.max(1, Math.min(MAX_SAMPLES, Math.ceil(expectedRequests(workload, op))));
    const samples: K6Sample[] = [];
    for (let i = 0; i < count; i++) {
      const request = source.next(index, captured);
      const body =
        request.body === undefined
          ? undefined
          : typeof request.body === 'string'
            ? request.body
            : Buffer.from(request.body).toString('utf8');
      samples.push({ path: request.path, ...(body === undefined ? {} : { body }) });
    }
    data[scenarioName(op)] = samples;
  });
  return data;
}
