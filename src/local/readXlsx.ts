/**
 * Reads a deal table from an XLSX workbook into the grid Sheets' getValues() would give for the same sheet:
 * numbers as numbers, dates as Date, text as strings, booleans as booleans, "" for blanks.
 *
 * A workbook is loaded whole with ExcelJS (objects for every cell: about 0.6 GB per 100 000 deal rows), except a big
 * file (streamsXlsx: over 5 MB), which readXlsxStream.ts reads row by row into the same grid.
 *
 * Dates: ExcelJS turns a date serial into the Date of that wall-clock time read as UTC (45366 → 2024-03-15T00:00Z),
 * so a workbook's dates carry no time zone. Read the grid with `readDeals(values, { timeZone: 'UTC' })`: any other
 * zone would move midnight dates to the previous day.
 */
import { readFile, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { isBlank } from '../engine/coerce';
import { detectColumns } from '../engine/read';
import { readXlsxTableStreaming, streamsXlsx } from './readXlsxStream';

/** Which sheet to read, and how. */
export interface ReadXlsxOptions {
  /** The sheet's name; otherwise the first sheet that looks like a deal table, else the first sheet. */
  readonly sheet?: string;
  /**
   * Read a file row by row (true) or load it whole (false); default by its size (streamsXlsx). Bytes are always
   * loaded whole.
   */
  readonly streaming?: boolean;
  /** Called while a file is streamed, every PROGRESS_ROWS rows of the deal sheet, with the rows read so far. */
  readonly onRows?: (rows: number) => void;
}

/** One sheet's table. */
export interface XlsxTable {
  readonly sheetName: string;
  /**
   * Header row first, rectangular; blank rows (and a title) above the header dropped, blank rows inside kept
   * as rows of "" (readDeals skips them), trailing blank rows and columns dropped.
   */
  readonly values: unknown[][];
  /** Sheet row number (1-based) of the header row: pass it to readDeals as `headerRow`. */
  readonly headerRow: number;
  /** Cells the reader could not give a value for, e.g. formulas without a saved result. */
  readonly warnings: string[];
}

/** The time zone to read an XLSX grid's dates in (see the module comment). */
export const XLSX_TIME_ZONE = 'UTC';

/** A header must name at least this many deal-table columns for its sheet to be picked without being named. */
const MIN_FIELDS = 2;
const MAX_WARNINGS = 20;
/** How many non-blank rows may stand above the header (titles, notes) before the first row is taken as it. */
const TITLE_ROWS = 10;

/** Reads a sheet of an XLSX file (path or bytes) as a deal-table grid; the file is only read, never written. */
export async function readXlsxTable(source: string | Uint8Array, options: ReadXlsxOptions = {}): Promise<XlsxTable> {
  if (typeof source === 'string' && (options.streaming ?? streamsXlsx((await stat(source)).size))) {
    return readXlsxTableStreaming(source, options);
  }
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  const label = typeof source === 'string' ? source : 'the workbook';
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new Error(`cannot read ${label} as an XLSX workbook: ${(error as Error).message}`);
  }
  const sheet = pickSheet(workbook, options.sheet, label);
  return sheetTable(sheet);
}

/** The named sheet (an error listing the sheets if missing), else the first visible deal-table-like sheet, else the first visible. */
function pickSheet(workbook: ExcelJS.Workbook, name: string | undefined, label: string): ExcelJS.Worksheet {
  const sheets = workbook.worksheets;
  if (sheets.length === 0) throw new Error(`${label} has no sheets`);
  if (name !== undefined) {
    const found = namedSheet(sheets.map((s) => s.name), name);
    if (found === undefined) throw noSheetError(label, name, sheets.map((s) => s.name));
    return sheets[found];
  }
  // A hidden sheet is read only when named: it is usually a lookup list, not the deals.
  const visible = sheets.filter((s) => s.state === undefined || s.state === 'visible');
  for (const sheet of visible) {
    const header = findHeader(sheet);
    if (header && header.fields >= MIN_FIELDS) return sheet;
  }
  return visible[0] ?? sheets[0];
}

/** The index of the sheet `name` names: the one of that name, else the first of that name in another case. */
export function namedSheet(names: readonly string[], name: string): number | undefined {
  const exact = names.indexOf(name);
  if (exact >= 0) return exact;
  const folded = names.findIndex((s) => s.toLowerCase() === name.toLowerCase());
  return folded >= 0 ? folded : undefined;
}

/** The error for a --sheet the workbook does not have, listing its sheets. */
export function noSheetError(label: string, name: string, names: readonly string[]): Error {
  return new Error(`${label} has no sheet "${name}"; its sheets are: ${names.map((s) => `"${s}"`).join(', ')}`);
}

/**
 * The header row: the first non-blank row, unless it names fewer than two deal-table columns and one of the
 * next few non-blank rows names two or more — a title or a note above the table, common in XLSX reports.
 */
function findHeader(sheet: ExcelJS.Worksheet): { row: number; fields: number } | undefined {
  const search = new HeaderSearch();
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount && !search.add(r, rowValues(sheet, r, width, [])); r++);
  return search.header;
}

