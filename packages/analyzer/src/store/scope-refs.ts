// Gives each distinct (resource, scope) pair a small integer ScopeRef and records it in otel_scopes, so
// spans carry one INTEGER instead of four strings. Decoders allocate one SpanScope per request scope;
// the WeakMap makes every later span of that scope a single lookup.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SpanScope } from '../otlp/decoded-span.ts';
import { SCOPES_TABLE } from './schema.ts';

export interface ScopeRefs {
  /** The ScopeRef for each scope, inserting new ones into otel_scopes (before the spans that use them). */
  refsOf(scopes: readonly SpanScope[]): Promise<number[]>;
}

const keyOf = (scope: SpanScope) =>
  JSON.stringify([scope.service, scope.resource, scope.scopeName, scope.scopeVersion]);

export async function createScopeRefs(connection: DuckDBConnection): Promise<ScopeRefs> {
  const byKey = new Map<string, number>();
  const byObject = new WeakMap<SpanScope, number>();
  const existing = await connection.runAndReadAll(
    `SELECT "ScopeRef", "ServiceName", "ResourceAttributes", "ScopeName", "ScopeVersion" FROM ${SCOPES_TABLE}`,
  );
  for (const [ref, service, resource, scopeName, scopeVersion] of existing.getRows() as [
    number,
    string,
    string,
    string,
    string,
  ][])
    byKey.set(JSON.stringify([service, JSON.parse(resource), scopeName, scopeVersion]), ref);
  return {
    refsOf: async function refsOf(scopes) {
      const out = new Array<number>(scopes.length);
      for (let i = 0; i < scopes.length; i++) {
        const scope = scopes[i]!;
        let ref = byObject.get(scope);
        if (ref === undefined) {
          const key = keyOf(scope);
          ref = byKey.get(key);
          if (ref === undefined) {
            ref = byKey.size + 1;
            await connection.run(`INSERT INTO ${SCOPES_TABLE} VALUES ($1, $2, $3, $4, $5)`, [
              ref,
              scope.service,
              JSON.stringify(scope.resource),
              scope.scopeName,
              scope.scopeVersion,
            ]);
            byKey.set(key, ref);
          }
          byObject.set(scope, ref);
        }
        out[i] = ref;
      }
      return out;
    },
  };
}
