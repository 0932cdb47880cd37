// Polls the side port of `loadlens wrap` (GET <url>?since=<epochMs> → ResourceSample[]) during a run and
// keeps the samples for run.json. A missing or failing side port is counted, never fatal to the run.
import { check, type ResourceSample, resourceSampleSchema } from '@loadlens/types';

/** Poll interval: often enough for a per-stage CPU/RSS picture, rare enough to cost the target nothing. */
export const RESOURCE_POLL_MS = 3000;
/** Samples kept; at one per second per source this is over two hours of a run. */
const MAX_SAMPLES = 20_000;

export interface ResourcePoller {
  /** Polls once more, stops, and returns every sample collected. */
  stop(): Promise<ResourceSample[]>;
  /** Polls that failed (unreachable, bad status, bad JSON). */
  failures(): number;
}

export function startResourcePoller(url: string, intervalMs = RESOURCE_POLL_MS): ResourcePoller {
  const samples: ResourceSample[] = [];
  let since = Date.now();
  let failed = 0;
  let inFlight: Promise<void> = Promise.resolve();

  async function pollOnce(): Promise<void> {
    const target = new URL(url);
    target.searchParams.set('since', String(Math.floor(since)));
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const body: unknown = await response.json();
      if (!Array.isArray(body)) throw new Error('not an array of resource samples');
      for (const item of body) {
        const parsed = check(resourceSampleSchema, item, url);
        if (!parsed.ok) throw new Error('not a resource sample');
        const sample = parsed.value;
        if (samples.length < MAX_SAMPLES) samples.push(sample);
        since = Math.max(since, sample.timeMs + 1);
      }
    } catch {
      failed++;
    }
  }

  function schedulePoll(): void {
    inFlight = inFlight.then(pollOnce);
  }

  const timer = setInterval(schedulePoll, intervalMs);
  timer.unref();

  async function stop(): Promise<ResourceSample[]> {
    clearInterval(timer);
    schedulePoll();
    await inFlight;
    return samples;
  }

  return { stop, failures: () => failed };
}
