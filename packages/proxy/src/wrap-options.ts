// `loadlens wrap` flags as typed options, each bad value reported as one line naming the flag.
import { InputError, parseDurationMs, parseFraction, parseIntegerFlag } from '@loadlens/types';

export interface WrapOptions {
  /** Upstream origin; undefined when wrap starts the command and picks the port itself. */
  target: URL | undefined;
  listen: { host: string; port: number };
  side: { host: string; port: number };
  otlp: string | undefined;
  sampleRatio: number;
  /** True when --sample was given: it then wins over OTEL_TRACES_SAMPLER. */
  sampleFromFlag: boolean;
  maxBodyBytes: number;
  headerTimeoutMs: number;
  idleTimeoutMs: number;
  upstreamTimeoutMs: number;
  readyTimeoutMs: number;
  maxConnections: number;
  watch: string[];
  profile: 'cpu' | undefined;
  serviceName: string | undefined;
  /** The command after `--`, empty when wrapping an already running server. */
  command: string[];
  /** Where the started command's output goes (appended); undefined: wrap's own stdout/stderr. */
  targetLog: string | undefined;
}

/** The flags as the CLI receives them (strings, before validation). */
export interface WrapFlags {
  target?: string;
  listen?: string;
  side?: string;
  otlp?: string;
  sample?: string;
  maxBodyMb?: string;
  headerTimeout?: string;
  idleTimeout?: string;
  upstreamTimeout?: string;
  readyTimeout?: string;
  maxConnections?: string;
  /** Every --watch value, in order (comma-separated lists allowed). */
  watch?: string[];
  profile?: string;
  serviceName?: string;
  command?: string[];
  targetLog?: string;
}

/** Parses `host:port` (`:port` and a bare port mean 127.0.0.1). */
export function parseHostPort(text: string, flag: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[^:]+))?:?(\d+)$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`${flag}: expected host:port like 127.0.0.1:9080, got "${text}"`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

function duration(text: string | undefined, fallbackMs: number, flag: string): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0)
    throw new InputError(`${flag}: expected a duration like 10s or 500ms, got "${text}"`);
  return ms;
}

function positiveInt(text: string | undefined, fallback: number, flag: string): number {
  return text === undefined ? fallback : parseIntegerFlag(flag, text, 1);
}

function targetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`--target: not a URL: "${text}" (expected http://host:port)`);
  }
  if (url.protocol !== 'http:')
    throw new InputError(`--target: only http:// targets are supported, got "${text}"`);
  if (url.pathname !== '/' || url.search !== '')
    throw new InputError(`--target: give the origin only (http://host:port), got "${text}"`);
  return url;
}

/**
 * Validates wrap's flags. Defaults: listen 127.0.0.1:9080, side 127.0.0.1 on a free port, sample 1,
 * body limit 100 MB, header timeout 10 s, idle timeout 60 s, upstream timeout 60 s, 8192 connections.
 */
export function parseWrapFlags(flags: WrapFlags): WrapOptions {
  const command = flags.command ?? [];
  if (flags.target === undefined && command.length === 0)
    throw new InputError(
      'wrap: give --target http://host:port, or a command to start after -- (see loadlens wrap --help)',
    );
  const sample = flags.sample?.trim();
  const sampleRatio =
    sample === undefined ? 1 : sample.endsWith('%') ? parseFraction(sample) : Number(sample);
  if (
    sampleRatio === undefined ||
    Number.isNaN(sampleRatio) ||
    sample === '' ||
    sampleRatio < 0 ||
    sampleRatio > 1
  )
    throw new InputError(`--sample: expected a ratio between 0 and 1 like 0.1 or 10%, got "${flags.sample}"`);
  const maxBodyMb = flags.maxBodyMb === undefined ? 100 : Number(flags.maxBodyMb);
  if (!Number.isFinite(maxBodyMb) || maxBodyMb <= 0)
    throw new InputError(`--max-body-mb: expected a positive number of megabytes, got "${flags.maxBodyMb}"`);
  if (flags.profile !== undefined && flags.profile !== 'cpu')
    throw new InputError(`--profile: the only profile is "cpu", got "${flags.profile}"`);
  if (flags.targetLog !== undefined && command.length === 0)
    throw new InputError('--target-log needs the server started by wrap (a command after --)');
  if (flags.profile === 'cpu' && command.length === 0)
    throw new InputError('--profile cpu needs the server started by wrap (a Node command after --)');
  const watch = (flags.watch ?? [])
    .flatMap((w) => w.split(','))
    .map((w) => w.trim())
    .filter((w) => w !== '');
  return {
    target: flags.target === undefined ? undefined : targetUrl(flags.target),
    listen: parseHostPort(flags.listen ?? '127.0.0.1:9080', '--listen'),
    side: parseHostPort(flags.side ?? '127.0.0.1:0', '--side'),
    otlp: flags.otlp,
    sampleRatio,
    sampleFromFlag: sample !== undefined,
    maxBodyBytes: Math.round(maxBodyMb * 1024 * 1024),
    headerTimeoutMs: duration(flags.headerTimeout, 10_000, '--header-timeout'),
    idleTimeoutMs: duration(flags.idleTimeout, 60_000, '--idle-timeout'),
    upstreamTimeoutMs: duration(flags.upstreamTimeout, 60_000, '--upstream-timeout'),
    readyTimeoutMs: duration(flags.readyTimeout, 30_000, '--ready-timeout'),
    maxConnections: positiveInt(flags.maxConnections, 8192, '--max-connections'),
    watch,
    profile: flags.profile === 'cpu' ? 'cpu' : undefined,
    serviceName: flags.serviceName,
    command,
    targetLog: flags.targetLog,
  };
}
