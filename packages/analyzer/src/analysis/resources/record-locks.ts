// Row and table locks inside the database, read from the statements themselves. A transaction that ran
// a locking statement (UPDATE, DELETE, SELECT … FOR UPDATE/SHARE, INSERT … ON CONFLICT, LOCK TABLE)
// holds its locks on that table until COMMIT or ROLLBACK. Another request's locking statement on the
// same table that runs while such a transaction is open, and takes longer than the same statement
// takes uncontended, waited for the lock: the excess is charged to the open transactions. PostgreSQL
// readers never wait for row locks (MVCC), so plain SELECTs are neither holders nor waiters. Span
// events that say so ("Waiting for lock …" then "Acquired lock") are waits as they stand.
import type { NormalizedSpan } from '@loadlens/types';
import type { SpanQuery } from '../../fingerprint/span-query.ts';
import type { RequestFacts } from '../request-facts.ts';
import type { TraceTree } from '../trace-tree.ts';

/** A locking statement's table, from its fingerprint (lower case, literals already replaced). */
export function lockedTable(fingerprint: string): string | undefined {
  const name = (m: RegExpExecArray | null) =>
    m ? (m[1] as string).replaceAll('"', '').split('.').at(-1) : undefined;
  const ident = '("?[\\w$]+"?(?:\\."?[\\w$]+"?)?)';
  if (fingerprint.startsWith('update '))
    return name(new RegExp(`^update\\s+(?:only\\s+)?${ident}`).exec(fingerprint));
  if (fingerprint.startsWith('delete '))
    return name(new RegExp(`^delete\\s+from\\s+(?:only\\s+)?${ident}`).exec(fingerprint));
  if (fingerprint.startsWith('lock '))
    return name(new RegExp(`^lock\\s+(?:table\\s+)?(?:only\\s+)?${ident}`).exec(fingerprint));
  if (fingerprint.startsWith('insert ') && fingerprint.includes(' on conflict'))
    return name(new RegExp(`^insert\\s+into\\s+${ident}`).exec(fingerprint));
  if (
    fingerprint.startsWith('select ') &&
    /\bfor\s+(update|no key update|share|key share)\b/.test(fingerprint)
  )
    return name(new RegExp(`\\bfrom\\s+${ident}`).exec(fingerprint));
  return undefined;
}

/** What a statement does to locks: nothing, opens or ends a transaction, or takes row/table locks. */
const NONE = 0;
const BEGIN = 1;
const END = 2;
const LOCKS = 3;

const TX_BEGIN = /^(begin|start transaction)\b/;
const TX_END = /^(commit|rollback|end|abort)\b/;
/** Span events that mark waiting for a lock, and the moment it was granted, as instrumentations name them. */
const LOCK_WAIT_EVENT = /lock/i;
const WAIT_WORD = /wait/i;
const GRANTED_EVENT = /acquired|granted|obtained/i;

interface Statement {
  table: string;
  startNs: number;
  endNs: number;
  shape: string;
  route: string;
  owner: number;
  /** An explicit wait from span events: its length, or -1 when the span said nothing. */
  eventWaitNs: number;
}

interface Holder {
  table: string;
  startNs: number;
  endNs: number;
  shape: string;
  route: string;
  owner: number;
}

export interface LockWaits {
  /** `service|system|table`. */
  key: string;
  table: string;
  waitNs: number;
  waitCount: number;
  lockEvents: number;
  waitByRoute: Map<string, { ns: number; count: number }>;
  /** Per waiting statement shape: wait time, calls, and its uncontended duration. */
  waitByShape: Map<string, { ns: number; count: number; baselineNs: number }>;
  /** Per holder (`shape id \0 route`): wait charged, and how long its transactions held the lock. */
  holders: Map<string, { shape: string; route: string; chargedNs: number; holdNs: number; holds: number }>;
  sampleTraceIds: string[];
}

