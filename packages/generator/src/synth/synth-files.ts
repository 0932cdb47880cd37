// Writes `synth emission` and `synth canvass` output files (JSON lines), counting what was written.
import { type CanvassSynthOptions, canvassLines } from './canvass-synth.ts';
import { batchLines, type EmissionSynthOptions, emissionBatches } from './emission-synth.ts';
import { writeChunks } from './write-chunks.ts';

export interface SynthFileSummary {
  /** Lines written (one entry or record each). */
  lines: number;
  bytes: number;
  users?: number;
}

/**
 * Writes the e-mission entries of `options` to `file`; the same options give the same bytes.
 * @example writeEmissionFile({ users: 1000, days: 7, seed: 1 }, 'data.jsonl')
 */
export function writeEmissionFile(options: EmissionSynthOptions, file: string): SynthFileSummary {
  let lines = 0;
  const users = new Set<string>();
  function* chunks(): Generator<string> {
    for (const batch of emissionBatches(options)) {
      lines += batch.entries.length;
      users.add(batch.user.token);
      yield batchLines(batch);
    }
  }
  const bytes = writeChunks(file, chunks());
  return { lines, bytes, users: users.size };
}

/** Writes the canvassing world of `options` to `file`. */
export function writeCanvassFile(options: CanvassSynthOptions, file: string): SynthFileSummary {
  let lines = 0;
  function* counted(): Generator<string> {
    for (const line of canvassLines(options)) {
      lines++;
      yield line;
    }
  }
  const bytes = writeChunks(file, counted());
  return { lines, bytes };
}
