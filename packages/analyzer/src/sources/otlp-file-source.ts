// An OTLP JSON file (one export request per line, or one document) as a span source. Spans are grouped
// by trace as lines stream in; only the normalized spans are kept, never the parsed documents.
import { InputError, type NormalizedSpan } from '@loadlens/types';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import type { JsonDocument } from './json-documents.ts';
import type { SpanSource } from './span-source.ts';
import { createTraceGroups } from './trace-groups.ts';

/**
 * Wraps the documents of an OTLP JSON file; `first` is the document already read to sniff the format.
 * Iterating `traces()` reads the file: one pass only.
 */
export function otlpFileSource(
  file: string,
  first: JsonDocument,
  rest: AsyncIterator<JsonDocument>,
): SpanSource {
  let consumed = false;
  return {
    kind: 'otlp-file',
    location: file,
    traces: async function* otlpFileTraces(): AsyncGenerator<NormalizedSpan[]> {
      if (consumed) throw new Error(`${file}: traces() reads the file once`);
      consumed = true;
      const groups = createTraceGroups();
      const add = (span: NormalizedSpan) => groups.add(span);
      decodeOtlpJson(first.doc, `${file}:${first.line}`, add);
      for (let next = await rest.next(); !next.done; next = await rest.next())
        decodeOtlpJson(next.value.doc, `${file}:${next.value.line}`, add);
      if (groups.spanCount === 0) throw new InputError(`${file}: no spans in the file`);
      yield* groups.drain();
    },
    close: async function closeOtlpFile() {
      await rest.return?.(undefined);
    },
  };
}
