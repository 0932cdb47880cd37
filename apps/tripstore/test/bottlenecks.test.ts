// The five bottlenecks on embedded PGlite: present, then gone with their fix.
import { describeBottlenecks } from '../src/testing/bottleneck-suite.ts';
import { sharedPglite } from './start-on-pglite.ts';

describeBottlenecks('pglite', sharedPglite(), { scanNode: /Seq Scan/, indexNode: /Index Scan/ });
