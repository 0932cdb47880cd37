// Axis ticks for the report's charts: round values (1, 2, 5 × 10^k) like any plotting library picks.

/** Linear ticks from 0 to at least `max`, about `count` of them. */
export function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  // Bounded: at most count + 2 ticks because step ≥ max / count.
  for (let value = 0; value < max + step; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** Logarithmic ticks at 1, 2, 5 × 10^k from the last one at or below `min` to the first at or above `max`. */
export function logTicks(min: number, max: number): number[] {
  const all: number[] = [];
  let decade = 10 ** Math.floor(Math.log10(Math.max(min, 1e-3)));
  // Bounded: latencies span a few decades; 40 decades is far beyond any real chart.
  for (let guard = 0; guard < 40 && (all.at(-1) ?? 0) < max; guard++) {
    for (const m of [1, 2, 5]) {
      const value = Number((m * decade).toPrecision(6));
      all.push(value);
      if (value >= max) break;
    }
    decade *= 10;
  }
  const first = all.findLastIndex((value) => value <= min);
  return all.slice(Math.max(first, 0));
}
