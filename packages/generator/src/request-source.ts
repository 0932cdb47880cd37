// Turns a resolved workload's operations into requests for the engine: literal bodies serialized once,
// scenario bodies drawn from a seeded stream per operation, and `{param}`s in paths filled from the
// scenario's own variables, from values captured from earlier responses, or from a family's variables.
import type { ResolvedWorkload } from '@loadlens/types';
import { compileOperation, instantiateFamilies, type Plan } from './request-plan.ts';

export { CaptureNotReady } from './capture-not-ready.ts';

export interface PreparedRequest {
  path: string;
  body?: string | Uint8Array;
  /** Include content-type when there is a body. Shared between calls: do not mutate. */
  headers?: Record<string, string>;
}

export interface RequestSource {
  /** The next request of operation `operationIndex`; `captured` holds values captured from earlier
   * responses by name (the engine fills it from each operation's `capture` JSON pointers).
   * Throws CaptureNotReady when a `{param}` only a capture can fill has no captured value yet. */
  next(operationIndex: number, captured: ReadonlyMap<string, readonly string[]>): PreparedRequest;
  /** True when next() always returns the same request for that operation, so the engine can pre-serialize it once. */
  isStatic(operationIndex: number): boolean;
  /** Capture names operation `operationIndex` cannot be sent without (empty for most operations). */
  needsCaptures(operationIndex: number): readonly string[];
}

export interface RequestSourceOptions {
  /** Wall clock in ms for time-stamped bodies (e.g. `emission.put` batches end "now"); tests pin it. */
  now?: () => number;
}

/**
 * Builds the request source of a workload. Throws InputError for an unknown scenario or family, bad
 * `data.<family>` options, or a `{param}` nothing can fill.
 * @example const source = createRequestSource(resolved); source.next(0, new Map()).path
 */
export function createRequestSource(
  workload: ResolvedWorkload,
  options: RequestSourceOptions = {},
): RequestSource {
  const families = instantiateFamilies(workload, options.now ?? Date.now);
  const captureNames = new Set(workload.operations.flatMap((op) => Object.keys(op.capture ?? {})));
  const usedFamilies = [
    ...new Set([
      ...workload.operations.flatMap((op) =>
        op.body && 'scenario' in op.body ? [op.body.scenario.split('.')[0] as string] : [],
      ),
      ...Object.keys(workload.data),
    ]),
  ];
  const plans = workload.operations.map((op, i) =>
    compileOperation(op, i, workload, families, captureNames, usedFamilies),
  );
  function planOf(operationIndex: number): Plan {
    const plan = plans[operationIndex];
    if (!plan) throw new RangeError(`no operation ${operationIndex} in workload "${workload.name}"`);
    return plan;
  }
  return {
    next: function next(operationIndex, captured) {
      return planOf(operationIndex).next(captured);
    },
    isStatic: function isStatic(operationIndex) {
      return planOf(operationIndex).isStatic;
    },
    needsCaptures: function needsCaptures(operationIndex) {
      return planOf(operationIndex).needs;
    },
  };
}
