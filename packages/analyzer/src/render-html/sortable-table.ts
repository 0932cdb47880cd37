// Sortable tables for the HTML report: the markup (numeric cells carry their raw value) and the small
// inline script that sorts on a header click.
import { escapeHtml } from './escape-html.ts';

export interface Column<Row> {
  header: string;
  /** Numeric columns sort by `value`, numerically, largest first on the first click. */
  value?: (row: Row) => number;
  /** The cell's HTML, already escaped. */
  cell: (row: Row) => string;
}

/**
 * A table whose headers sort it. `initial` names the column the rows are already sorted by (descending).
 * @example sortableTable('queries', columns, report.queries, 'Total')
 */
export function sortableTable<Row>(
  id: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  initial?: string,
): string {
  const head = columns
    .map(function headerCell(column) {
      const type = column.value ? 'number' : 'text';
      const sorted = column.header === initial ? ' aria-sort="descending"' : '';
      return `<th data-type="${type}"${sorted}><button type="button">${escapeHtml(column.header)}</button></th>`;
    })
    .join('');
  const body = rows
    .map(function bodyRow(row) {
      const cells = columns.map(function bodyCell(column) {
        const value = column.value ? ` data-value="${column.value(row)}"` : '';
        return `<td${value}>${column.cell(row)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table class="sortable" id="${escapeHtml(id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * Plain ES5-level script, inlined in the page: on a header click, sort the body rows by that column
 * (numbers by `data-value`, text by content), descending first for numbers, ascending first for text;
 * a second click on the same header reverses. Ties keep their previous order (the sort is stable).
 */
export const SORT_SCRIPT = `(function () {
  function key(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? -Infinity : '';
    return numeric ? Number(cell.getAttribute('data-value')) : cell.textContent.trim().toLowerCase();
  }
  function sortBy(table, th) {
    var index = th.cellIndex;
    var numeric = th.getAttribute('data-type') === 'number';
    var current = th.getAttribute('aria-sort');
    var dir = current ? (current === 'descending' ? 'ascending' : 'descending') : (numeric ? 'descending' : 'ascending');
    var sign = dir === 'ascending' ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, index, numeric), y = key(b, index, numeric);
      return x < y ? -sign : x > y ? sign : 0;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(th.parentNode.cells, function (other) { other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var button = th.querySelector('button');
      if (button) button.addEventListener('click', function () { sortBy(table, th); });
    });
  });
})();`;
