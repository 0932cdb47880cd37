// Picks the span source for what the user named: a `jaeger:` URL, a store file (by its DuckDB magic
// bytes), or a JSON file (OTLP export or Jaeger download, by its content). Only the chosen source's
// code loads, so reading a JSON file never loads DuckDB (the file path must also run under Deno).
import { open, stat } from 'node:fs/promises';
import { InputError } from '@loadlens/types';
import { jaegerFileSource } from './jaeger-file-source.ts';
import { isJaegerDownload } from './jaeger-json.ts';
import { jsonDocuments } from './json-documents.ts';
import { otlpFileSource } from './otlp-file-source.ts';
import type { SpanSource } from './span-source.ts';

const JAEGER_PREFIX = 'jaeger:';

/** DuckDB database files carry "DUCK" at byte 8 (duckdb/src/storage/storage_info.cpp, MAGIC_BYTES). */
async function isDuckDbFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    return bytesRead === 12 && new TextDecoder().decode(head.subarray(8, 12)) === 'DUCK';
  } finally {
    await handle.close();
  }
}

/**
 * Opens `spec`: a store file (run.db), an OTLP JSON file (one export request per line, or one
 * document), a Jaeger trace JSON download, or `jaeger:http://host:16686?service=…&since=…`.
 * Throws InputError (exit 2) naming the file and the position for truncated/invalid files;
 * RuntimeFailure (exit 3) for an unreachable Jaeger.
 * @example const source = await openSpanSource('run.db'); for await (const trace of source.traces()) …
 */
export async function openSpanSource(spec: string): Promise<SpanSource> {
  if (spec.startsWith(JAEGER_PREFIX)) {
    const { openJaegerApiSource } = await import('./jaeger-api-source.ts');
    return openJaegerApiSource(spec.slice(JAEGER_PREFIX.length));
  }
  const info = await stat(spec).catch(() => undefined);
  if (!info) throw new InputError(`${spec}: no such file`);
  if (!info.isFile()) throw new InputError(`${spec}: not a file`);
  if (await isDuckDbFile(spec)) {
    const { openStoreSource } = await import('../store/store-source.ts');
    return openStoreSource(spec);
  }
  const documents = jsonDocuments(spec);
  const first = await documents.next();
  if (first.done) throw new InputError(`${spec}: empty file`);
  const doc = first.value.doc as Record<string, unknown> | null;
  if (typeof doc === 'object' && doc !== null && Array.isArray(doc.resourceSpans))
    return otlpFileSource(spec, first.value, documents);
  if (isJaegerDownload(doc)) return jaegerFileSource(spec, first.value, documents);
  await documents.return(undefined);
  throw new InputError(
    `${spec}:${first.value.line}: not a span file (expected OTLP JSON with "resourceSpans" or a Jaeger download with "data")`,
  );
}
