// Pass one of reading OTLP JSON lines (see otlp-file-source.ts): the last line each trace id appears
// on. It runs over every byte of the file, so it does as little as it can per byte and per span: each
// line is decoded as Latin-1 (a copy; UTF-8 decoding cost twice as much), the regex only finds where an
// id starts (no match arrays), and an id equal to the one just before it (the next span of the same
// trace) is not sliced, normalized or stored again. Profiled on 1M spans: 0.55 s instead of 0.85 s.
import { idFromJson } from '../otlp/ids.ts';
import { byteLines } from './json-documents.ts';

// A span's (or link's) trace id as written by OTLP/JSON encoders, up to its opening quote.
const TRACE_ID_START = /"traceId"\s*:\s*"/g;

/**
 * Per trace id (as idFromJson normalizes it), the last 1-based line with `"traceId": "<id>"` on it — a
 * span's or a link's. Over-matching (a link, an attribute that happens to look like one) only delays a
 * trace's hand-over, and a trace never matched is handed over at the end, so grouping stays correct
 * either way. Latin-1 finds what UTF-8 would in valid JSON: outside strings there is only ASCII, a quote
 * byte is never inside a multi-byte character, and an id with a non-ASCII character is not an id
 * whichever way it is decoded. A line that is not valid JSON fails pass two anyway.
 */
export async function lastLineOfTraces(file: string): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  for await (const { bytes, line } of byteLines(file)) {
    const text = bytes.toString('latin1');
    let previous = '';
    TRACE_ID_START.lastIndex = 0;
    while (TRACE_ID_START.test(text)) {
      const from = TRACE_ID_START.lastIndex;
      const close = text.indexOf('"', from);
      if (close === -1) break;
      TRACE_ID_START.lastIndex = close + 1;
      if (close - from === previous.length && text.startsWith(previous, from)) continue;
      // From the bytes, not text.slice: a slice of the line is a view that would keep the whole line
      // alive for as long as the map holds the id (peak RSS went from 0.6 to 1.1 GB).
      previous = bytes.toString('latin1', from, close);
      const id = idFromJson(previous, 16);
      if (id) last.set(id, line);
    }
  }
  return last;
}
