// Writes generated text to a file in large synchronous chunks: synth output is produced far faster than
// a stream's per-write overhead allows, and nothing else runs while `synth` writes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { InputError } from '@loadlens/types';

/** 4 MiB chunks: few syscalls, bounded memory. */
const CHUNK_CHARS = 4 * 1024 * 1024;

/**
 * Writes every string `chunks` yields to `file`; returns bytes written.
 * @example writeChunks('data.jsonl', (function* () { yield '{"a":1}\n'; })())
 */
export function writeChunks(file: string, chunks: Iterable<string>): number {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new InputError(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let bytes = 0;
  let pending = '';
  try {
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= CHUNK_CHARS) {
        bytes += writeSync(fd, pending);
        pending = '';
      }
    }
    if (pending.length > 0) bytes += writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
