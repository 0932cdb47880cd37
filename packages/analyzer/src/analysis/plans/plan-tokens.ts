// Tokens of the expressions PostgreSQL prints in plans, and the few structural helpers that read them:
// parentheses, top-level splits, trailing casts. Quoted identifiers come out unquoted (`""` unescaped).

export type Token = { t: 'ident' | 'word' | 'param' | 'string' | 'number' | 'op' | 'punct'; v: string };

const OP_CHARS = new Set('+-*/<>=~!@#%^&|`?');

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\n' || c === '\t') {
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else v += text[i++];
      }
      out.push({ t: 'ident', v });
    } else if (c === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      out.push({ t: 'string', v: text.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '$' && /\d/.test(text[i + 1] ?? '')) {
      const m = /^\$\d+/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'param', v: m[0] });
      i += m[0].length;
    } else if (/\d/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w$]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else if (c === ':' && text[i + 1] === ':') {
      out.push({ t: 'op', v: '::' });
      i += 2;
    } else if (OP_CHARS.has(c)) {
      let j = i;
      while (j < text.length && OP_CHARS.has(text[j] as string)) j++;
      out.push({ t: 'op', v: text.slice(i, j) });
      i = j;
    } else {
      out.push({ t: 'punct', v: c });
      i++;
    }
  }
  return out;
}

/** Drops parentheses that wrap the whole token list. */
export function unwrap(tokens: Token[]): Token[] {
  let ts = tokens;
  while (ts.length >= 2 && ts[0]?.v === '(' && closing(ts, 0) === ts.length - 1) ts = ts.slice(1, -1);
  return ts;
}

/** Index of the parenthesis that closes the one at `open`. */
export function closing(ts: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < ts.length; i++) {
    if (ts[i]?.v === '(' || ts[i]?.v === '[') depth++;
    else if (ts[i]?.v === ')' || ts[i]?.v === ']') depth--;
    if (depth === 0) return i;
  }
  return -1;
}

/** Splits at top-level occurrences of a word or operator. */
export function splitTop(ts: Token[], at: (tok: Token) => boolean): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const tok of ts) {
    if (tok.v === '(' || tok.v === '[') depth++;
    else if (tok.v === ')' || tok.v === ']') depth--;
    if (depth === 0 && at(tok)) parts.push([]);
    else parts.at(-1)?.push(tok);
  }
  return parts;
}

/** Removes trailing casts (`::text`, `::timestamp with time zone`, `::text[]`) and wrapping parens. */
export function stripCasts(tokens: Token[]): Token[] {
  let ts = unwrap(tokens);
  for (;;) {
    const parts = splitTop(ts, (t) => t.t === 'op' && t.v === '::');
    if (parts.length < 2) return ts;
    ts = unwrap(parts[0] as Token[]);
  }
}
