import { describe, expect, it } from 'vitest';
import { lineAndColumn, locateJsonError, parseJson } from './parse-json.ts';

function messageOf(text: string, file = 'f.json', startLine = 1): string {
  try {
    parseJson(text, file, startLine);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
}

describe('parseJson', () => {
  it('parses valid JSON like JSON.parse', () => {
    expect(parseJson('{"a":[1,2,{"b":null}],"c":"\\u00e9"}', 'f.json')).toEqual({
      a: [1, 2, { b: null }],
      c: 'é',
    });
  });

  it('names line and column of a syntax error', () => {
    expect(messageOf('{\n  "name": "x",\n  "operations": [,]\n}\n')).toBe(
      'f.json:3:18: invalid JSON: unexpected character ","',
    );
    expect(messageOf('{"a": 1 "b": 2}')).toBe(
      'f.json:1:9: invalid JSON: expected "," or "}", got character "\\""',
    );
    expect(messageOf('[1, 2] x')).toBe(
      'f.json:1:8: invalid JSON: unexpected character "x" after the JSON value',
    );
  });

  it('says a file looks truncated when it ends early', () => {
    expect(messageOf('{"resourceSpans": [{"scopeSpans": [')).toBe(
      'f.json:1:36: invalid JSON: unexpected end of input (is the file truncated?)',
    );
    expect(messageOf('{"a": "unfinished')).toBe(
      'f.json:1:18: invalid JSON: unterminated string (is the file truncated?)',
    );
  });

  it('offsets lines for one line of a JSON-lines file', () => {
    expect(messageOf('{"a": tru}', 'spans.jsonl', 41)).toBe(
      'spans.jsonl:41:7: invalid JSON: unexpected character "t"',
    );
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['1', '"s"', 'true', 'null', '[]', '{}', ' { "a" : [ -1.5e3 ] } ', '"\\n"'])
      expect(locateJsonError(text)).toBeUndefined();
    for (const text of ['', '01', '[1,]', '{"a"}', "{'a':1}", '"\n"', 'nul', '-'])
      expect(locateJsonError(text)).toBeDefined();
  });

  it('computes line and column from an offset', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
