// The service name for a wrapped server: OTEL_SERVICE_NAME, else the `name` of the package.json nearest
// to the entry script (what the team calls the service), else the script's file name.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { basename, dirname, join, resolve } = require('node:path');

function nearestPackageName(entry) {
  let dir = dirname(resolve(entry));
  for (let depth = 0; depth < 32; depth++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const name = JSON.parse(readFileSync(file, 'utf8')).name;
        if (typeof name === 'string' && name !== '') return name;
      } catch {
        // an unreadable package.json: keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function serviceName(env, argv) {
  if (env.OTEL_SERVICE_NAME) return env.OTEL_SERVICE_NAME;
  const entry = argv[1];
  if (!entry) return 'unknown_service:node';
  return nearestPackageName(entry) ?? basename(entry).replace(/\.[cm]?[jt]s$/, '');
}

module.exports = { serviceName, nearestPackageName };
