// A growable column store of time intervals (who waited or held which resource, when), kept in typed
// arrays: a run has as many intervals as database spans, and an array of objects per span would cost
// ten times the memory and put the analysis at the mercy of the garbage collector.

/** An interval is a wait (someone could not proceed) or a hold (someone occupied the resource). */
export const WAIT = 0;
export const HOLD = 1;

export interface IntervalLog {
  readonly size: number;
  /** Records one interval; times in ns relative to the log's base (the first time recorded). */
  add(
    kind: typeof WAIT | typeof HOLD,
    resource: number,
    label: number,
    route: number,
    /** The request it belongs to: a lock held by a request does not make that same request wait. */
    owner: number,
    startNs: number,
    endNs: number,
  ): void;
  kind(i: number): number;
  resource(i: number): number;
  label(i: number): number;
  route(i: number): number;
  owner(i: number): number;
  start(i: number): number;
  end(i: number): number;
}

const INITIAL = 1024;

/**
 * @example const log = createIntervalLog(); log.add(HOLD, pool, shape, route, request, s, e)
 */
export function createIntervalLog(): IntervalLog {
  let capacity = INITIAL;
  let size = 0;
  // Absolute epoch nanoseconds are ~1.8e18: float64 keeps them to 256 ns. Relative to the first start
  // they keep nanoseconds, and the sweep's sums stay exact enough to add millions of them.
  let base = Number.NaN;
  let kinds = new Uint8Array(capacity);
  let resources = new Int32Array(capacity);
  let labels = new Int32Array(capacity);
  let routes = new Int32Array(capacity);
  let owners = new Int32Array(capacity);
  let starts = new Float64Array(capacity);
  let ends = new Float64Array(capacity);

  function grow(): void {
    capacity *= 2;
    kinds = grown(kinds, new Uint8Array(capacity));
    resources = grown(resources, new Int32Array(capacity));
    labels = grown(labels, new Int32Array(capacity));
    routes = grown(routes, new Int32Array(capacity));
    owners = grown(owners, new Int32Array(capacity));
    starts = grown(starts, new Float64Array(capacity));
    ends = grown(ends, new Float64Array(capacity));
  }

  return {
    get size() {
      return size;
    },
    add: function addInterval(kind, resource, label, route, owner, startNs, endNs) {
      if (!(endNs > startNs)) return;
      if (Number.isNaN(base)) base = startNs;
      if (size === capacity) grow();
      kinds[size] = kind;
      resources[size] = resource;
      labels[size] = label;
      routes[size] = route;
      owners[size] = owner;
      starts[size] = startNs - base;
      ends[size] = endNs - base;
      size++;
    },
    kind: (i) => kinds[i] as number,
    resource: (i) => resources[i] as number,
    label: (i) => labels[i] as number,
    route: (i) => routes[i] as number,
    owner: (i) => owners[i] as number,
    start: (i) => starts[i] as number,
    end: (i) => ends[i] as number,
  };
}

/** `bigger` with `old`'s values at its start. */
function grown<T extends Uint8Array | Int32Array | Float64Array>(old: T, bigger: T): T {
  bigger.set(old as never);
  return bigger;
}

/** Interns strings as small integers, so intervals carry an int instead of a string. */
export interface Interner {
  id(text: string): number;
  text(id: number): string;
  readonly size: number;
}

export function createInterner(): Interner {
  const ids = new Map<string, number>();
  const texts: string[] = [];
  return {
    id: function internId(text) {
      let id = ids.get(text);
      if (id === undefined) {
        id = texts.length;
        texts.push(text);
        ids.set(text, id);
      }
      return id;
    },
    text: (id) => texts[id] as string,
    get size() {
      return texts.length;
    },
  };
}
