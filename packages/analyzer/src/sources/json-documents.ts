// Reads a JSON file of either layout — one document, or one document per line (what the OpenTelemetry
// Collector's file exporter writes) — without holding a JSON-lines file in memory as one string.
// Only `node:fs/promises`, `node:buffer` and web APIs: the file path must also run under Deno.
import { Buffer } from 'node:buffer';
import { open } from 'node:fs/promises';
import { InputError, parseJson } from '@loadlens/types';

export interface JsonDocument {
  doc: unknown;
  /** 1-based line the document starts on, for error messages. */
  line: number;
  /** True when the file is JSON lines (one document per line), false for one document. */
  jsonLines: boolean;
}

// 4 MiB reads: large enough that syscalls do not dominate and most lines (an export request of 512 spans
// is ~200 KB) end inside one read, small next to the analysis' memory budget.
const CHUNK_BYTES = 4 << 20;
const NEWLINE = 10;

/**
 * The lines of `file` as bytes, without their newline: views into the read buffers (each read gets a
 * fresh one, so a view stays valid), copied only for a line that spans two reads. Lines are found with
 * Buffer's native indexOf (Uint8Array.indexOf measured several times slower per line).
 */
export async function* byteLines(file: string): AsyncGenerator<{ bytes: Buffer; line: number }> {
  const handle = await open(file, 'r');
  const readChunk = () => handle.read(Buffer.allocUnsafe(CHUNK_BYTES), 0, CHUNK_BYTES, null);
  let pending = readChunk();
  try {
    let carry: Buffer[] = [];
    let line = 0;
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      // The next read runs while this chunk's lines are consumed: waiting for each read in turn left the
      // thread idle for a fifth of a pass over a file in the page cache.
      pending = readChunk();
      const bytes = buffer.subarray(0, bytesRead);
      let from = 0;
      for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, from)) {
        line++;
        const part = bytes.subarray(from, newline);
        yield { bytes: carry.length === 0 ? part : Buffer.concat([...carry, part]), line };
        carry = [];
        from = newline + 1;
      }
      if (from < bytesRead) carry.push(bytes.subarray(from));
    }
    if (carry.length > 0) yield { bytes: Buffer.concat(carry), line: line + 1 };
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/**
 * The lines of `file`, decoded as UTF-8, without their newline. Each line is decoded on its own:
 * appending decoded chunks to a string and slicing it made V8 flatten large cons strings over and over
 * (a tenth of the read time in profiles); TextDecoder measured several times slower per line.
 */
export async function* lines(file: string): AsyncGenerator<{ text: string; line: number }> {
  for await (const { bytes, line } of byteLines(file)) yield { text: bytes.toString('utf8'), line };
}

/**
 * Every JSON document in `file`. A first line that parses on its own means JSON lines; otherwise the
 * whole file is one document. Invalid or truncated JSON throws an InputError with `file:line:column`.
 */
export async function* jsonDocuments(file: string): AsyncGenerator<JsonDocument> {
  const iterator = lines(file);
  try {
    let first: { text: string; line: number } | undefined;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.text.trim() !== '') {
        first = next.value;
        break;
      }
    }
    if (!first) throw new InputError(`${file}: empty file (expected OTLP JSON or a Jaeger trace download)`);
    let firstDoc: unknown;
    let isJsonLines = true;
    try {
      firstDoc = JSON.parse(first.text);
    } catch {
      isJsonLines = false;
    }
    if (!isJsonLines) {
      const parts = [first.text];
      let startLine = first.line;
      for await (const { text } of iterator) parts.push(text);
      // Blank lines before the document were skipped; keep line numbers true to the file.
      const text = '\n'.repeat(startLine - 1) + parts.join('\n');
      startLine = 1;
      yield { doc: parseJson(text, file, startLine), line: first.line, jsonLines: false };
      return;
    }
    yield { doc: firstDoc, line: first.line, jsonLines: true };
    for await (const { text, line } of iterator) {
      if (text.trim() === '') continue;
      yield { doc: parseJson(text, file, line), line, jsonLines: true };
    }
  } finally {
    // Closes the file even when the reader stops early (after sniffing, or on an error).
    await iterator.return(undefined);
  }
}
