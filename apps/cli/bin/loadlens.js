#!/usr/bin/env node
// The loadlens binary. In the repository it runs the TypeScript sources directly (Node >= 22.18 strips
// types); an installed package runs the compiled dist/.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';

// Compiled code (and, for the sources, their type-stripped text) is cached on disk between runs: it
// halves the CPU a command spends starting up (≈ 0.47 s → 0.25 s for `loadlens run`), which is a load
// generator's own overhead on the machine it measures from. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
nodeModule.enableCompileCache?.();

const source = new URL('../src/run-cli.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/run-cli.js', import.meta.url);
const { runCli } = await import(entry.href);
await runCli(process.argv.slice(2));
