// A Jaeger trace JSON download as a span source: each entry of `data[]` is already one whole trace.
import type { NormalizedSpan } from '@loadlens/types';
import { jaegerTraceSpans } from './jaeger-json.ts';
import type { JsonDocument } from './json-documents.ts';
import type { SpanSource } from './span-source.ts';

export function jaegerFileSource(
  file: string,
  first: JsonDocument,
  rest: AsyncIterator<JsonDocument>,
): SpanSource {
  return {
    kind: 'jaeger-file',
    location: file,
    traces: async function* jaegerFileTraces(): AsyncGenerator<NormalizedSpan[]> {
      let document: JsonDocument | undefined = first;
      while (document) {
        const data = (document.doc as { data: unknown[] }).data;
        for (let i = 0; i < data.length; i++) {
          const spans = jaegerTraceSpans(data[i], `${file}:${document.line}: data[${i}]`);
          if (spans.length > 0) yield spans;
        }
        const next = await rest.next();
        document = next.done ? undefined : next.value;
      }
    },
    close: async function closeJaegerFile() {
      await rest.return?.(undefined);
    },
  };
}
