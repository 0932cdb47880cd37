// Seeded pseudo-random numbers for synthetic data and request sources: same seed, same sequence, on every
// machine. mulberry32 (public domain, Tommy Ettinger) — fast, 32-bit state, plenty for test data (not crypto).

export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** A standard normal deviate (Box–Muller). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
}

/** Mixes several integers into one 32-bit seed (splitmix32 finalizer), so sub-streams don't overlap. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * A seeded generator.
 * @example const random = createRandom(mixSeed(seed, userIndex)); random.int(6) // 0..5
 */
export function createRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function int(n: number): number {
    return Math.floor(next() * n);
  }
  function between(min: number, max: number): number {
    return min + next() * (max - min);
  }
  function normal(): number {
    const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }
  function pick<T>(items: readonly T[]): T {
    return items[int(items.length)] as T;
  }
  return { next, int, between, normal, pick };
}
