/**
 * The spreadsheet's tables as the engine takes them: a table reference read into a grid aligned on column A
 * (so the live formulas' column letters are the sheet's), and the sheets that look like deal, plan or spend
 * tables, found by their header rows.
 */
import { detectColumns } from '../engine/read';
import { normalizeHeader } from '../engine/fields';
import { PERIOD_HEADERS, SPEND_AMOUNT_HEADERS, TARGET_HEADERS } from '../engine/sideTables';
import type { TableRef } from './api';
import { isOwnSheet } from './sheetsWriter';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A table read from the spreadsheet. */
export interface SheetGrid {
  readonly sheet: GoogleAppsScript.Spreadsheet.Sheet;
  /** The range read, in A1 notation. */
  readonly a1: string;
  /** The cells, header row first, with blank cells on the left for the columns before the range's first. */
  readonly values: unknown[][];
  /** Sheet row number of the header row. */
  readonly headerRow: number;
  /** Columns left of the range: a mapping's index in the range plus this is its index in `values`. */
  readonly offset: number;
}

/** A user's error about a table: the message names the sheet and what to do. */
export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableError';
  }
}

/** Checks that the sidebar sent a deal table (a sheet at least) before anything is read. */
export function checkTableChosen(options: unknown): void {
  const table = (options as { table?: { sheet?: unknown } } | null)?.table;
  if (!options || typeof options !== 'object' || !table || typeof table.sheet !== 'string') throw new Error('Pick the deal table first.');
}

/** Reads a table reference with one getValues; throws a TableError for a missing sheet, a bad range or an empty table. */
export function readGrid(ss: Spreadsheet, ref: TableRef, what = 'deal table'): SheetGrid {
  const sheet = ss.getSheetByName(ref.sheet);
  if (!sheet) throw new TableError(`There is no sheet named "${ref.sheet}" for the ${what}: pick another sheet.`);
  let range: GoogleAppsScript.Spreadsheet.Range;
  if (ref.range) {
    try {
      range = sheet.getRange(ref.range);
    } catch {
      throw new TableError(`"${ref.range}" is not a range of the sheet "${ref.sheet}": give one such as A1:M500.`);
    }
  } else {
    range = sheet.getDataRange();
  }
  const raw = range.getValues();
  if (raw.length === 0 || raw.every((r) => r.every((c) => c === '' || c === null))) {
    throw new TableError(`The ${what} "${ref.sheet}${ref.range ? `!${ref.range}` : ''}" is empty: it needs a header row and rows of data.`);
  }
  const offset = range.getColumn() - 1;
  const pad = (row: unknown[]): unknown[] => (offset === 0 ? row : [...new Array<unknown>(offset).fill(''), ...row]);
  return { sheet, a1: range.getA1Notation(), values: raw.map(pad), headerRow: range.getRow(), offset };
}

/** True when a header row holds any of `names` (normalised as the engine compares headers). */
function hasHeader(header: readonly unknown[], names: readonly string[]): boolean {
  const wanted = new Set(names.map(normalizeHeader));
  return header.some((h) => typeof h === 'string' && wanted.has(normalizeHeader(h)));
}

/** What a header row looks like: a deal table (with the fields it maps), a plan, a spend table, or none. */
export function tableKind(header: readonly unknown[]): { kind: 'deals'; fields: string[] } | { kind: 'plan' | 'spend' } | null {
  const fields = Object.keys(detectColumns(header));
  const dealish = fields.filter((f) => ['closed', 'created', 'status', 'stage', 'amount'].includes(f));
  if (dealish.length >= 2) return { kind: 'deals', fields };
  if (hasHeader(header, PERIOD_HEADERS) && hasHeader(header, TARGET_HEADERS)) return { kind: 'plan' };
  if (hasHeader(header, PERIOD_HEADERS) && hasHeader(header, SPEND_AMOUNT_HEADERS)) return { kind: 'spend' };
  return null;
}

/** A1 of a sheet's used rectangle from A1. */
function usedA1(lastRow: number, lastCol: number): string {
  let letters = '';
  for (let c = lastCol; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `A1:${letters}${lastRow}`;
}

/** The sheets whose first row is a deal, plan or spend table's header (the add-on's own summaries left out). */
export function findTables(ss: Spreadsheet): {
  tables: { sheet: string; range: string; rows: number; fields: string[] }[];
  sideTables: { sheet: string; range: string; kind: 'plan' | 'spend' }[];
} {
  const tables: { sheet: string; range: string; rows: number; fields: string[] }[] = [];
  const sideTables: { sheet: string; range: string; kind: 'plan' | 'spend' }[] = [];
  for (const sheet of ss.getSheets()) {
    const lastRow = sheet.getLastRow();
    const lastCol = sheet.getLastColumn();
    if (lastRow < 1 || lastCol < 1 || isOwnSheet(sheet)) continue;
    const header = sheet.getRange(1, 1, 1, lastCol).getValues()[0];
    const kind = tableKind(header);
    const name = sheet.getName();
    if (kind?.kind === 'deals') tables.push({ sheet: name, range: usedA1(lastRow, lastCol), rows: lastRow - 1, fields: kind.fields });
    else if (kind) sideTables.push({ sheet: name, range: usedA1(lastRow, lastCol), kind: kind.kind });
  }
  for (const named of ss.getNamedRanges()) {
    const range = named.getRange();
    // A named range from a listed sheet's first cell (the template's `Deals` over A:M) is that sheet's table again.
    const top = `${range.getSheet().getName()}!${range.getRow()},${range.getColumn()}`;
    if (range.getRow() === 1 && range.getColumn() === 1 && [...tables, ...sideTables].some((t) => `${t.sheet}!1,1` === top)) continue;
    // The header row only: a named range may hold a million rows.
    const header = range.getSheet().getRange(range.getRow(), range.getColumn(), 1, range.getNumColumns()).getValues()[0] ?? [];
    const kind = tableKind(header);
    const ref = { sheet: range.getSheet().getName(), range: range.getA1Notation() };
    if (kind?.kind === 'deals') tables.push({ ...ref, rows: range.getNumRows() - 1, fields: kind.fields });
    else if (kind) sideTables.push({ ...ref, kind: kind.kind });
  }
  return { tables, sideTables };
}
