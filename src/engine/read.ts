/**
 * Reads a 2-D range (header row first) into a `DealTable`, calling the reader's parts in turn: the data rows
 * (rows.ts), the columns (columns.ts), the outcomes (outcome.ts), the typed columns (typedColumns.ts, closeDates.ts)
 * and the row checks (rowChecks.ts).
 */
import { findColumns, headerError, mapColumns, type ColumnMapping } from './columns';
import { readCloseDates, type CloseDateColumns } from './closeDates';
import { formatDay } from './days';
import { Kind, type DateField, type Field, type NumberField, type TextField } from './fields';
import { isFiscalYearStart } from './period';
import { isSalesLogOf, readOutcomes, settleOutcomes, type OutcomeColumns } from './outcome';
import { checkRows } from './rowChecks';
import { RowIssueList } from './rowIssues';
import { cellAt, dataEnd, dataRows } from './rows';
import type { ReadWords } from './settings';
import type { ColumnRef, DealTable, LabelColumn } from './table';
import { dayOfInstantIn } from './timezone';
import {
  dateReader, readDates, readLabels, readNumbers, readProbabilities, readQualified, readTypes, slashDateOrderOf, unknownValues,
  type ReportFailure,
} from './typedColumns';

export type { ColumnMapping } from './columns';

/** How to read a range. */
export interface ReadOptions {
  /** IANA time zone of the spreadsheet; dates are bucketed in it. Default UTC. */
  timeZone?: string;
  /** Sheet row number of the header row, for issue messages. Default 1. */
  headerRow?: number;
  /** Overrides header detection field by field. */
  mapping?: ColumnMapping;
  /** "Now" as an instant, for snapshots and future-date checks. Default Date.now(). */
  now?: number;
  /** A team's own status and type words (the document's settings), added to the spec's. */
  words?: ReadWords;
  /** The month the workbook's fiscal year starts with (the document's settings), for FY period text; default 1. */
  fiscalYearStart?: number;
}

/** Maps header cells to fields (§1 and the CRM exports' headers): leftmost wins, a generic `date` yields to a specific close date (§6). */
export function detectColumns(header: readonly unknown[]): Partial<Record<Field, ColumnRef>> {
  return findColumns(header).fields;
}

/** Normalises what Sheets passes for a range: a 2-D array, or a scalar for a single cell. */
export function asGrid(range: unknown): unknown[][] {
  if (Array.isArray(range)) return range.map((r) => (Array.isArray(r) ? r : [r]));
  return [[range]];
}

/**
 * `asGrid` without its copy when the range is already a 2-D array (what Sheets passes): the reader never changes
 * the grid, and copying a million rows' outer array is a pass of its own.
 */
function gridOf(range: unknown): readonly unknown[][] {
  if (!Array.isArray(range)) return asGrid(range);
  for (let r = 0; r < range.length; r++) if (!Array.isArray(range[r])) return asGrid(range);
  return range as unknown[][];
}

/** The label fields, in the order their columns are read. */
const LABEL_FIELDS: readonly TextField[] = ['id', 'stage', 'rep', 'customer', 'source'];

/**
 * Reads a deal table. Throws KpiError when the first row maps no column (it must be the header);
 * every unreadable cell becomes a RowIssue and reads as NaN / blank.
 */