export interface LockRecorder {
  add(tree: TraceTree, request: RequestFacts): void;
  finish(): LockWaits[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
}

/** The span's own word that it waited: from a "waiting … lock" event to the grant (or the span's end). */
function eventWait(span: NormalizedSpan): number {
  let from = -1;
  for (const e of span.events) {
    if (from < 0 && LOCK_WAIT_EVENT.test(e.name) && WAIT_WORD.test(e.name)) from = e.timeNs;
    else if (from >= 0 && GRANTED_EVENT.test(e.name)) return Math.max(0, e.timeNs - from);
  }
  return from >= 0 ? Math.max(0, span.startNs + span.durationNs - from) : -1;
}

/**
 * @example const locks = createLockRecorder(); locks.add(tree, request); locks.finish()
 */
export function createLockRecorder(): LockRecorder {
  const roles = new Map<SpanQuery, { role: number; table: string | undefined }>();
  const roleOf = (q: SpanQuery) => {
    let r = roles.get(q);
    if (r === undefined) {
      const table = lockedTable(q.fingerprint);
      const role = TX_BEGIN.test(q.fingerprint)
        ? BEGIN
        : TX_END.test(q.fingerprint)
          ? END
          : table
            ? LOCKS
            : NONE;
      r = { role, table };
      roles.set(q, r);
    }
    return r;
  };
  const statements: Statement[] = [];
  const holders: Holder[] = [];
  const traceOf = new Map<number, string>();
  let owner = 0;
  return {
    add: function recordLocks(tree, request) {
      owner++;
      // Most requests run no transaction, no locking statement and record no lock event: one pass with a
      // cached verdict per shape finds that out without sorting or allocating anything.
      let relevant = false;
      for (const i of request.members) {
        const q = request.queries[i];
        if (q === undefined) continue;
        if (roleOf(q).role !== NONE || (tree.spans[i] as NormalizedSpan).events.length > 0) {
          relevant = true;
          break;
        }
      }
      if (!relevant) return;
      // Database calls of the request in time order: a transaction is BEGIN … COMMIT among them.
      const calls = request.members
        .filter((i) => request.queries[i] !== undefined)
        .sort(
          (a, b) => (tree.spans[a] as NormalizedSpan).startNs - (tree.spans[b] as NormalizedSpan).startNs,
        );
      let open: Map<string, { startNs: number; shape: string; prefix: string }> | undefined;
      const close = (endNs: number) => {
        if (open)
          for (const [key, h] of open)
            holders.push({
              table: key,
              startNs: h.startNs,
              endNs,
              shape: h.shape,
              route: request.route,
              owner,
            });
        open = undefined;
      };
      let lastEnd = 0;
      for (const i of calls) {
        const span = tree.spans[i] as NormalizedSpan;
        const q = request.queries[i]!;
        const end = span.startNs + span.durationNs;
        lastEnd = Math.max(lastEnd, end);
        const prefix = `${span.service}|${q.system}|`;
        const { role, table } = roleOf(q);
        if (role === BEGIN) {
          close(span.startNs);
          open = new Map();
          continue;
        }
        if (role === END) {
          close(end);
          continue;
        }
        const wait = span.events.length > 0 ? eventWait(span) : -1;
        if (table === undefined && wait < 0) continue;
        const key = `${prefix}${table ?? '*'}`;
        statements.push({
          table: key,
          startNs: span.startNs,
          endNs: end,
          shape: q.id,
          route: request.route,
          owner,
          eventWaitNs: wait,
        });
        traceOf.set(owner, request.traceId);
        // Inside a transaction the lock is held from the moment the statement got it (its end) on.
        if (open && table !== undefined && !open.has(key))
          open.set(key, { startNs: end, shape: q.id, prefix });
      }
      close(lastEnd);
    },
    finish: function lockWaits() {
      const byTable = new Map<string, { statements: Statement[]; holders: Holder[] }>();
      const group = (key: string) => {
        let g = byTable.get(key);
        if (g === undefined) {
          g = { statements: [], holders: [] };
          byTable.set(key, g);
        }
        return g;
      };
      for (const s of statements) group(s.table).statements.push(s);
      for (const h of holders) group(h.table).holders.push(h);
      const out: LockWaits[] = [];
      for (const [key, g] of byTable) {
        const result = waitsOn(key, g.statements, g.holders, traceOf);
        if (result.waitCount > 0) out.push(result);
      }
      return out;
    },
  };
}

/**
 * Per statement, the holders another request had open when it started (they took the lock before it
 * asked). One sweep in start order with a list of open holders: a statement is checked against the
 * transactions open at that moment, not against every transaction of the run.
 */
function openHoldersAtStart(statements: readonly Statement[], sorted: readonly Holder[]): Holder[][] {
  const order = statements.map((_, k) => k).sort((a, b) => statements[a]!.startNs - statements[b]!.startNs);
  const out: Holder[][] = statements.map(() => []);
  let active: Holder[] = [];
  let next = 0;
  for (const k of order) {
    const s = statements[k] as Statement;
    while (next < sorted.length && (sorted[next] as Holder).startNs <= s.startNs)
      active.push(sorted[next++] as Holder);
    active = active.filter((h) => h.endNs > s.startNs);
    out[k] = active.filter((h) => h.owner !== s.owner);
  }
  return out;
}

function waitsOn(
  key: string,
  statements: readonly Statement[],
  holders: readonly Holder[],
  traceOf: Map<number, string>,
): LockWaits {
  const sorted = [...holders].sort((a, b) => a.startNs - b.startNs);
  const contended = openHoldersAtStart(statements, sorted);
  // Each shape's uncontended duration: what the statement costs when nobody holds its lock.
  const free = new Map<string, number[]>();
  const all = new Map<string, number[]>();
  statements.forEach((s, k) => {
    const d = s.endNs - s.startNs;
    (all.get(s.shape) ?? all.set(s.shape, []).get(s.shape)!).push(d);
    if ((contended[k] as Holder[]).length === 0 && s.eventWaitNs < 0)
      (free.get(s.shape) ?? free.set(s.shape, []).get(s.shape)!).push(d);
  });
  const baseline = (shape: string) =>
    free.has(shape) ? median(free.get(shape)!) : Math.min(...(all.get(shape) ?? [0]));
  const result: LockWaits = {
    key,
    table: key.split('|').at(-1) as string,
    waitNs: 0,
    waitCount: 0,
    lockEvents: 0,
    waitByRoute: new Map(),
    waitByShape: new Map(),
    holders: new Map(),
    sampleTraceIds: [],
  };
  for (const h of sorted) {
    const id = `${h.shape}\u0000${h.route}`;
    const entry = result.holders.get(id) ?? {
      shape: h.shape,
      route: h.route,
      chargedNs: 0,
      holdNs: 0,
      holds: 0,
    };
    entry.holdNs += h.endNs - h.startNs;
    entry.holds++;
    result.holders.set(id, entry);
  }
  let worst = { ns: 0, owner: -1 };
  statements.forEach((s, k) => {
    const base = baseline(s.shape);
    // A statement that waited for a lock cannot finish before the transaction holding it ends: it is
    // released by that COMMIT. Only holders that ended while it ran are what it waited for, and it waited
    // until the last of them ended; a statement that is merely slow beside a transaction still open when
    // it finishes (a busy database slows every statement) is not a lock wait. Waiters queued behind
    // other waiters finish a little after the COMMIT too: the time after it is not counted (a floor).
    const during = (contended[k] as Holder[]).filter((h) => h.endNs > s.startNs && h.endNs <= s.endNs);
    let releasedNs = 0;
    for (const h of during) releasedNs = Math.max(releasedNs, h.endNs);
    const waitNs =
      s.eventWaitNs >= 0 ? s.eventWaitNs : during.length > 0 ? Math.max(0, releasedNs - s.startNs) : 0;
    if (s.eventWaitNs >= 0) result.lockEvents++;
    const shape = result.waitByShape.get(s.shape) ?? { ns: 0, count: 0, baselineNs: base };
    shape.count++;
    result.waitByShape.set(s.shape, shape);
    if (waitNs <= 0) return;
    shape.ns += waitNs;
    result.waitNs += waitNs;
    result.waitCount++;
    const r = result.waitByRoute.get(s.route) ?? { ns: 0, count: 0 };
    r.ns += waitNs;
    r.count++;
    result.waitByRoute.set(s.route, r);
    for (const h of during) {
      const entry = result.holders.get(`${h.shape}\u0000${h.route}`)!;
      entry.chargedNs += waitNs / during.length;
    }
    if (waitNs > worst.ns) worst = { ns: waitNs, owner: s.owner };
  });
  const trace = traceOf.get(worst.owner);
  if (trace !== undefined) result.sampleTraceIds.push(trace);
  return result;
}
