// What `loadlens capacity` prints: the steps it ran, then the verdict; and, for several deployment
// configurations, the side-by-side "users and cost per instance size" table.
import { type Capacity, formatRate } from '@loadlens/types';

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;
const ms = (x: number) =>
  x >= 1000 ? `${(x / 1000).toFixed(2)}s` : `${x >= 100 ? Math.round(x) : x.toFixed(1)}ms`;
const usd = (x: number) => (x >= 1 ? `$${x.toFixed(2)}` : `$${x.toPrecision(3)}`);

/** Rows for formatTable: one per step, in the order they ran. */
export function capacityStepRows(capacity: Capacity): string[][] {
  return [
    ['offered', 'achieved', 'p50', 'p99', 'errors', 'dropped', 'verdict'],
    ...capacity.points.map((p) => [
      formatRate(p.offeredRate),
      formatRate(p.achievedRate),
      ms(p.p50Ms),
      ms(p.p99Ms),
      pct(p.errorRate),
      pct(p.droppedRate),
      p.passed ? 'pass' : 'fail',
    ]),
  ];
}

/** The verdict lines: sustainable rate, what ended it, users and cost. */
export function capacityVerdictLines(capacity: Capacity): string[] {
  const lines: string[] = [];
  if (capacity.sustainableRate === undefined)
    lines.push('sustainable rate: none — even the lowest step failed');
  else lines.push(`sustainable rate: ${formatRate(capacity.sustainableRate)}`);
  if (capacity.failureMode === 'none')
    lines.push('failure mode: none within the steps allowed (raise --max-steps)');
  else
    lines.push(
      `failure mode: ${capacity.failureMode}${capacity.failureDetail ? ` (${capacity.failureDetail})` : ''}`,
    );
  if (capacity.kneeRate !== undefined) lines.push(`knee: ${formatRate(capacity.kneeRate)}`);
  if (capacity.usersSupported !== undefined)
    lines.push(`users supported: ${Math.floor(capacity.usersSupported)}`);
  const on = capacity.instance
    ? ` on ${capacity.instance.name} ($${capacity.instance.monthlyUsd}/month)`
    : '';
  if (capacity.costPerUserMonthlyUsd !== undefined)
    lines.push(`cost per user: ${usd(capacity.costPerUserMonthlyUsd)}/month${on}`);
  if (capacity.costPerMillionRequestsUsd !== undefined)
    lines.push(`cost per million requests: ${usd(capacity.costPerMillionRequestsUsd)}`);
  return lines;
}

/** Side-by-side rows for several configurations: name, instance, sustainable rate, users, cost per user. */
export function capacityComparisonRows(results: readonly { name: string; capacity: Capacity }[]): string[][] {
  return [
    ['configuration', 'instance', 'sustainable', 'failure', 'users', 'cost/user/month', 'cost/1M req'],
    ...results.map(({ name, capacity: c }) => [
      name,
      c.instance ? `${c.instance.name} $${c.instance.monthlyUsd}` : '-',
      c.sustainableRate === undefined ? '-' : formatRate(c.sustainableRate),
      c.failureMode ?? '-',
      c.usersSupported === undefined ? '-' : String(Math.floor(c.usersSupported)),
      c.costPerUserMonthlyUsd === undefined ? '-' : usd(c.costPerUserMonthlyUsd),
      c.costPerMillionRequestsUsd === undefined ? '-' : usd(c.costPerMillionRequestsUsd),
    ]),
  ];
}
