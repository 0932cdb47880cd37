// The numeric OpenTelemetry variables the preload reads itself (batch sizes, delays, attribute limits):
// a positive number, else the specification's default.
'use strict';

function positiveNumberFromEnv(env, name, fallback) {
  const text = env[name];
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(value) && value > 0 ? value : fallback;
}

module.exports = { positiveNumberFromEnv };
