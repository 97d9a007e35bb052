/**
 * The canonical deal table (src/engine/canonical.ts, DESIGN.md "Past a sheet's size") as CSV text, and what BigQuery
 * and DuckDB need to read it with its types: the CSV that `sales-kpi canonical` writes and the SQL tests load.
 *
 * The CSV: a header row of the column names, then one line per deal, lines ending in "\n" (the last one too);
 * fields separated by commas, quoted as RFC 4180 says (in double quotes, a quote inside doubled) when they hold a
 * comma, a quote, a line break, or space at either end. NULL is an empty field, never quoted; text is never empty
 * (a blank cell is NULL), and an empty string would be written `""` so as not to read back as NULL. Numbers are
 * JavaScript's shortest round-trip text (`String(n)`: 1234.56, -300, 0.35, 1e+21), never a thousands separator;
 * booleans `true` / `false`; dates ISO (2024-03-15). `bq load --source_format=CSV --skip_leading_rows=1` and DuckDB's
 * `read_csv(…, header=true)` read it as it is.
 */
import type { CanonicalColumn, CanonicalValue } from '../engine/canonical';

/** A value as a CSV field; see the module comment. */
export function csvField(value: CanonicalValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return needsQuotes(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** True for text that must be quoted: empty, or holding a comma, a quote or a line break, or space at either end. */
function needsQuotes(text: string): boolean {
  return text === '' || /[",\r\n]/.test(text) || /^\s|\s$/.test(text);
}

/** The CSV in pieces of `rowsPerPiece` lines (the header is the first piece), so a million deals never make one string. */
export function* canonicalCsvPieces(
  columns: readonly CanonicalColumn[], rows: readonly (readonly CanonicalValue[])[], rowsPerPiece = 10_000,
): Generator<string> {
  yield `${columns.map((c) => csvField(c.name)).join(',')}\n`;
  for (let start = 0; start < rows.length; start += rowsPerPiece) {
    const lines: string[] = [];
    const end = Math.min(rows.length, start + rowsPerPiece);
    for (let i = start; i < end; i++) lines.push(rows[i].map(csvField).join(','));
    yield `${lines.join('\n')}\n`;
  }
}

/** The canonical table as one CSV text (header row first); see the module comment for the format. */
export function canonicalCsv(columns: readonly CanonicalColumn[], rows: readonly (readonly CanonicalValue[])[]): string {
  return [...canonicalCsvPieces(columns, rows)].join('');
}

/** The DuckDB type of each canonical (BigQuery) type. */
export const DUCKDB_TYPES: Readonly<Record<CanonicalColumn['type'], string>> = {
  INT64: 'BIGINT', FLOAT64: 'DOUBLE', STRING: 'VARCHAR', DATE: 'DATE', BOOL: 'BOOLEAN',
};

/**
 * The `columns` argument of DuckDB's read_csv for these columns, in their order: `{ row: 'BIGINT', id: 'VARCHAR', … }`.
 * Given it, DuckDB reads the CSV with the canonical types instead of guessing them (a column of NULLs would be
 * VARCHAR, an id such as 00123 a number).
 */
export function duckDbColumns(columns: readonly CanonicalColumn[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columns) out[c.name] = DUCKDB_TYPES[c.type];
  return out;
}

/**
 * The DuckDB expression that reads a canonical CSV with its types:
 * `read_csv('canonical.csv', header=true, columns={'row': 'BIGINT', …})`, for `CREATE TABLE deals AS SELECT * FROM …`.
 */
export function duckDbReadCsv(path: string, columns: readonly CanonicalColumn[]): string {
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const types = Object.entries(duckDbColumns(columns)).map(([name, type]) => `${quote(name)}: ${quote(type)}`);
  return `read_csv(${quote(path)}, header=true, columns={${types.join(', ')}})`;
}
