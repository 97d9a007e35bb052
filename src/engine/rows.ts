/** Which rows of a range are deals: the used rows after the header and before a report's footer, blank rows skipped. */
import { isBlank } from './coerce';
import { reportFooterStart } from './crm';
import type { ColumnRef } from './table';

/** A range as rows of cells, the header row first. */
export type Grid = readonly (readonly unknown[])[];

/** The data rows of a range: row `i` of the deal table is grid row `keep[i]`. */
export interface DataRows {
  readonly grid: Grid;
  /** Number of data rows kept. */
  readonly n: number;
  /** Grid index of each kept row. */
  readonly keep: readonly number[];
  /** Sheet row number of each kept row. */
  readonly rowNumbers: Int32Array;
  /** Blank rows skipped between the header and the end of the data. */
  readonly blankRows: number;
}

/** The rows up to the last non-blank one: a whole-column range `A1:M` is mostly trailing blank rows. */
export function usedRowCount(grid: Grid): number {
  let end = grid.length;
  while (end > 1 && grid[end - 1].every(isBlank)) end--;
  return end;
}

/** Where the deals end: after the last non-blank row, and before a report export's footer (see `reportFooterStart`). */
export function dataEnd(grid: Grid): number {
  return reportFooterStart(grid, usedRowCount(grid));
}

/** The non-blank rows between the header and `end`, numbered in the sheet from the header's row `headerRow`. */
export function dataRows(grid: Grid, end: number, headerRow = 1): DataRows {
  // Sized once and trimmed after: pushing a million indexes grows (and copies) the array a few dozen times,
  // which costs three times the loop itself.
  const keep: number[] = new Array(Math.max(0, end - 1));
  let n = 0;
  for (let r = 1; r < end; r++) {
    const row = grid[r];
    for (let c = 0; c < row.length; c++) {
      if (!isBlank(row[c])) {
        keep[n++] = r;
        break;
      }
    }
  }
  keep.length = n;
  const blankRows = Math.max(0, end - 1) - n;
  const rowNumbers = new Int32Array(n);
  for (let i = 0; i < n; i++) rowNumbers[i] = headerRow + keep[i];
  return { grid, n, keep, rowNumbers, blankRows };
}

/** Data row `i`'s cell in a column. */
export function cellAt(rows: DataRows, i: number, ref: ColumnRef): unknown {
  return rows.grid[rows.keep[i]][ref.index];
}
