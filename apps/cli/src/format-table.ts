// Aligned plain-text tables for terminal output (no colour, so output stays pipe- and snapshot-friendly).

/** Pads columns to their widest cell; `align` gives 'r' for right-aligned (numeric) columns. */
export function formatTable(
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[] = [],
): string[] {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows.map((row) =>
    row
      .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
