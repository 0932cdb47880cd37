// Long statements and values in tables and terminal lines: a schema's CREATE TABLE batch is thousands of
// characters, and at full length it pushes every other row off the screen. They show the start; the JSON
// keeps it whole.

/** Characters of a statement a table row shows (about two lines of a report's table at 110 columns). */
export const STATEMENT_CELL_CHARS = 160;

/**
 * `text` with its whitespace collapsed, cut to `max` characters with an ellipsis when longer.
 * @example cutStatement('CREATE TABLE a (…); CREATE TABLE b (…); …', 20) // 'CREATE TABLE a (…);…'
 */
export function cutStatement(text: string, max = STATEMENT_CELL_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
