// Span times as epoch milliseconds (fractional), the unit the encoders take: now from the monotonic clock
// anchored at the process's time origin, and the OpenTelemetry API's TimeInput forms converted to it.
'use strict';

const { performance } = require('node:perf_hooks');

const origin = performance.timeOrigin;

function nowMs() {
  return origin + performance.now();
}

/**
 * TimeInput → epoch ms: an [seconds, nanoseconds] HrTime, a Date, or a number — epoch ms, or ms since the
 * time origin (performance.now()) when it is smaller than the origin, as the OpenTelemetry SDK reads it.
 */
function timeInputMs(input) {
  if (input === undefined || input === null) return nowMs();
  if (typeof input === 'number') return input < origin ? origin + input : input;
  if (Array.isArray(input)) return input[0] * 1e3 + input[1] / 1e6;
  if (input instanceof Date) return input.getTime();
  return nowMs();
}

/** Epoch ms → HrTime, for readers that expect the SDK's span fields. */
function msToHrTime(ms) {
  const seconds = Math.floor(ms / 1e3);
  return [seconds, Math.round((ms - seconds * 1e3) * 1e6)];
}

module.exports = { nowMs, timeInputMs, msToHrTime };
