// JSON.parse with the position of a syntax error as line:column — V8's messages often omit it, and a
// person fixing a hand-edited or truncated file needs it. The locator runs only after JSON.parse failed.
import { InputError } from './errors.ts';

/** Line and column (1-based) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset and reason of the first JSON syntax error in `text`, or undefined when it is valid. */
export function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describeAt()}`);
  };
  const describeAt = () =>
    i >= text.length ? 'end of input (is the file truncated?)' : `character ${JSON.stringify(text[i])}`;
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? '')) i++;
        else fail('bad escape');
      } else if (c.charCodeAt(0) < 0x20) fail('control character in string');
      else i++;
    }
    fail('unterminated string (is the file truncated?)');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail(`unexpected ${describeAt()}`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name, got ${describeAt()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ":", got ${describeAt()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail(`expected "," or "}", got ${describeAt()}`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail(`expected "," or "]", got ${describeAt()}`);
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail(`unexpected ${describeAt()}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describeAt()} after the JSON value`);
    return undefined;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error)
      return error as { offset: number; reason: string };
    throw error;
  }
}

/**
 * JSON.parse that throws an InputError naming `file:line:column` and the reason.
 * `startLine` shifts line numbers when `text` is one line of a larger file (JSON lines).
 * @example parseJson(text, 'run.json') // throws "run.json:3:17: invalid JSON: expected "," or "}", got end of input (is the file truncated?)"
 */
export function parseJson(text: string, file: string, startLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const located = locateJsonError(text);
    if (!located) throw error;
    const { line, column } = lineAndColumn(text, located.offset);
    throw new InputError(`${file}:${line + startLine - 1}:${column}: invalid JSON: ${located.reason}`);
  }
}
