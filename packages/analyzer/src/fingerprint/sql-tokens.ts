// The SQL scanner behind fingerprints: splits a statement into tokens, every literal becoming "?" and
// every comment dropped. Hand-rolled (see tokenize) because it runs on the analyze hot path.

const isDigit = (c: number) => c >= 48 && c <= 57;
export const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/**
 * Splits a statement into tokens, turning every literal (string, dollar-quoted string, number, `$1`
 * parameter, `?`) into the single token "?" and dropping comments. A hand-rolled scanner rather than a
 * chain of regexes: it runs once per distinct statement on the analyze hot path, and regexes cannot
 * tell a quote inside a comment from a quote that opens a string.
 */
export function tokenize(sql: string): string[] {
  const tokens: string[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // -- line comment, # line comment (MySQL)
    if ((c === 45 && sql.charCodeAt(i + 1) === 45) || c === 35) {
      while (i < n && sql.charCodeAt(i) !== 10) i++;
      continue;
    }
    // /* block comment */ (optimizer hints included: they may carry literals too)
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    // 'string' with '' or \' escapes; E'…', N'…', X'…', B'…' prefixes fold into the same literal
    if (c === 39) {
      i++;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 39) {
          if (sql.charCodeAt(i + 1) === 39) i += 2;
          else break;
        } else i++;
      }
      i++;
      const prev = tokens[tokens.length - 1];
      // E'…' (escapes), N'…' (national), X'…'/B'…' (bit strings): the prefix belongs to the literal.
      if (prev !== undefined && prev.length === 1 && 'ENXBenxb'.includes(prev)) tokens.pop();
      tokens.push('?');
      continue;
    }
    // "quoted identifier" or `identifier`: kept, since it names a column or table, not a value
    if (c === 34 || c === 96) {
      const end = sql.indexOf(String.fromCharCode(c), i + 1);
      const stop = end === -1 ? n : end + 1;
      tokens.push(sql.slice(i, stop));
      i = stop;
      continue;
    }
    // $1 parameter or $tag$ … $tag$ dollar-quoted string
    if (c === 36) {
      let j = i + 1;
      if (isDigit(sql.charCodeAt(j))) {
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        tokens.push('?');
        i = j;
        continue;
      }
      while (j < n && isWordChar(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 36) j++;
      if (sql.charCodeAt(j) === 36) {
        const tag = sql.slice(i, j + 1);
        const end = sql.indexOf(tag, j + 1);
        i = end === -1 ? n : end + tag.length;
        tokens.push('?');
        continue;
      }
    }
    // numbers: 42, 4.2, .5, 1e-3, 0x1F; a leading minus is folded below when it follows an operator
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i;
      if (c === 48 && (sql.charCodeAt(i + 1) | 32) === 120) {
        j += 2;
        while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      } else {
        while (j < n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
        if ((sql.charCodeAt(j) | 32) === 101) {
          const k = j + 1 + (sql.charCodeAt(j + 1) === 45 || sql.charCodeAt(j + 1) === 43 ? 1 : 0);
          if (isDigit(sql.charCodeAt(k))) {
            j = k;
            while (j < n && isDigit(sql.charCodeAt(j))) j++;
          }
        }
      }
      const prev = tokens[tokens.length - 1];
      const beforePrev = tokens[tokens.length - 2];
      // "-5" is one literal when the minus is a sign: after an operator, "(", ",", or at the start.
      if ((prev === '-' || prev === '+') && (beforePrev === undefined || /^[^\w"`?)\]]/.test(beforePrev)))
        tokens.pop();
      tokens.push('?');
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      tokens.push(sql.slice(i, j));
      i = j;
      continue;
    }
    // ? placeholder, operators and punctuation; keep two-char operators together
    const two = sql.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '<>' || two === '!=' || two === '::' || two === '||') {
      tokens.push(two);
      i += 2;
      continue;
    }
    tokens.push(sql[i] as string);
    i++;
  }
  return tokens;
}
