// An OTLP JSON file (one export request per line, or one document) as a span source.
// JSON lines are read in two passes so memory holds only the traces in flight, not the file: pass one
// scans each line's bytes for its trace ids (no JSON.parse, trace-last-lines.ts) and notes the last
// line each trace appears on; pass two decodes line by line and hands a trace over as soon as its last
// line is done. Spans of a trace usually sit on neighbouring lines (exporters batch by end time), so few
// are held at once.
// Holding every span until the end measured 3× slower at 1M spans, almost all of it garbage collection.
import { InputError, type NormalizedSpan } from '@loadlens/types';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import { type JsonDocument, jsonDocuments } from './json-documents.ts';
import type { SpanSource } from './span-source.ts';
import { createTraceGroups } from './trace-groups.ts';
import { lastLineOfTraces } from './trace-last-lines.ts';

async function* streamJsonLines(file: string): AsyncGenerator<NormalizedSpan[]> {
  const last = await lastLineOfTraces(file);
  const held = new Map<string, NormalizedSpan[]>();
  let spanCount = 0;
  for await (const { doc, line } of jsonDocuments(file)) {
    const touched = new Set<string>();
    // A span of the same trace as the one before it (the usual case: exporters write a trace's spans
    // together) joins that group without a Map and a Set lookup. Nothing leaves `held` within a line.
    let lastTrace = '';
    let lastGroup: NormalizedSpan[] = [];
    spanCount += decodeOtlpJson(doc, `${file}:${line}`, (span) => {
      if (span.traceId === lastTrace) {
        lastGroup.push(span);
        return;
      }
      let group = held.get(span.traceId);
      if (group) group.push(span);
      else {
        group = [span];
        held.set(span.traceId, group);
      }
      touched.add(span.traceId);
      lastTrace = span.traceId;
      lastGroup = group;
    });
    for (const traceId of touched) {
      if ((last.get(traceId) ?? Number.POSITIVE_INFINITY) > line) continue;
      yield held.get(traceId)!;
      held.delete(traceId);
    }
  }
  if (spanCount === 0) throw new InputError(`${file}: no spans in the file`);
  yield* held.values();
}

/**
 * Wraps an OTLP JSON file; `first` is the document openSpanSource already read to sniff the format.
 * Iterating `traces()` reads the file (twice for JSON lines); each call starts over.
 */
export function otlpFileSource(
  file: string,
  first: JsonDocument,
  rest: AsyncIterator<JsonDocument>,
): SpanSource {
  // The sniffing read is not needed past the first document: the passes reopen the file.
  void rest.return?.(undefined);
  return {
    kind: 'otlp-file',
    location: file,
    traces: async function* otlpFileTraces(): AsyncGenerator<NormalizedSpan[]> {
      if (first.jsonLines) {
        yield* streamJsonLines(file);
        return;
      }
      const groups = createTraceGroups();
      decodeOtlpJson(first.doc, `${file}:${first.line}`, (span) => groups.add(span));
      if (groups.spanCount === 0) throw new InputError(`${file}: no spans in the file`);
      yield* groups.drain();
    },
    close: async function closeOtlpFile() {},
  };
}
