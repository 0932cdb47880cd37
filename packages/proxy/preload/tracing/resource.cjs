// The resource every exported span carries: OTEL_RESOURCE_ATTRIBUTES, then the service name (which wins,
// as the SDK's serviceName option does), the process and the host.
'use strict';

const { hostname } = require('node:os');

/** "k=v,k2=v2" with percent-encoded values, per the specification; malformed pairs are skipped. */
function attributesFromEnv(text) {
  const attributes = {};
  if (!text) return attributes;
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      attributes[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // a bad escape: that attribute is left out
    }
  }
  return attributes;
}

function createResource({ service, env, version }) {
  return {
    ...attributesFromEnv(env.OTEL_RESOURCE_ATTRIBUTES),
    'service.name': service,
    'telemetry.sdk.name': 'loadlens',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': version,
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'host.name': hostname(),
  };
}

module.exports = { createResource, attributesFromEnv };
