// The local calendar day of a Unix time in a time zone: getTrips/:day is the user's local day.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build, so one per zone is kept (the zones of a deployment are few). */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      formatter = formatterFor('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * `YYYY-MM-DD` of `ts` (Unix seconds) in `timeZone`; an unknown zone counts as UTC.
 * @example localDay(1793577600, 'Europe/Amsterdam') // '2026-11-01'
 */
export function localDay(ts: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return formatterFor(timeZone).format(new Date(ts * 1000));
}

/** Whether `day` is a real calendar date written as YYYY-MM-DD. */
export function isDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}