export function readDeals(range: unknown, options: ReadOptions = {}): DealTable {
  const grid = gridOf(range);
  const headerRow = options.headerRow ?? 1;
  const dayOf = dayOfInstantIn(options.timeZone ?? 'UTC');
  const today = dayOf(options.now ?? Date.now());
  const formatDate = (ms: number): string => formatDay(dayOf(ms));
  const end = dataEnd(grid);
  const { fields: columns, sources, layout } = mapColumns(grid, end, options.mapping);
  // A CRM checkbox alone (a `won` cell in a first row of data) does not make a header.
  if (Object.keys(columns).length === 0) throw headerError(grid[0] ?? [], formatDate);

  const rows = dataRows(grid, end, headerRow);
  const n = rows.n;
  const issues = new RowIssueList(rows.rowNumbers, formatDate);
  /** Each failed read of a field's column is an issue of that field. */
  const failIn = (field: Field): ReportFailure => (i, cell, why) => issues.add(i, field, columns[field] as ColumnRef, cell, why);

  // The outcome first: which rows are closed deals decides which close dates are read and which are blanks.
  const outcomeColumns: OutcomeColumns = {
    status: columns.status, stage: columns.stage, wonFlag: sources.won_flag, closedFlag: sources.closed_flag,
    statusNamesStages: layout !== undefined && !layout.headers.status,
  };
  const isSalesLog = isSalesLogOf(outcomeColumns);
  const kind = isSalesLog
    ? new Uint8Array(n)
    : readOutcomes(n, outcomeColumns, (i, ref) => cellAt(rows, i, ref), (i, o) => issues.add(i, 'status', o.column, o.cell, o.why), options.words?.status);

  const closeDates: CloseDateColumns = {
    closed: columns.closed, wonTime: sources.won_time, lostTime: sources.lost_time, expectedClose: sources.expected_close,
  };
  const dateColumns = [columns.created, columns.qualified, columns.closed, sources.won_time, sources.lost_time, sources.expected_close];
  // The order of slash dates is found only if a date cell is text with a slash: a grid of Dates skips that pass.
  const dateCells = dateReader(dayOf, () => slashDateOrderOf(rows, dateColumns));
  const dates: Record<DateField, Float64Array> = { created: unknownValues(n), qualified: unknownValues(n), closed: unknownValues(n) };
  const qualifiedFlag = new Uint8Array(n);
  readDates(rows, columns.created, dateCells, dates.created, failIn('created'));
  const closedRef = readCloseDates(rows, closeDates, kind, isSalesLog, dateCells, dates.closed, (i, ref, cell, why) =>
    issues.add(i, 'closed', ref, cell, why));
  readQualified(rows, columns.qualified, dateCells, dates.qualified, qualifiedFlag, failIn('qualified'));

  const numbers: Record<NumberField, Float64Array> = { amount: unknownValues(n), cost: unknownValues(n), probability: unknownValues(n) };
  readNumbers(rows, columns.amount, numbers.amount, failIn('amount'));
  readNumbers(rows, columns.cost, numbers.cost, failIn('cost'));
  readProbabilities(rows, columns.probability, numbers.probability, failIn('probability'));
  const labels = {} as Record<TextField, LabelColumn>;
  for (const f of LABEL_FIELDS) labels[f] = readLabels(rows, columns[f], f === 'id', formatDate, failIn(f));
  const type = readTypes(rows, columns.type, sources.repeat_flag, failIn('type'), options.words?.type);

  settleOutcomes(kind, numbers.amount, isSalesLog);
  checkRows({ rows, columns, closeDates, isSalesLog, kind, dates, qualifiedFlag, numbers, today }, issues);
  const { minDay, maxDay } = dateSpan(dates, kind, today);
  return {
    n, rowNumbers: rows.rowNumbers, headerRow, columns: closedRef && !columns.closed ? { ...columns, closed: closedRef } : columns,
    closedComposed: closedRef !== undefined && !columns.closed,
    isSalesLog, kind, dates, qualifiedFlag, numbers, labels, type, issues: issues.sorted(), blankRows: rows.blankRows, today, minDay, maxDay,
    dayOf, layout, fiscalYearStart: isFiscalYearStart(options.fiscalYearStart) ? options.fiscalYearStart : 1,
  };
}

/**
 * Earliest and latest readable date up to today in any date column (NaN, NaN without one): the span
 * of time groups over the whole table. Taken after the future-date checks, so a rejected date does
 * not stretch it; an open deal's close date is only an expectation (a CRM's expected close date), so
 * it does not count.
 */
function dateSpan(dates: Readonly<Record<DateField, Float64Array>>, kind: Uint8Array, today: number): { minDay: number; maxDay: number } {
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const f of ['created', 'qualified', 'closed'] as const) {
    const col = dates[f];
    for (let i = 0; i < col.length; i++) {
      const d = col[i];
      if (d > today || (f === 'closed' && kind[i] === Kind.Open)) continue;
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
  }
  return minDay === Infinity ? { minDay: NaN, maxDay: NaN } : { minDay, maxDay };
}
