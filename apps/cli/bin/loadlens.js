#!/usr/bin/env node
// The loadlens binary. Written in JavaScript old enough to parse on any Node still around (no `?.`, no
// top-level await), so that on an unsupported Node the user reads one line naming the version loadlens
// needs instead of a syntax error or an ERR_UNKNOWN_FILE_EXTENSION stack trace.
import { existsSync, readFileSync } from 'fs';
import * as nodeModule from 'module';

// The supported range is stated once, in this package's `engines`; this check reads it from there.
var manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
var wanted = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(manifest.engines && manifest.engines.node));
if (!wanted)
  throw new Error(
    'loadlens: package.json engines.node must read ">=MAJOR.MINOR", not ' + JSON.stringify(manifest.engines),
  );
var have = process.versions.node.split('.').map(Number);
var need = [Number(wanted[1]), Number(wanted[2] || 0), Number(wanted[3] || 0)];
var older =
  have[0] !== need[0] ? have[0] < need[0] : have[1] !== need[1] ? have[1] < need[1] : have[2] < need[2];
// Deno reports the Node version it is compatible with, so the same check holds there.
if (older) {
  process.stderr.write(
    'loadlens needs Node ≥ ' +
      need.slice(0, wanted[3] ? 3 : 2).join('.') +
      '; this is v' +
      process.versions.node +
      '\n',
  );
  process.exit(2);
}

// Compiled code (and, for the sources, their type-stripped text) is cached on disk between runs: it
// halves the CPU a command spends starting up (≈ 0.47 s → 0.25 s for `loadlens run`), which is a load
// generator's own overhead on the machine it measures from. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
if (nodeModule.enableCompileCache) nodeModule.enableCompileCache();

// In the repository (src/ is there, it is not published) the TypeScript sources run directly, and the
// other workspace packages must resolve to their sources too: their exports map the "@loadlens/source"
// condition to src/ and everything else to dist/. Deno has no registerHooks; it takes --conditions.
var source = new URL('../src/run-cli.ts', import.meta.url);
var inRepository = existsSync(source);
if (inRepository && nodeModule.registerHooks)
  nodeModule.registerHooks({
    resolve: function resolveSources(specifier, context, nextResolve) {
      return nextResolve(
        specifier,
        Object.assign({}, context, { conditions: ['@loadlens/source'].concat(context.conditions) }),
      );
    },
  });
var entry = inRepository ? source : new URL('../dist/run-cli.js', import.meta.url);
import(entry.href).then(function start(cli) {
  return cli.runCli(process.argv.slice(2));
});
