// The side port: `/metrics` (Prometheus text), `/resources?since=<epochMs>` (ResourceSample[] JSON),
// `/profile` (top self-time frames) and `/internal/app`, where a wrapped server's preload pushes its
// aggregates. Binds loopback by default; the push route needs the token wrap gave its child.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ProfileFrame, ResourceSample } from '@loadlens/types';
import { RuntimeFailure } from '@loadlens/types';
import { type AppSnapshot, checkAppSnapshot } from './app-snapshot.ts';

export interface SideServerOptions {
  host: string;
  port: number;
  token: string;
  metrics: () => string;
  resources: (sinceMs: number) => ResourceSample[];
  /** Undefined when profiling is off; otherwise asks the app for a fresh profile and returns the table. */
  profile?: () => Promise<ProfileFrame[]>;
  onApp: (snapshot: AppSnapshot) => void;
  /** Whether the app should send its profile with its next push. */
  profileWanted: () => boolean;
}

export interface SideServer {
  url: string;
  close(): Promise<void>;
}

/** A pushed profile can be a few MB; beyond this the push is refused. */
const MAX_PUSH_BYTES = 64 * 1024 * 1024;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PUSH_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the side server. */
export async function startSideServer(options: SideServerOptions): Promise<SideServer> {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://side');
    if (req.method === 'POST' && url.pathname === '/internal/app') {
      if (req.headers['x-loadlens-token'] !== options.token) return json(res, 403, { error: 'bad token' });
      const text = await readBody(req);
      if (text === undefined) return json(res, 413, { error: 'push too large' });
      try {
        options.onApp(checkAppSnapshot(JSON.parse(text)));
      } catch (error) {
        return json(res, 400, { error: (error as Error).message });
      }
      return json(res, 200, { profile: options.profileWanted() });
    }
    if (req.method !== 'GET') return json(res, 405, { error: 'only GET' });
    if (url.pathname === '/metrics')
      return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', options.metrics());
    if (url.pathname === '/resources') {
      const since = url.searchParams.get('since');
      const sinceMs = since === null ? 0 : Number(since);
      if (!Number.isFinite(sinceMs))
        return json(res, 400, { error: `since: expected epoch milliseconds, got "${since}"` });
      return json(res, 200, options.resources(sinceMs));
    }
    if (url.pathname === '/profile') {
      if (!options.profile)
        return json(res, 404, { error: 'profiling is off: start wrap with --profile cpu' });
      return json(res, 200, await options.profile());
    }
    return json(res, 404, { error: 'not found: try /metrics, /resources?since=<epochMs>, /profile' });
  }

  const server: Server = createServer(function sideRequest(req, res) {
    handle(req, res).catch((error: Error) => json(res, 500, { error: error.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RuntimeFailure(
          `--side ${options.host}:${options.port}: cannot listen (${error.code ?? error.message})`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: function close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
