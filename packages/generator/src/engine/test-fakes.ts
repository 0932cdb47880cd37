// Test-only stand-ins (imported by *.test.ts, never by the engine): a fake request source for workloads
// without scenarios, and loopback HTTP servers whose behaviour each test chooses, closed after each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ResolvedWorkload, resolveWorkload, type WorkloadInput, workloadSchema } from '@loadlens/types';
import { afterEach } from 'vitest';
import type { PreparedRequest, RequestSourceLike } from './types.ts';

/** A resolved workload named "test" from the rest of its fields. */
export function testWorkload(input: Omit<WorkloadInput, 'name'>): ResolvedWorkload {
  return resolveWorkload(workloadSchema.parse({ name: 'test', ...input }));
}

/**
 * A fake of part B's request source: fixed paths and `{ json }`/`{ text }` bodies only; "{name}" path
 * segments are filled from captured values (the first one) so capture can be tested.
 */
export function fakeRequestSource(workload: ResolvedWorkload): RequestSourceLike {
  const prepared = workload.operations.map((op): PreparedRequest => {
    const body = op.body;
    if (body === undefined) return { path: op.path };
    if ('json' in body) return { path: op.path, body: JSON.stringify(body.json) };
    if ('text' in body) return { path: op.path, body: body.text };
    throw new Error('fakeRequestSource: scenarios are not supported');
  });
  return {
    isStatic: (i) => !workload.operations[i]!.path.includes('{'),
    next(i, captured) {
      const base = prepared[i]!;
      const path = base.path.replace(/\{(\w+)\}/g, (_, name: string) => captured.get(name)?.[0] ?? 'none');
      return { ...base, path };
    },
  };
}

export interface FakeServer {
  url: string;
  server: Server;
  requests: number;
  close(): Promise<void>;
}

/** Starts a loopback HTTP server (127.0.0.1, random port) with `handle` as its request handler. */
export async function startFakeServer(
  handle: (req: IncomingMessage, res: ServerResponse, fake: FakeServer) => void,
): Promise<FakeServer> {
  const server = createServer({ keepAliveTimeout: 60_000 });
  const fake: FakeServer = {
    url: '',
    server,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req, res) => {
    fake.requests++;
    handle(req, res, fake);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/**
 * For a test file: returns a starter of fake servers, each closed after the test that started it.
 * @example const server = useFakeServers(); const s = await server((_req, res) => res.end('ok'));
 */
export function useFakeServers(): (handle: Parameters<typeof startFakeServer>[0]) => Promise<FakeServer> {
  let servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async function server(handle) {
    const s = await startFakeServer(handle);
    servers.push(s);
    return s;
  };
}
