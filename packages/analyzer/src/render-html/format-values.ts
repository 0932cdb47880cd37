// Number formatting for the HTML report: the units a reader expects, with precision that fits the size.

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRate(perSecond: number): string {
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)} req/s`;
}

/** A share 0..1 as a percentage. */
export function formatShare(share: number): string {
  const percent = share * 100;
  return `${percent >= 10 || percent === 0 ? Math.round(percent) : percent.toFixed(1)}%`;
}

/** A relative change, signed: +12.5%, −3.0%. */
export function formatChange(change: number | null): string {
  if (change === null) return '—';
  const percent = change * 100;
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±';
  return `${sign}${Math.abs(percent).toFixed(1)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatUsd(usd: number): string {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}

/** Addresses are shown without their scheme, so the page holds no URL but its trace links. */
export function formatAddress(location: string): string {
  return location.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}
