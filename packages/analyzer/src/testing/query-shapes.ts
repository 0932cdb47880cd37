// Query shapes for tests: the digest fields that analyses of plans do not read are fixed at one call.
import type { QueryShape } from '@loadlens/types';

/** @example queryShape({ id: 'a', fingerprint: 'select 1', system: 'postgresql' }) */
export function queryShape(
  shape: Pick<QueryShape, 'id' | 'fingerprint' | 'system'> & Partial<QueryShape>,
): QueryShape {
  return {
    sample: shape.fingerprint,
    count: 1,
    totalMs: 1,
    meanMs: 1,
    p50Ms: 1,
    p95Ms: 1,
    p99Ms: 1,
    maxMs: 1,
    routes: [],
    sampleTraceIds: [],
    ...shape,
  };
}
