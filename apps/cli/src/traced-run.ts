// What the demo's passes and each side of `loadlens pr` share: the built-in collector writing a span
// store, and the workload run through a wrap's proxy with every request traced and the target's
// resources folded into run.json.
import { openSpanStore, startCollector } from '@loadlens/analyzer';
import { createRequestSource, runWorkload, targetUrl } from '@loadlens/generator';
import type { Wrap } from '@loadlens/proxy';
import type { ResolvedWorkload, RunResult } from '@loadlens/types';
import { LOADLENS_VERSION } from './version.ts';

/** The collector on a free loopback port, storing into `storeFile`; close() stops it and commits the store. */
export async function collectSpans(storeFile: string): Promise<{ url: string; close(): Promise<void> }> {
  const store = await openSpanStore(storeFile, { threads: 1 });
  const collector = await startCollector({ host: '127.0.0.1', port: 0, store });
  return {
    url: collector.url,
    close: async function closeCollection() {
      await collector.close();
      await store.close();
    },
  };
}

export interface TracedRunOptions {
  workload: ResolvedWorkload;
  workloadFile: string;
  out: string;
  labels: Record<string, string>;
  progress?: { tty: boolean; write: (text: string) => void };
  signal?: AbortSignal;
}

/** Runs the workload against the wrap's proxy; every request carries a sampled traceparent. */
export async function runThroughWrap(wrap: Wrap, options: TracedRunOptions): Promise<RunResult> {
  const { result } = await runWorkload({
    workload: options.workload,
    workloadFile: options.workloadFile,
    target: targetUrl(wrap.proxyUrl),
    requests: createRequestSource(options.workload),
    out: options.out,
    traceSample: 1,
    resources: `${wrap.sideUrl}/resources`,
    labels: options.labels,
    versions: { loadlens: LOADLENS_VERSION },
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return result;
}
