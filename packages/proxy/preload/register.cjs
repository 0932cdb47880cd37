// loadlens zero-code preload, loaded with `node --require <this file>` (wrap puts it in NODE_OPTIONS).
// Plain CommonJS on purpose: it runs inside the user's server, where Node may not strip TypeScript.
// It first registers the import-in-the-middle loader hook with module.register(), so ESM servers are
// patched too (`--import` alone leaves ESM modules unpatched), then starts tracing (start-tracing.cjs).
'use strict';

const { register } = require('node:module');
const { pathToFileURL } = require('node:url');

// NODE_OPTIONS' --require also runs in the module-hooks worker thread; only the main thread starts the SDK.
if (require('node:worker_threads').isMainThread && !globalThis.__loadlensPreloaded) {
  globalThis.__loadlensPreloaded = true;
  // Registered before any application module loads; resolved from this package's dependencies.
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename));
  require('./start-tracing.cjs');
}
