/** Each deal's close date from the close-date columns a table has: `closed`, won and lost times (Pipedrive), an expected close date (Bitrix24). */
import { isBlank, type Failed } from './coerce';
import { Kind } from './fields';
import { cellAt, type DataRows } from './rows';
import type { ColumnRef } from './table';
import { readCells, readDateColumn, type DateReader, type ReportFailure } from './typedColumns';

/** The columns a close date can come from. */
export interface CloseDateColumns {
  readonly closed?: ColumnRef;
  /** Pipedrive's close date, split by outcome. */
  readonly wonTime?: ColumnRef;
  readonly lostTime?: ColumnRef;
  /** Bitrix24's expected close date: a closed deal's close date where the export has no other close-date column. */
  readonly expectedClose?: ColumnRef;
}

/** Where a close date that cannot be read goes: the data row, the column it was read from, its cell and why. */
export type ReportCloseDate = (i: number, ref: ColumnRef, cell: unknown, why: Failed) => void;

/** The column that stands for `closed` in the table: the first of closed, won time, lost time, expected close date; undefined without one. */
export function closeDateColumn(cols: CloseDateColumns): ColumnRef | undefined {
  return cols.closed ?? cols.wonTime ?? cols.lostTime ?? cols.expectedClose;
}

/**
 * Reads each row's close date into `out` (§1): from the `closed` column, else (Pipedrive) the won or lost time,
 * each deal its own outcome's first, else (where the export has no other close date, Bitrix24) the expected
 * close date of a closed deal. An open deal's expected date is never a close date, and text such as
 * "не закрыта" in its close date is a blank, not an issue. Returns `closeDateColumn(cols)`.
 */
export function readCloseDates(
  rows: DataRows, cols: CloseDateColumns, kind: Uint8Array, isSalesLog: boolean, dates: DateReader, out: Float64Array,
  report: ReportCloseDate,
): ColumnRef | undefined {
  const { closed, wonTime: won, lostTime: lost, expectedClose: expected } = cols;
  const closedDeal = (i: number): boolean => kind[i] === Kind.Won || kind[i] === Kind.Lost || isSalesLog;
  const store = (i: number, d: number): void => { if (out[i] !== out[i]) out[i] = d; };
  const failIn = (ref: ColumnRef): ReportFailure => (i, cell, why) => {
    // An open deal's close date is only ever an expectation: text there is a blank, a formula error still an issue.
    if (kind[i] === Kind.Open && why.code !== 'formula_error') return;
    report(i, ref, cell, why);
  };
  // The `closed` column, the one nearly every table has, in the date loop of its own (Date cells inline); the CRMs'
  // split columns below keep the generic reader, with its row filter.
  if (closed) readDateColumn(rows, closed, dates, out, failIn(closed), true);
  const blank = (i: number): boolean => out[i] !== out[i] && (!closed || isBlank(cellAt(rows, i, closed)));
  // Each deal takes the time of its own outcome first, then the other one's.
  const isWon = (i: number): boolean => kind[i] === Kind.Won || isSalesLog;
  if (won) {
    readCells(rows, won, dates.read, store, failIn(won), dates.fast, true,
      (i) => blank(i) && closedDeal(i) && (isWon(i) || !lost || isBlank(cellAt(rows, i, lost))));
  }
  if (lost) readCells(rows, lost, dates.read, store, failIn(lost), dates.fast, true, (i) => blank(i) && closedDeal(i));
  if (expected && !closed && !won && !lost) readCells(rows, expected, dates.read, store, failIn(expected), dates.fast, true, closedDeal);
  return closeDateColumn(cols);
}

/** The column row `i`'s close date came from, or would have: the first close-date column with a value in the row, else `closeDateColumn`. */
export function closeDateSource(rows: DataRows, cols: CloseDateColumns, i: number): ColumnRef {
  const expectedUsed = !cols.closed && !cols.wonTime && !cols.lostTime;
  const candidates = [cols.closed, cols.wonTime, cols.lostTime, expectedUsed ? cols.expectedClose : undefined];
  for (const ref of candidates) if (ref && !isBlank(cellAt(rows, i, ref))) return ref;
  return closeDateColumn(cols) as ColumnRef;
}
