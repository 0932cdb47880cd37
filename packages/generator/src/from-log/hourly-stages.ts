// The hour-of-day shape of an access log as workload stages: each hour of the day the log covers becomes a
// stage whose scale is that hour's request rate over the log's mean rate, in the log's own local time.

export const HOUR_MS = 3_600_000;
/** An hour bucket needs 5 minutes of log inside it before its rate counts: shorter edges are noise. */
const MIN_COVERAGE_MS = 5 * 60_000;

export interface HourlyStage {
  name: string;
  duration: string;
  scale: number;
}

/**
 * Stages from per-clock-hour request counts (`hourCounts`: local hour index since the epoch → count).
 * Hour-of-day rate = requests in that hour / time the log covers of it, over all days; ordered from the
 * log's first hour, wrapping at midnight.
 * @example hourlyStages(counts, { firstMs, endMs, offsetMin: 60, meanRate: 2.5, stageDuration: '1m' })
 */
export function hourlyStages(
  hourCounts: ReadonlyMap<number, number>,
  span: { firstMs: number; endMs: number; offsetMin: number; meanRate: number; stageDuration: string },
): HourlyStage[] {
  const local = (t: number) => t + span.offsetMin * 60_000;
  const byHourOfDay = new Map<number, { count: number; coveredMs: number }>();
  for (const [hour, count] of hourCounts) {
    const covered =
      Math.min(local(span.endMs), (hour + 1) * HOUR_MS) - Math.max(local(span.firstMs), hour * HOUR_MS);
    if (covered < MIN_COVERAGE_MS) continue;
    const hod = ((hour % 24) + 24) % 24;
    const slot = byHourOfDay.get(hod) ?? { count: 0, coveredMs: 0 };
    slot.count += count;
    slot.coveredMs += covered;
    byHourOfDay.set(hod, slot);
  }
  const startHour = ((Math.floor(local(span.firstMs) / HOUR_MS) % 24) + 24) % 24;
  return [...byHourOfDay.entries()]
    .sort(([a], [b]) => ((a - startHour + 24) % 24) - ((b - startHour + 24) % 24))
    .map(([hod, slot]) => ({
      name: `${String(hod).padStart(2, '0')}:00`,
      duration: span.stageDuration,
      scale: Number((slot.count / (slot.coveredMs / 1000) / span.meanRate).toFixed(3)),
    }));
}
