// The API contract on embedded PGlite (through pglite-socket and `pg`), in-process over loopback.
import { BOTTLENECKS } from '../src/fixes.ts';
import { describeContract } from '../src/testing/contract-suite.ts';
import { sharedPglite } from './start-on-pglite.ts';

describeContract('pglite', sharedPglite(), [
  ['none', new Set()],
  ['all', new Set(BOTTLENECKS)],
]);
