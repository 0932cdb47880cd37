// nginx (Debian package) as a reverse proxy on a free 127.0.0.1 port, in the foreground, with its
// own prefix, pid and temp paths in a temp dir.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port.ts';
import { peerBinary } from '../peer-binary.ts';
import { makePeerDir } from '../peer-dir.ts';
import { startProcess } from '../start-process.ts';
import type { Peer } from './peer.ts';

export interface NginxOptions {
  /** `host:port` of the upstream that `location /` proxies to (keep-alive connections). */
  upstream?: string;
  /** Extra directives inside `http { … }`. */
  httpSnippet?: string;
  /** Extra directives inside the `server { … }` block, e.g. more `location`s. */
  serverSnippet?: string;
  /** Worker processes (default 1: the machine's cores belong to the load generator and target). */
  workers?: number;
}

export interface NginxPeer extends Peer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
}

function nginxConfig(dir: string, port: number, options: NginxOptions): string {
  const upstream = options.upstream
    ? `  upstream loadlens_upstream {
    server ${options.upstream};
    keepalive 64;
  }
`
    : '';
  const proxy = options.upstream
    ? `    location / {
      proxy_pass http://loadlens_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
    }
`
    : '';
  return `worker_processes ${options.workers ?? 1};
pid ${dir}/nginx.pid;
error_log stderr warn;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${upstream}${options.httpSnippet ?? ''}
  server {
    listen 127.0.0.1:${port};
${proxy}${options.serverSnippet ?? ''}
  }
}
`;
}

/** Starts nginx and waits until its port accepts connections. */
export async function startNginx(options: NginxOptions = {}): Promise<NginxPeer> {
  const dir = makePeerDir('nginx');
  // Run as root, nginx's workers become `nobody`; they must reach the temp paths inside.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const configFile = join(dir, 'nginx.conf');
  writeFileSync(configFile, nginxConfig(dir, port, options));
  // -e stderr: without it nginx opens the compiled-in /var/log/nginx/error.log before reading the
  // config, which fails for a non-root user.
  const server = await startProcess(
    peerBinary('nginx'),
    ['-p', dir, '-c', configFile, '-e', 'stderr', '-g', 'daemon off;'],
    { name: 'nginx', ready: { tcp: port }, stopSignal: 'SIGQUIT', cleanup: [dir] },
  );
  return { url: `http://127.0.0.1:${port}`, port, stop: server.stop, logs: server.logs, process: server };
}
