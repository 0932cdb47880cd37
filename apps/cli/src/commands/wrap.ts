// `loadlens wrap`: a tracing reverse proxy in front of a server, and for Node servers started after
// `--`, OpenTelemetry preloaded without code changes. Runs until SIGINT/SIGTERM (or the server exits).

import { parseWrapFlags, startWrap, type WrapFlags } from '@loadlens/proxy';
import { RuntimeFailure } from '@loadlens/types';
import { formatTable } from '../format-table.ts';
import { defineCliCommand } from '../options/cli-command.ts';
import type { CommandSpec } from '../options/option-spec.ts';
import { repeated, text } from '../options/option-values.ts';

/** The proxy checks its own flags (parseWrapFlags): the table passes their text through, once. */
const value = (description: string, placeholder: string) => text({ description, placeholder });

const spec: CommandSpec<WrapFlags> = {
  name: 'wrap',
  description:
    'Put a tracing reverse proxy in front of a server. With a command after --, start it on a free port ' +
    '(passed as PORT and as {port} in its arguments) and, for Node commands, preload OpenTelemetry.',
  positionals: [],
  passthrough: 'command args…',
  options: {
    target: value('Server to proxy, http://host:port (default: the started command)', 'URL'),
    listen: value('Proxy address (default 127.0.0.1:9080)', 'HOST:PORT'),
    side: value('Side port for /metrics, /resources, /profile (default 127.0.0.1, free port)', 'HOST:PORT'),
    otlp: value('OTLP http/protobuf endpoint (default: OTEL_EXPORTER_OTLP_*; none: no export)', 'URL'),
    sample: value('Share of traces sampled, 0..1 or a percentage (default 1)', 'RATIO'),
    serviceName: value('service.name of the started server (default: its package.json name)', 'NAME'),
    maxBodyMb: value('Largest request body in MB (default 100)', 'NUMBER'),
    headerTimeout: value('Time a client has to send its request headers (default 10s)', 'DURATION'),
    idleTimeout: value('Idle time before a connection is closed (default 60s)', 'DURATION'),
    upstreamTimeout: value('Time the server has to start answering before a 504 (default 60s)', 'DURATION'),
    readyTimeout: value('Time the started command has to listen (default 30s)', 'DURATION'),
    maxConnections: value('Client connections held at once (default 8192)', 'N'),
    watch: repeated({
      description: 'Also sample this process, by pid or name',
      placeholder: 'PID|NAME',
      each: (watched) => watched,
    }),
    profile: value('"cpu": record a V8 CPU profile of the started Node server', 'cpu'),
    targetLog: value('Append the started command’s output to this file', 'FILE'),
    command: null,
  },
};

export default defineCliCommand({
  spec,
  async run({ options: flags, rest, io }) {
    const options = parseWrapFlags({ ...flags, command: rest });
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
