// Users and money: what a sustainable rate means under the workload's user model and prices.
import type { Capacity, ResolvedWorkload } from '@loadlens/types';

/** Seconds in a billing month: 730 hours, the month cloud providers price instances by (AWS, GCP). */
export const SECONDS_PER_MONTH = 730 * 3600;

/**
 * Users carried and cost per user / per million requests at `scale` × the workload's base rates.
 * Users scale with the load (a user model of N users at scale s carries s·N users); an instance price is
 * spread over them, and a per-request price adds each user's own monthly requests.
 */
export function capacityEconomics(
  workload: ResolvedWorkload,
  scale: number,
  instance: { name: string; monthlyUsd: number } | undefined,
): Pick<Capacity, 'usersSupported' | 'costPerUserMonthlyUsd' | 'costPerMillionRequestsUsd'> {
  const rate = workload.totalRatePerSecond * scale;
  const monthlyMillions = (rate * SECONDS_PER_MONTH) / 1e6;
  const perRequest = workload.requestUsdPerMillion;
  const out: ReturnType<typeof capacityEconomics> = {};
  if (instance !== undefined || perRequest !== undefined) {
    const instancePerMillion = instance && monthlyMillions > 0 ? instance.monthlyUsd / monthlyMillions : 0;
    out.costPerMillionRequestsUsd = instancePerMillion + (perRequest ?? 0);
  }
  if (workload.users !== undefined && scale > 0) {
    const users = workload.users.count * scale;
    out.usersSupported = users;
    if (out.costPerMillionRequestsUsd !== undefined && users > 0) {
      const monthlyUsd = (instance?.monthlyUsd ?? 0) + monthlyMillions * (perRequest ?? 0);
      out.costPerUserMonthlyUsd = monthlyUsd / users;
    }
  }
  return out;
}
