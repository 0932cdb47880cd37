// Hands one request to undici: fills a pooled slot's reused options and header list, stamps a fresh
// traceparent, and dispatches. The hot path of the engine — keep it free of closures and promises.
import { CaptureNotReady } from '../request-source.ts';
import { type OperationPlan, serializeRequest } from './operation-plans.ts';
import type { OperationStats } from './operation-stats.ts';
import type { RequestSlot } from './request-slot.ts';
import type { TraceparentSource } from './trace-context.ts';
import type { RequestSourceLike, Transport } from './types.ts';

/** Dispatches `op` on `slot`; a request source that throws counts as an "other" error, not a crash. */
export function sendRequest(
  transport: Transport,
  slot: RequestSlot,
  op: number,
  phase: number,
  intendedAt: number,
  plans: readonly OperationPlan[],
  requests: RequestSourceLike,
  captured: ReadonlyMap<string, readonly string[]>,
  traceparent: TraceparentSource,
  stats: OperationStats[][],
): void {
  const plan = plans[op] as OperationPlan;
  slot.op = op;
  slot.phase = phase;
  slot.intendedAt = intendedAt;
  slot.status = 0;
  slot.capturing = plan.capture !== undefined;
  let request = plan.fixed;
  if (request === null) {
    try {
      request = serializeRequest(plan.operation, requests.next(op, captured), plan.basePath, false);
    } catch (error) {
      // A `{param}` only a capture can fill, with nothing captured yet (e.g. before the first
      // /profile/create answered): the request cannot exist, so it is dropped — counted, not sent.
      if (error instanceof CaptureNotReady) {
        stats[phase]![op]!.dropped++;
        slot.owner.unsent(slot);
        return;
      }
      slot.sentAt = performance.now();
      stats[phase]![op]!.sent++;
      slot.owner.failed(slot, error as Error);
      return;
    }
  }
  stats[phase]![op]!.sent++;
  slot.sentAt = performance.now();
  transport.send(slot, request, plan.method, plan.timeoutMs, traceparent.next());
}
