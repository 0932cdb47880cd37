// Values captured from JSON responses (an operation's `capture`: name → JSON pointer) that later requests
// reuse, e.g. the user created by /profile/create. Bounded per name so a long run cannot grow memory.

/** Values kept per name; beyond it new values replace old ones round-robin. */
export const CAPTURE_POOL_SIZE = 1000;
/** Response bytes read for capturing; a bigger body is not parsed (counted as not captured). */
export const CAPTURE_MAX_BYTES = 1 << 20;

export interface CapturePool {
  /** Read-only view handed to the request source. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Parses a response body and stores the values its pointers name; returns how many it stored. */
  captureFrom(body: string, capture: Readonly<Record<string, string>>): number;
}

/** Resolves an RFC 6901 JSON pointer ("/a/0/b", with ~1 → "/" and ~0 → "~"). */
export function resolvePointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function createCapturePool(): CapturePool {
  const values = new Map<string, string[]>();
  const cursor = new Map<string, number>();

  function store(name: string, value: string): void {
    let list = values.get(name);
    if (!list) {
      list = [];
      values.set(name, list);
    }
    if (list.length < CAPTURE_POOL_SIZE) {
      list.push(value);
      return;
    }
    const at = (cursor.get(name) ?? 0) % CAPTURE_POOL_SIZE;
    list[at] = value;
    cursor.set(name, at + 1);
  }

  function captureFrom(body: string, capture: Readonly<Record<string, string>>): number {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return 0;
    }
    let stored = 0;
    for (const [name, pointer] of Object.entries(capture)) {
      const found = resolvePointer(parsed, pointer);
      if (typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean') {
        store(name, String(found));
        stored++;
      }
    }
    return stored;
  }

  return { values, captureFrom };
}
