import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFromJson } from '../otlp/ids.ts';
import { lines } from './json-documents.ts';
import { lastLineOfTraces } from './trace-last-lines.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-last-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What pass one found before it read bytes: a regex over each line decoded as UTF-8. */
async function byRegex(file: string): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  for await (const { text, line } of lines(file))
    for (const match of text.matchAll(/"traceId"\s*:\s*"([^"]*)"/g)) {
      const id = idFromJson(match[1], 16);
      if (id) last.set(id, line);
    }
  return last;
}

describe('lastLineOfTraces', () => {
  it('finds what a regex over the decoded lines finds: spacing, base64, links, escapes, non-ASCII', async () => {
    const a = 'ab'.repeat(16);
    const file = join(dir, 'edge.jsonl');
    await writeFile(
      file,
      [
        `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId" : \t"${a.toUpperCase()}","name":"é \\"traceId\\": \\"${'c'.repeat(32)}\\""}]}]}]}`,
        '',
        `{"traceId":"q83vEjRWeJCrze8SNFZ4kA==","links":[{"traceId":"${'d'.repeat(32)}"}],"x":"ü"}\r`,
        `{"traceId": "${a}", "traceId":"${'e'.repeat(31)}é"}`,
        `{"traceId":"${'f'.repeat(32)}"`,
      ].join('\n'),
    );
    const found = await lastLineOfTraces(file);
    expect(found).toEqual(await byRegex(file));
    expect(found.get(a)).toBe(4);
    expect(found.get('abcdef1234567890abcdef1234567890')).toBe(3);
    expect(found.has('c'.repeat(32))).toBe(false);
  });
});
