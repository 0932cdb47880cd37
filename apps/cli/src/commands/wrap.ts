// `loadlens wrap`: a tracing reverse proxy in front of a server, and for Node servers started after
// `--`, OpenTelemetry preloaded without code changes. Runs until SIGINT/SIGTERM (or the server exits).

import { parseWrapFlags, startWrap } from '@loadlens/proxy';
import { RuntimeFailure } from '@loadlens/types';
import { defineCommand } from 'citty';
import { ioOf } from '../command-io.ts';
import { formatTable } from '../format-table.ts';

/** Every `--watch` value: citty keeps only the last of a repeated flag. */
function repeated(rawArgs: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === '--') break;
    if (arg === flag && rawArgs[i + 1] !== undefined) values.push(rawArgs[++i] as string);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  }
  return values;
}

export default defineCommand({
  meta: {
    description:
      'Put a tracing reverse proxy in front of a server. With a command after --, start it on a free port ' +
      '(passed as PORT and as {port} in its arguments) and, for Node commands, preload OpenTelemetry.',
  },
  args: {
    target: {
      type: 'string',
      description: 'Server to proxy, http://host:port (default: the started command)',
    },
    listen: { type: 'string', description: 'Proxy address (default 127.0.0.1:9080)' },
    side: {
      type: 'string',
      description: 'Side port for /metrics, /resources, /profile (default 127.0.0.1, free port)',
    },
    otlp: {
      type: 'string',
      description: 'OTLP http/protobuf endpoint (default: OTEL_EXPORTER_OTLP_*; none: no export)',
    },
    sample: { type: 'string', description: 'Share of traces sampled, 0..1 or a percentage (default 1)' },
    'service-name': {
      type: 'string',
      description: 'service.name of the started server (default: its package.json name)',
    },
    'max-body-mb': { type: 'string', description: 'Largest request body in MB (default 100)' },
    'header-timeout': {
      type: 'string',
      description: 'Time a client has to send its request headers (default 10s)',
    },
    'idle-timeout': { type: 'string', description: 'Idle time before a connection is closed (default 60s)' },
    'upstream-timeout': {
      type: 'string',
      description: 'Time the server has to start answering before a 504 (default 60s)',
    },
    'ready-timeout': { type: 'string', description: 'Time the started command has to listen (default 30s)' },
    'max-connections': { type: 'string', description: 'Client connections held at once (default 8192)' },
    watch: { type: 'string', description: 'Also sample this process, by pid or name (repeatable)' },
    profile: { type: 'string', description: '"cpu": record a V8 CPU profile of the started Node server' },
    'target-log': { type: 'string', description: 'Append the started command’s output to this file' },
  },
  async run(context) {
    const io = ioOf(context);
    const { args, rawArgs } = context;
    const end = rawArgs.indexOf('--');
    const options = parseWrapFlags({
      target: args.target,
      listen: args.listen,
      side: args.side,
      otlp: args.otlp,
      sample: args.sample,
      serviceName: args['service-name'],
      maxBodyMb: args['max-body-mb'],
      headerTimeout: args['header-timeout'],
      idleTimeout: args['idle-timeout'],
      upstreamTimeout: args['upstream-timeout'],
      readyTimeout: args['ready-timeout'],
      maxConnections: args['max-connections'],
      watch: repeated(rawArgs, '--watch'),
      profile: args.profile,
      targetLog: args['target-log'],
      command: end === -1 ? [] : rawArgs.slice(end + 1),
    });
    const wrap = await startWrap(options, process.env);
    io.out(`proxy   ${wrap.proxyUrl} → ${wrap.targetUrl}${wrap.targetPid ? ` (pid ${wrap.targetPid})` : ''}`);
    io.out(
      `side    ${wrap.sideUrl}  /metrics  /resources?since=<epochMs>${options.profile ? '  /profile' : ''}`,
    );

    const signal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    const outcome = await Promise.race([signal, wrap.targetExited]);
    const { topFrames } = await wrap.stop();
    if (topFrames.length > 0) {
      io.out('top self-time functions (CPU profile):');
      const rows = [
        ['self ms', 'share', 'function', 'where'],
        ...topFrames
          .slice(0, 10)
          .map((f) => [
            f.selfMs.toFixed(1),
            `${(f.share * 100).toFixed(1)}%`,
            f.functionName,
            `${f.url}:${f.line}`,
          ]),
      ];
      for (const line of formatTable(rows, ['r', 'r', 'l', 'l'])) io.out(`  ${line}`);
    }
    if (typeof outcome === 'object')
      throw new RuntimeFailure(
        `wrap: the server exited on its own (${outcome.signal ?? `code ${outcome.code}`}); the proxy stopped`,
      );
    return 0;
  },
});
