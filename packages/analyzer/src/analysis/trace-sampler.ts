// Keeps the ids of the slowest few traces seen for something (a shape, a finding): bounded memory,
// and the traces worth opening first.

/** Sample traces kept per shape and per finding: the heaviest three are enough to open and compare (loadlens). */
export const SAMPLE_TRACES = 3;

export interface TraceSampler {
  offer(weightNs: number, traceId: string): void;
  /** Trace ids, heaviest first. */
  ids(): string[];
}

/**
 * @example const s = createTraceSampler(3); s.offer(span.durationNs, span.traceId); s.ids()
 */
export function createTraceSampler(limit: number): TraceSampler {
  const kept: Array<{ weight: number; id: string }> = [];
  return {
    offer: function offerTrace(weight, id) {
      if (kept.length === limit && weight <= (kept[kept.length - 1]?.weight ?? 0)) return;
      if (kept.some((k) => k.id === id)) return;
      kept.push({ weight, id });
      kept.sort((a, b) => b.weight - a.weight);
      if (kept.length > limit) kept.pop();
    },
    ids: function sampledTraceIds() {
      return kept.map((k) => k.id);
    },
  };
}
