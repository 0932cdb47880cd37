// Reads the files analyze and compare take besides spans: run results (run.json) and reports
// (report.json), with errors that name the file, the line or the path inside it (exit 2).
import {
  InputError,
  parseJson,
  parseOrThrow,
  REPORT_SCHEMA,
  type Report,
  RUN_RESULT_SCHEMA,
  type RunResult,
  readInputFile,
  reportSchema,
  runResultSchema,
} from '@loadlens/types';

export type ResultFile =
  | { kind: 'run'; file: string; run: RunResult }
  | { kind: 'report'; file: string; report: Report };

async function readJson(file: string): Promise<unknown> {
  return parseJson(await readInputFile(file), file);
}

/**
 * A run result or a report, told apart by its "schema" field.
 * @example const r = await readResultFile('base/report.json'); if (r.kind === 'report') …
 */
export async function readResultFile(file: string): Promise<ResultFile> {
  const value = await readJson(file);
  const schema = (value as { schema?: unknown } | null)?.schema;
  if (schema === RUN_RESULT_SCHEMA)
    return { kind: 'run', file, run: parseOrThrow(runResultSchema, value, file) };
  if (schema === REPORT_SCHEMA)
    return { kind: 'report', file, report: parseOrThrow(reportSchema, value, file) };
  throw new InputError(
    `${file}: schema: expected "${RUN_RESULT_SCHEMA}" (a run result) or "${REPORT_SCHEMA}" (a report), got ${JSON.stringify(schema) ?? 'nothing'}`,
  );
}

/** A run result only. */
export async function readRunFile(file: string): Promise<RunResult> {
  const value = await readJson(file);
  return parseOrThrow(runResultSchema, value, file);
}
