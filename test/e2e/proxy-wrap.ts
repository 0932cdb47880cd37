// Shared by the proxy e2e tests: start `loadlens wrap` as a real process and read its side port.
import { fileURLToPath } from 'node:url';
import { freePort, type RunningProcess, startProcess } from '../harness/index.ts';

export const CLI = fileURLToPath(new URL('../../apps/cli/bin/loadlens.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/proxy/', import.meta.url));

export interface WrapProcess {
  process: RunningProcess;
  proxyUrl: string;
  sideUrl: string;
  metrics(): Promise<string>;
}

/** Starts `loadlens wrap <args>` on free listen/side ports; ready once its proxy line is printed. */
export async function startWrap(args: string[], env: NodeJS.ProcessEnv = {}): Promise<WrapProcess> {
  const listen = await freePort();
  const side = await freePort();
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  const command = end === -1 ? [] : args.slice(end);
  const process = await startProcess(
    globalThis.process.execPath,
    [CLI, 'wrap', '--listen', `127.0.0.1:${listen}`, '--side', `127.0.0.1:${side}`, ...flags, ...command],
    {
      name: 'loadlens-wrap',
      env: { ...globalThis.process.env, ...env },
      ready: { log: /^proxy\s+http/m },
      readyTimeoutMs: 60_000,
    },
  );
  const sideUrl = `http://127.0.0.1:${side}`;
  return {
    process,
    proxyUrl: `http://127.0.0.1:${listen}`,
    sideUrl,
    metrics: async () => (await fetch(`${sideUrl}/metrics`)).text(),
  };
}

/** Polls until `check` passes (bounded: 20 s), for values that arrive with the next push or export. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** One metric sample's value from Prometheus text, or undefined. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
