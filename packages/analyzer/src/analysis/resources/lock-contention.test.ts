import type { NormalizedSpan, Report } from '@loadlens/types';
import { reportSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { arrivals, type LockRequest, simulateRowLock } from '../../../test/simulated-service.ts';
import { craftTrace } from '../../testing/crafted-traces.ts';
import { createTraceAnalysis } from '../analyze-traces.ts';
import { lockedTable } from './record-locks.ts';

function analyze(traces: NormalizedSpan[][]): Report {
  const a = createTraceAnalysis({ source: { kind: 'otlp-file', location: 'spans.jsonl' } });
  for (const t of traces) a.addTrace(t);
  return reportSchema.parse(a.finish());
}

/**
 * POST /transfer locks the account row with SELECT … FOR UPDATE, works `holdMs` inside the transaction,
 * updates and commits; POST /deposit updates the same row on its own and waits for the lock meanwhile.
 */
function transfers(
  holdMs: number,
  options: { inTransaction?: boolean; lockEvents?: boolean; seconds?: number } = {},
) {
  const seconds = options.seconds ?? 10;
  const inTransaction = options.inTransaction ?? true;
  const transfer = arrivals(
    1000 / (holdMs * 2.5),
    seconds,
    (i, at): LockRequest => ({
      at: at + 3,
      method: 'POST',
      route: '/transfer',
      transaction: inTransaction,
      statements: [
        {
          sql: `SELECT * FROM accounts WHERE id = 1 AND owner = 'ann${i}' FOR UPDATE`,
          ms: 0.8,
          lock: true,
          appMsAfter: inTransaction ? holdMs : 0,
        },
        { sql: `UPDATE accounts SET balance = balance - ${i} WHERE id = 1`, ms: 0.6, lock: true },
      ],
    }),
  );
  const deposit = arrivals(
    10,
    seconds,
    (i, at): LockRequest => ({
      at: at + 7,
      method: 'POST',
      route: '/deposit',
      transaction: false,
      ...(options.lockEvents ? { lockEvents: true } : {}),
      statements: [
        { sql: `UPDATE accounts SET balance = balance + ${i + 5} WHERE id = 1`, ms: 0.7, lock: true },
      ],
    }),
  );
  return simulateRowLock([...transfer, ...deposit]);
}

describe('lock contention', () => {
  it('names the lock, the statement and route holding it, and how long the transaction keeps it', () => {
    const report = analyze(transfers(120));
    const lock = report.findings.find((f) => f.kind === 'contention');
    expect(lock?.title).toMatch(
      /^Requests on POST \/deposit wait \d+(\.\d)? ms for a lock on accounts, held by `SELECT \* FROM accounts WHERE id = \? AND owner = \? FOR UPDATE` in a transaction of POST \/transfer \(open 12\d ms\)$/,
    );
    expect(lock?.suggestion).toContain('no index will help');
    expect(lock?.evidence).toContainEqual({
      label: 'its duration when nobody holds the lock',
      value: 0.7,
      unit: 'ms',
    });
    expect(report.findings[0]?.id).toBe(lock?.id);
    // The slow work inside the transaction is not a wait for a cap: only one transfer runs at a time
    // because of the lock, and the lock finding says so.
    expect(report.findings.filter((f) => f.kind === 'contention')).toHaveLength(1);
  });

  it('is not a slow query: a statement that waits seconds for the lock gets no slow-query finding', () => {
    const report = analyze(transfers(1500, { seconds: 30 }));
    const update = report.queries.find((q) =>
      q.fingerprint.startsWith('update accounts set balance = balance + ?'),
    );
    expect(update?.p95Ms).toBeGreaterThan(1000);
    expect(report.findings.filter((f) => f.kind === 'slow-query')).toEqual([]);
    expect(report.findings[0]?.kind).toBe('contention');
  });

  it('reads lock waits from span events when the driver records them', () => {
    const report = analyze(transfers(120, { lockEvents: true }));
    const lock = report.findings.find((f) => f.kind === 'contention');
    expect(Number(lock?.evidence.find((e) => e.label === 'lock-wait events')?.value)).toBeGreaterThan(10);
  });

  it('control: a transaction that commits before its slow work holds the lock too briefly to matter', () => {
    expect(analyze(transfers(120, { inTransaction: false })).findings).toEqual([]);
  });

  it('is not a lock wait when a slow statement finishes while the transaction is still open', () => {
    // A busy database slows an UPDATE next to an open transaction on the same table, but the UPDATE ends
    // long before that transaction commits: it did not wait for its lock.
    const traces: NormalizedSpan[][] = [];
    const holder = craftTrace(0);
    const root = holder.server('POST', '/transfer', { at: 0, ms: 505 });
    holder.pg(root, 'BEGIN', { at: 0.5, ms: 0.2 });
    holder.pg(root, 'SELECT * FROM accounts WHERE id = 1 FOR UPDATE', { at: 1, ms: 1 });
    holder.pg(root, 'UPDATE accounts SET balance = balance - 1 WHERE id = 1', { at: 500, ms: 1 });
    holder.pg(root, 'COMMIT', { at: 502, ms: 0.5 });
    traces.push(holder.spans());
    for (let i = 0; i < 25; i++) {
      const t = craftTrace(0);
      const at = i < 5 ? 100 + i : 1000 + i * 50;
      const r = t.server('POST', '/deposit', { at, ms: i < 5 ? 42 : 3 });
      t.pg(r, `UPDATE accounts SET balance = balance + ${i} WHERE id = ${i + 2}`, {
        at: at + 1,
        ms: i < 5 ? 40 : 1,
      });
      traces.push(t.spans());
    }
    expect(analyze(traces).findings.filter((f) => f.kind === 'contention')).toEqual([]);
  });

  it('finds the table of each locking statement form', () => {
    expect(lockedTable('update public."Accounts" set n = ? where id = ?')).toBe('Accounts');
    expect(lockedTable('delete from only audit where id = ?')).toBe('audit');
    expect(lockedTable('select * from jobs j where j.state = ? for update skip locked')).toBe('jobs');
    expect(
      lockedTable('insert into counters(k) values (?) on conflict(k) do update set n = counters.n + ?'),
    ).toBe('counters');
    expect(lockedTable('lock table ledger in exclusive mode')).toBe('ledger');
    expect(lockedTable('select * from accounts where id = ?')).toBeUndefined();
    expect(lockedTable('insert into events(a) values (?)')).toBeUndefined();
  });
});
