// Reads the Python `repr()` of a MongoDB filter or pipeline, as opentelemetry-instrumentation-pymongo
// writes it into db.statement (`find {'user_id': 42, 'trip_id': ObjectId('…')}`), into the JSON-like value
// the Mongo fingerprinter takes. Only the structure survives: dict keys stay (they name fields and
// operators), every value — strings of either quote, bytes, numbers, True/False/None and calls such as
// ObjectId(…), datetime.datetime(…), Binary(…), Regex(…), re.compile(…) — becomes "?".

const PLACEHOLDER = '?';

/** Thrown inside the reader when the text is not a Python literal it understands. */
class NotRepr extends Error {}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
const isNameChar = (c: string | undefined) => c !== undefined && /[\w.]/.test(c);

/**
 * The value of a Python literal's repr, or undefined when `text` is not one (or has trailing text).
 * @example pythonRepr("{'day': {'$gte': datetime.datetime(2026, 11, 6, 0, 0)}, 'mode': {'$in': ['walk']}}")
 * // { day: { $gte: '?' }, mode: { $in: ['?'] } }
 */
export function pythonRepr(text: string): unknown {
  let i = 0;

  function skipSpace(): void {
    while (isSpace(text[i])) i++;
  }

  function expect(char: string): void {
    skipSpace();
    if (text[i] !== char) throw new NotRepr();
    i++;
  }

  /**
   * Skips a quoted string (any prefix: b, r, u, f, rb…). Only dict keys need the content (they name
   * fields), so it is cut out only when asked, not built character by character for every value.
   */
  function quoted(keep = false): string {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') throw new NotRepr();
    const raw = text[i - 1] === 'r' || text[i - 2] === 'r';
    const start = ++i;
    let escaped = false;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && !raw) {
        escaped = true;
        i += 2;
      } else i++;
    }
    if (i >= text.length) throw new NotRepr();
    const content = keep ? text.slice(start, i) : '';
    i++;
    return escaped ? content.replace(/\\(.)/gs, '$1') : content;
  }

  /** Skips a call's arguments, balanced, quotes respected: `(…)` after a name. */
  function skipCall(): void {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === "'" || c === '"') {
        quoted();
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          i++;
          return;
        }
      }
      i++;
    }
    throw new NotRepr();
  }

  function sequence(close: string): unknown[] {
    const items: unknown[] = [];
    skipSpace();
    while (text[i] !== close) {
      items.push(value());
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== close) throw new NotRepr();
      skipSpace();
    }
    i++;
    return items;
  }

  function dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    skipSpace();
    while (text[i] !== '}') {
      skipSpace();
      let key = PLACEHOLDER;
      if (text[i] === "'" || text[i] === '"') key = quoted(true);
      else value();
      expect(':');
      out[key] = value();
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') throw new NotRepr();
      skipSpace();
    }
    i++;
    return out;
  }

  function value(): unknown {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      return dict();
    }
    if (c === '[') {
      i++;
      return sequence(']');
    }
    if (c === '(') {
      i++;
      return sequence(')');
    }
    if (c === "'" || c === '"') {
      quoted();
      return PLACEHOLDER;
    }
    if (c === '-' || c === '+' || (c !== undefined && /[0-9.]/.test(c))) {
      const start = i;
      i++;
      while (i < text.length && /[\w.+-]/.test(text[i] as string)) i++;
      if (!/^[+-]?(\d|\.\d|inf|nan)/i.test(text.slice(start, i))) throw new NotRepr();
      return PLACEHOLDER;
    }
    if (isNameChar(c)) {
      // True, False, None, inf, nan, a string prefix (b'…', rb"…") or a call: ObjectId('…'), datetime.datetime(…)
      const start = i;
      while (isNameChar(text[i])) i++;
      const name = text.slice(start, i);
      if ((text[i] === "'" || text[i] === '"') && /^[bBrRuUfF]{1,2}$/.test(name)) {
        quoted();
        return PLACEHOLDER;
      }
      skipSpace();
      if (text[i] === '(') skipCall();
      return PLACEHOLDER;
    }
    throw new NotRepr();
  }

  try {
    const result = value();
    skipSpace();
    return i === text.length ? result : undefined;
  } catch (error) {
    if (error instanceof NotRepr) return undefined;
    throw error;
  }
}
