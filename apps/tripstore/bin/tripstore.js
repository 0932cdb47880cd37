#!/usr/bin/env node
// The tripstore binary. In the repository it runs the TypeScript sources directly (Node >= 22.18
// strips types); an installed package runs the compiled dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/run-cli.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/run-cli.js', import.meta.url);
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
