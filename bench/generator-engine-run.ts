// Benchmark child: one loadlens open-model run of a single GET at a fixed rate, printed as one JSON line
// (counts, latency percentiles, peak RSS, the process's own CPU seconds). Started by generator-engine.ts.
// Usage: node bench/generator-engine-run.ts RATE SECONDS URL [CONNECTIONS]

import { createRequestSource, startLoad } from '@loadlens/generator';
import { summarizeLatency } from '@loadlens/run-stats';
import { resolveWorkload, workloadSchema } from '@loadlens/types';

const [rate, seconds, url, connections] = process.argv.slice(2);
const workload = resolveWorkload(
  workloadSchema.parse({
    name: 'bench',
    duration: `${seconds}s`,
    timeout: '10s',
    operations: [{ name: 'get', path: '/', rate: Number(rate) }],
  }),
);
let maxRss = process.memoryUsage.rss();
const rssTimer = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage.rss());
}, 1000);
const run = startLoad({
  workload,
  target: new URL(url as string),
  requests: createRequestSource(workload),
  ...(connections ? { connections: Number(connections) } : {}),
});
const outcome = await run.done;
clearInterval(rssTimer);
const s = outcome.stats[0]![0]!;
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    scheduled: s.scheduled,
    sent: s.sent,
    ok: s.ok,
    errors: s.errors.reduce((a, b) => a + b, 0),
    dropped: s.dropped,
    achieved: s.completed / (Math.min(outcome.durationMs, workload.durationMs) / 1000),
    corrected: summarizeLatency(s.corrected),
    uncorrected: summarizeLatency(s.uncorrected),
    maxRssBytes: maxRss,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
