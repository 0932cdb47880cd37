// Fits a workload to an access log: one operation per (method, route template) with its mean rate over the
// log's time span, and the log's hour-of-day shape as stages (one per hour, compressed to `stageDuration`).
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { InputError, templatePath, unreadableFile, type WorkloadInput } from '@loadlens/types';
import { HOUR_MS, hourlyStages } from './hourly-stages.ts';
import { parseAccessLine } from './parse-access-line.ts';

export interface FromLogOptions {
  /** Workload name (default: from the file name). */
  name?: string;
  /** Length of each hour's stage when replayed (default "1m": a day in 24 minutes; "1h" is real time). */
  stageDuration?: string;
  /** Target URL written into the workload. */
  target?: string;
}

export interface LogFit {
  workload: WorkloadInput;
  lines: number;
  requests: number;
  malformed: number;
  /** 1-based line number of the first malformed line. */
  firstMalformedLine?: number;
  spanMs: number;
  /** Hours of the day the shape covers (stages written). */
  hours: number;
}

/** A rate in the workload syntax with 4 significant digits, in the unit that keeps it readable. */
export function rateText(perSecond: number): string {
  const fmt = (x: number) => String(Number(x.toPrecision(4)));
  if (perSecond >= 0.1) return `${fmt(perSecond)}/s`;
  if (perSecond * 60 >= 0.1) return `${fmt(perSecond * 60)}/min`;
  return `${Number((perSecond * 3600).toFixed(6))}/h`;
}

/** A log's time span for people: "10 s", "12.5 min", "2.00 h". */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(2)} h`;
}

function operationName(method: string, route: string, taken: Set<string>): string {
  const base = `${method.toLowerCase()}-${
    route
      .replace(/[{}]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'root'
  }`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

function workloadName(file: string): string {
  const base = path
    .basename(file)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^[^A-Za-z]+|-$/g, '');
  return base === '' ? 'from-log' : base;
}

/**
 * Reads an access log (CLF/combined or JSON lines) and fits a workload to it.
 * @example const { workload, malformed } = await fitWorkloadFromLog('access.log')
 */
export async function fitWorkloadFromLog(file: string, options: FromLogOptions = {}): Promise<LogFit> {
  const routes = new Map<string, { method: string; route: string; count: number }>();
  const hourCounts = new Map<number, number>();
  let lines = 0;
  let requests = 0;
  let malformed = 0;
  let firstMalformedLine: number | undefined;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let offsetMin: number | undefined;

  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw unreadableFile(file, 'access log', error);
  }
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    lines++;
    if (line.trim() === '') continue;
    const request = parseAccessLine(line);
    if (!request) {
      malformed++;
      firstMalformedLine ??= lines;
      continue;
    }
    requests++;
    offsetMin ??= request.offsetMin;
    const route = templatePath(request.path);
    const key = `${request.method} ${route}`;
    const entry = routes.get(key);
    if (entry) entry.count++;
    else routes.set(key, { method: request.method, route, count: 1 });
    if (request.timeMs < first) first = request.timeMs;
    if (request.timeMs > last) last = request.timeMs;
    // Hours in the log's own local time (its UTC offset when it states one), so "08:00" means the morning.
    const hour = Math.floor((request.timeMs + (offsetMin ?? 0) * 60_000) / HOUR_MS);
    hourCounts.set(hour, (hourCounts.get(hour) ?? 0) + 1);
  }
  if (requests === 0)
    throw new InputError(
      lines === 0
        ? `${file}: empty access log: expected common/combined log format or JSON lines`
        : `${file}: no parseable request in ${lines} line(s) (first bad line ${firstMalformedLine}): expected common/combined log format or JSON lines`,
    );

  // The window ends a second after the last request: CLF stamps whole seconds, so the last stamped second
  // was fully observed (and a single request still spans a second, never a zero window).
  const end = last + 1000;
  const spanMs = end - first;
  const meanRate = requests / (spanMs / 1000);

  const hourly = hourlyStages(hourCounts, {
    firstMs: first,
    endMs: end,
    offsetMin: offsetMin ?? 0,
    meanRate,
    stageDuration: options.stageDuration ?? '1m',
  });

  const taken = new Set<string>();
  const operations = [...routes.values()]
    .sort((a, b) => b.count - a.count || a.route.localeCompare(b.route))
    .map((r) => ({
      name: operationName(r.method, r.route, taken),
      method: r.method as NonNullable<WorkloadInput['operations'][number]['method']>,
      path: r.route,
      rate: rateText(r.count / (spanMs / 1000)),
    }));

  const workload: WorkloadInput = {
    name: options.name ?? workloadName(file),
    description: `Fitted from ${path.basename(file)}: ${requests} requests over ${formatSpan(spanMs)}, mean ${rateText(meanRate)}`,
    ...(options.target === undefined ? {} : { target: options.target }),
    seed: 1,
    ...(hourly.length >= 2 ? { stages: hourly } : { duration: '60s' }),
    operations,
  };
  return {
    workload,
    lines,
    requests,
    malformed,
    ...(firstMalformedLine === undefined ? {} : { firstMalformedLine }),
    spanMs,
    hours: hourly.length >= 2 ? hourly.length : 0,
  };
}
