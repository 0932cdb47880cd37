// Error, refusal and drop rates of a run's counters: one denominator each, used by every command.
import type { ErrorCounts, OperationResult } from '@loadlens/types';

type Counters = Pick<OperationResult, 'errors' | 'sent' | 'scheduled' | 'dropped'>;

/** Failed requests of every class (timeout, refused, reset, 4xx, 5xx, other). */
export function errorCount(errors: ErrorCounts): number {
  return errors.timeout + errors.refused + errors.reset + errors.http4xx + errors.http5xx + errors.other;
}

/** Sums the counters of several operations (e.g. the operations of one phase). */
export function totalCounters(operations: readonly Counters[]): Counters {
  const errors: ErrorCounts = { timeout: 0, refused: 0, reset: 0, http4xx: 0, http5xx: 0, other: 0 };
  let sent = 0;
  let scheduled = 0;
  let dropped = 0;
  for (const op of operations) {
    sent += op.sent;
    scheduled += op.scheduled;
    dropped += op.dropped;
    for (const k of Object.keys(errors) as Array<keyof ErrorCounts>) errors[k] += op.errors[k];
  }
  return { errors, sent, scheduled, dropped };
}

/**
 * Failed requests over requests *sent*. Every sent request ends either answered or as one error class
 * (a timeout or a reset has no response, so "completed" would leave it out of the denominator and an
 * all-timeouts phase would read 100 %/0); requests never sent are drops, counted by droppedRate.
 */
export function errorRate(c: Pick<Counters, 'errors' | 'sent'>): number {
  return c.sent === 0 ? 0 : Math.min(1, errorCount(c.errors) / c.sent);
}

/** Refused connections over requests sent: the server stopped accepting. */
export function refusedRate(c: Pick<Counters, 'errors' | 'sent'>): number {
  return c.sent === 0 ? 0 : Math.min(1, c.errors.refused / c.sent);
}

/** Dropped requests (client queue full, never sent) over requests the schedule asked for. */
export function droppedRate(c: Pick<Counters, 'dropped' | 'scheduled'>): number {
  return c.scheduled === 0 ? 0 : Math.min(1, c.dropped / c.scheduled);
}
