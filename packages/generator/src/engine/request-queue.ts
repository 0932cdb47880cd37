// The bounded client-side queue of requests waiting for a free connection: a ring buffer over typed arrays,
// so queueing during a server stall allocates nothing per request.

export interface RequestQueue {
  readonly length: number;
  /** Appends an arrival; false when the queue is full (the caller counts it as dropped). */
  push(op: number, phase: number, intendedAt: number): boolean;
  headOp(): number;
  headPhase(): number;
  /** Removes the oldest entry and returns its intended send time. */
  shift(): number;
  /** Entries of one operation currently waiting. */
  countOf(op: number): number;
}

export function createRequestQueue(capacity: number, operations: number): RequestQueue {
  // The ring grows on demand up to `capacity`, so a generous default costs nothing until a stall.
  let size = Math.min(capacity, 1024);
  let ops = new Int32Array(size);
  let phases = new Int32Array(size);
  let times = new Float64Array(size);
  const perOp = new Int32Array(operations);
  let head = 0;
  let length = 0;

  function grow(): void {
    const next = Math.min(capacity, size * 2);
    const o = new Int32Array(next);
    const p = new Int32Array(next);
    const t = new Float64Array(next);
    for (let i = 0; i < length; i++) {
      const from = (head + i) % size;
      o[i] = ops[from] as number;
      p[i] = phases[from] as number;
      t[i] = times[from] as number;
    }
    ops = o;
    phases = p;
    times = t;
    size = next;
    head = 0;
  }

  function push(op: number, phase: number, intendedAt: number): boolean {
    if (length >= capacity) return false;
    if (length === size) grow();
    const at = (head + length) % size;
    ops[at] = op;
    phases[at] = phase;
    times[at] = intendedAt;
    length++;
    perOp[op] = (perOp[op] as number) + 1;
    return true;
  }

  function shift(): number {
    const time = times[head] as number;
    const op = ops[head] as number;
    perOp[op] = (perOp[op] as number) - 1;
    head = (head + 1) % size;
    length--;
    return time;
  }

  return {
    get length() {
      return length;
    },
    push,
    headOp: () => ops[head] as number,
    headPhase: () => phases[head] as number,
    shift,
    countOf: (op) => perOp[op] as number,
  };
}
