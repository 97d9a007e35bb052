/**
 * Helpers of the whole-job tests: the formula cells of a layout, what a real client calculated for them,
 * the data-quality rows of a written summary, and a file's fingerprint.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { BlockRef, FormatName, LayoutCell, SheetLayout } from '../../src/engine/summary/layout';
import { a1 } from '../../src/engine/summary/sheet';

/** A formula cell of a layout, with its place (0-based) and the engine's value. */
export interface FormulaCell {
  readonly row: number;
  readonly col: number;
  readonly f: string;
  /** The engine's value: a number, or "" where the engine has none. */
  readonly v: number | string;
  readonly fmt?: FormatName;
}

/** Relative tolerance for sums: the spreadsheet adds in its own order. */
export const RELATIVE = 1e-6;

/** Every formula cell of the layout, top to bottom, left to right. */
export function formulaCells(layout: SheetLayout): FormulaCell[] {
  const out: FormulaCell[] = [];
  layout.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell?.f === undefined) return;
      const v = cell.v === undefined || cell.v === null ? '' : cell.v;
      out.push({ row: r, col: c, f: cell.f, v: typeof v === 'boolean' ? String(v) : v, fmt: cell.fmt });
    }),
  );
  return out;
}

/** A workbook read from a file with ExcelJS. */
export async function loadWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The worksheet of that name, or an error listing the sheets there are. */
export function sheetNamed(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet "${name}"; the sheets are ${wb.worksheets.map((w) => `"${w.name}"`).join(', ')}`);
  return ws;
}

/**
 * What a saved formula cell holds as its result: a number, a text, "" for an empty text or no result,
 * "#NAME?"-style text for an error. A cell that is not a formula any more is reported as such.
 */
export function savedResult(cell: ExcelJS.Cell): number | string {
  if (cell.type !== ExcelJS.ValueType.Formula) return `(not a formula: ${JSON.stringify(cell.value)})`;
  const r = cell.result as ExcelJS.CellValue | undefined;
  if (r === undefined || r === null) return '';
  if (typeof r === 'number' || typeof r === 'string') return r;
  if (typeof r === 'boolean') return String(r);
  if (r instanceof Date) return `(a date: ${r.toISOString()})`;
  if (typeof r === 'object' && 'error' in r) return String(r.error);
  return JSON.stringify(r);
}

/** True when a client's result equals the engine's value: counts exactly, other numbers to RELATIVE, texts exactly. */
export function sameResult(actual: number | string, expected: number | string, fmt?: FormatName): boolean {
  if (typeof expected === 'string' || typeof actual === 'string') return actual === expected;
  if (fmt === 'integer') return actual === expected;
  return Math.abs(actual - expected) <= RELATIVE * Math.max(1, Math.abs(expected));
}

/** Each formula cell whose saved result differs from the engine's value, as "B7 =SUMIFS(…): client 12, engine 13". */
export function mismatches(cells: readonly FormulaCell[], ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  for (const cell of cells) {
    const got = savedResult(ws.getCell(cell.row + 1, cell.col + 1));
    if (!sameResult(got, cell.v, cell.fmt)) {
      out.push(`${a1(cell.row, cell.col)} ${shorten(cell.f)}: client ${JSON.stringify(got)}, engine ${JSON.stringify(cell.v)}`);
    }
  }
  return out;
}

function shorten(f: string): string {
  return f.length > 120 ? `${f.slice(0, 117)}…` : f;
}

/**
 * The layout with every formula's expected value made wrong (a number doubled plus 7, an empty result
 * 999), for writing as cached results that a recalculating client must replace.
 */
export function withWrongValues(layout: SheetLayout): SheetLayout {
  const rows = layout.rows.map((row) =>
    row.map((cell): LayoutCell => {
      if (cell?.f === undefined) return cell;
      return { ...cell, v: typeof cell.v === 'number' ? cell.v * 2 + 7 : 999 };
    }),
  );
  return { ...layout, rows };
}

/** SHA-256 of a file's bytes, hex. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The block with that id, or an error naming the blocks there are. */
export function blockOf(layout: SheetLayout, id: BlockRef['id']): BlockRef {
  const block = layout.blocks.find((b) => b.id === id);
  if (!block) throw new Error(`the layout has no ${id} block; it has ${layout.blocks.map((b) => b.id).join(', ')}`);
  return block;
}

/** One listed issue as the written sheet shows it. */
export interface ListedIssue {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

/** A sheet cell's value as plain text or number ("" for blank). */
function plain(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return v;
}

/**
 * The issues listed in the written data-quality block: the rows under the header row whose cells read
 * `header` (Row, Column, Value, Reason in the summary's language), up to the first row that is not an issue.
 */
export function listedIssues(ws: ExcelJS.Worksheet, block: BlockRef, header: readonly string[]): ListedIssue[] {
  let r = block.firstRow + 1;
  const rowText = (row: number): unknown[] => header.map((_, c) => plain(ws.getCell(row, c + 1)));
  while (r <= block.lastRow + 1 && rowText(r).join('\u0001') !== header.join('\u0001')) r++;
  if (r > block.lastRow + 1) throw new Error(`no issue header ${header.join(' | ')} in rows ${block.firstRow + 1}–${block.lastRow + 1}`);
  const out: ListedIssue[] = [];
  for (r++; r <= block.lastRow + 1; r++) {
    const [row, column, value, reason] = rowText(r);
    if (typeof row !== 'number') break;
    out.push({ row, column: String(column), value: String(value), reason: String(reason) });
  }
  return out;
}
