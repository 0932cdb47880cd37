// Runs a schema over a value a user handed in and words every problem as
// `file: path.inside[2]: expected …, got …` — one line each.
import type { z } from 'zod';
import { InputError } from './errors.ts';

type Issue = z.core.$ZodIssue;

/** "operations[2].rate" from a zod path; "(root)" for the value itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$-]*$/.test(name)
        ? out === ''
          ? name
          : `.${name}`
        : `[${JSON.stringify(name)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(issue: Issue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined
        ? `missing, expected ${issue.expected}`
        : `expected ${issue.expected}, got ${shown(input)}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item(s), got ${shown(input)}`;
      return `${issue.message.replace(/^Too small: /, '')}, got ${shown(input)}`;
    case 'custom':
      return issue.message;
    default: {
      const message = issue.message.replace(/^Invalid input: /, '');
      return input === undefined ? message : `${message}, got ${shown(input)}`;
    }
  }
}

/** Every issue as one line naming the file and the path inside it. */
export function formatIssues(file: string, issues: readonly Issue[]): string[] {
  return issues.map((issue) => `${file}: ${formatPath(issue.path)}: ${describe(issue)}`);
}

/**
 * Parses `value` with `schema`, or throws an InputError whose problems name `file` and the path.
 * @example const spec = parseOrThrow(workloadSchema, yamlValue, 'workload.yaml')
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(formatIssues(file, result.error.issues));
}

/** Like parseOrThrow, but returns the problems instead of throwing. */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file: string,
): { ok: true; value: z.output<S> } | { ok: false; problems: string[] } {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: formatIssues(file, result.error.issues) };
}