/**
 * The search for the header row (see findHeader), fed a sheet's rows in order: both readers use it, the
 * streaming one as the rows arrive.
 */
export class HeaderSearch {
  private seen = 0;
  private first: { row: number; fields: number } | undefined;
  private found: { row: number; fields: number } | undefined;

  /** Looks at sheet row `r`; true once the header is decided and no further row can change it. */
  add(r: number, values: readonly unknown[]): boolean {
    if (this.found || this.seen >= TITLE_ROWS) return true;
    if (values.every(isBlank)) return false;
    this.seen++;
    const row = { row: r, fields: Object.keys(detectColumns(values)).length };
    if (row.fields >= MIN_FIELDS) {
      this.found = row;
      return true;
    }
    this.first = this.first ?? row;
    return this.seen >= TITLE_ROWS;
  }

  /** The header row so far: the first row naming two deal columns, else the first non-blank row; undefined for a blank sheet. */
  get header(): { row: number; fields: number } | undefined {
    return this.found ?? this.first;
  }

  /** True when a row names two deal-table columns: a sheet that may be picked without being named. */
  get looksLikeDeals(): boolean {
    return this.found !== undefined;
  }
}

/** The grid of a sheet from its header row to its last non-blank row, as wide as its widest non-blank cell. */
function sheetTable(sheet: ExcelJS.Worksheet): XlsxTable {
  const notes: string[] = [];
  const headerRow = findHeader(sheet)?.row ?? 1;
  const skipped = countNonBlank(sheet, headerRow);
  const rows: unknown[][] = [];
  // ExcelJS counts columns over every row on each call: ask once.
  const columns = sheet.columnCount;
  const rowCount = sheet.rowCount;
  let width = 0;
  let lastNonBlank = -1;
  for (let r = headerRow; r <= rowCount; r++) {
    const row = rowValues(sheet, r, columns, notes);
    let last = row.length - 1;
    while (last >= 0 && isBlank(row[last])) last--;
    rows.push(row);
    if (last >= 0) {
      lastNonBlank = rows.length - 1;
      if (last + 1 > width) width = last + 1;
    }
  }
  rows.length = lastNonBlank + 1;
  for (const row of rows) row.length = width;
  return { sheetName: sheet.name, values: rows, headerRow, warnings: tableWarnings(sheet.name, headerRow, skipped, notes) };
}

/** A table's warnings: the rows above its header, then the first MAX_WARNINGS cells it could not read. */
export function tableWarnings(sheetName: string, headerRow: number, skipped: number, notes: readonly string[]): string[] {
  const warnings = skipped > 0 ? [`${sheetName}: the header is row ${headerRow}; ${skipped} non-blank row(s) above it (a title?) were not read`] : [];
  warnings.push(...notes.slice(0, MAX_WARNINGS));
  if (notes.length > MAX_WARNINGS) warnings.push(`… and ${notes.length - MAX_WARNINGS} more cells like these`);
  return warnings;
}

/** The note for a formula cell saved without its result. */
export function noResultNote(sheetName: string, address: string, formula: string): string {
  return `${sheetName}!${address}: the formula =${formula} has no saved result (the file was saved without ` +
    'calculating it); read as blank. Open and save the file in Excel or LibreOffice to fill it.';
}

function countNonBlank(sheet: ExcelJS.Worksheet, before: number): number {
  let n = 0;
  const width = sheet.columnCount;
  for (let r = 1; r < before; r++) if (!rowValues(sheet, r, width, []).every(isBlank)) n++;
  return n;
}

/** Row `r`'s cells 1..width as getValues() gives them; problems are appended to `notes`. */
function rowValues(sheet: ExcelJS.Worksheet, r: number, width: number, notes: string[]): unknown[] {
  const out: unknown[] = new Array(width).fill('');
  const row = sheet.findRow(r);
  if (!row) return out;
  for (let c = 1; c <= width; c++) {
    const cell = row.findCell(c);
    if (cell) out[c - 1] = cellValue(cell, sheet.name, notes);
  }
  return out;
}

/** One cell as getValues() gives it: merged-away cells are "", formulas their saved result, rich text its text. */
export function cellValue(cell: ExcelJS.Cell, sheetName: string, notes: string[]): unknown {
  // ExcelJS answers a merged range's other cells with the first cell's value; Sheets gives "".
  if (cell.isMerged && cell.master.address !== cell.address) return '';
  if (cell.type === ExcelJS.ValueType.Formula) {
    const result = cell.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) {
      notes.push(noResultNote(sheetName, cell.address, cell.formula));
      return '';
    }
    return plain(result);
  }
  return plain(cell.value);
}

/** A value without its wrapping: rich text and hyperlinks as their text, errors as "#N/A"-style strings. */
function plain(value: ExcelJS.CellValue | undefined): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value;
  if ('error' in value) return value.error;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return plain(value.text as ExcelJS.CellValue);
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  return String(value);
}
