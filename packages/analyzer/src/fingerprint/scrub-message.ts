// Error messages scrubbed of the values in them, keeping the names: a database's error text names the
// constraint, column and table at fault — the cause a user needs — but often quotes the offending value
// too (`Key (email)=(ada@example.org) already exists`), and nothing that leaves loadlens may carry one.

/** Words after which PostgreSQL and MongoDB quote a name, not a value. */
const NAME_BEFORE_QUOTE =
  /\b(column|relation|constraint|table|index|type|function|schema|database|role|sequence|view|operator|extension|trigger|collection|field|cursor|savepoint|statement|portal|domain|parameter|class)\s*$/i;

/**
 * Replaces the values in an error message with "?" and keeps identifiers: double-quoted names after a
 * word that says they are one (`constraint "users_email_key"`) stay; single-quoted strings, quoted
 * values after a colon (`invalid input syntax for type integer: "abc"`), parenthesised key values
 * (`Key (email)=(…)`, `Failing row contains (…)`), MongoDB's `dup key: { … }`, e-mail addresses, UUIDs
 * and numbers go. Cut to its first line and 160 characters.
 * @example scrubMessage('duplicate key value violates unique constraint "users_email_key"') // unchanged
 */
export function scrubMessage(message: string): string {
  let text = (message.split('\n')[0] ?? '').trim();
  text = text
    .replace(/'(?:[^']|'')*'?/g, '?')
    .replace(/\)=\((?:[^()]|\([^()]*\))*\)/g, ')=(?)')
    .replace(/\b(contains|values?)\s*\((?:[^()]|\([^()]*\))*\)/gi, '$1 (?)')
    .replace(/\{[^{}]*\}/g, '{ ? }')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '?')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '?')
    .replace(/\b[0-9a-f]{16,}\b/gi, '?')
    .replace(/(?<![\w.$])[-+]?\d+(\.\d+)?(?![\w.])/g, '?');
  // Double quotes: a name when a word like "constraint" precedes it, otherwise a value.
  text = text.replace(/"(?:[^"]|"")*"?/g, (quoted, offset: number) =>
    NAME_BEFORE_QUOTE.test(text.slice(0, offset)) ? quoted : '"?"',
  );
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** An error's message for the user: its first line, scrubbed (a server may quote a value in it). */
export function errorLine(error: unknown): string {
  return scrubMessage(String((error as Error)?.message ?? error)) || 'error';
}
