/** The checks of a row once its cells are read: values a deal needs but lacks, dates after today, a won deal closed before it was created. */
import { closeDateColumn, closeDateSource, type CloseDateColumns } from './closeDates';
import { bad, isBlank } from './coerce';
import { formatDay } from './days';
import { Kind, type DateField, type Field, type NumberField } from './fields';
import { NO_PARAMS } from './issueReasons';
import type { RowIssueList } from './rowIssues';
import { cellAt, type DataRows } from './rows';
import type { ColumnRef } from './table';

/** What the checks look at: the data rows, the columns found, and the values read from them. */
export interface CheckedRows {
  readonly rows: DataRows;
  readonly columns: Readonly<Partial<Record<Field, ColumnRef>>>;
  /** The columns a close date can come from (`columns.closed` and the CRM ones). */
  readonly closeDates: CloseDateColumns;
  readonly isSalesLog: boolean;
  readonly kind: Uint8Array;
  /** Read dates; a date after today is set to NaN here (its issue says why). */
  readonly dates: Readonly<Record<DateField, Float64Array>>;
  /** Read qualification flags; a future qualification date clears its row's flag. */
  readonly qualifiedFlag: Uint8Array;
  readonly numbers: Readonly<Record<NumberField, Float64Array>>;
  /** Today's day number in the sheet's zone. */
  readonly today: number;
}

// Reasons that name no values, made once: a column of a million blank costs shares one.
const NO_CREATED = bad('missing_created', NO_PARAMS);
const NO_AMOUNT = bad('missing_amount', NO_PARAMS);
const NO_SALE_AMOUNT = bad('missing_sale_amount', NO_PARAMS);
const NO_COST = bad('missing_cost', NO_PARAMS);

/**
 * Lists in `issues` the values a deal needs but its row leaves blank, and the dates that cannot have happened
 * yet (blanked: a future date is a typo, §5), then the won deals closed before they were created (§6). A value
 * that was read (not NaN) cannot be blank, so a cell is looked at only where its value is missing.
 */
export function checkRows(t: CheckedRows, issues: RowIssueList): void {
  checkCloseDates(t, issues);
  checkCreated(t, issues);
  checkQualified(t, issues);
  checkAmounts(t, issues);
  checkCosts(t, issues);
  checkCycles(t, issues);
}

/** A won, lost or refunded deal without a close date; a close date after today. */
function checkCloseDates(t: CheckedRows, issues: RowIssueList): void {
  const { rows, kind, today } = t;
  const closed = t.dates.closed;
  if (!closeDateColumn(t.closeDates)) return;
  for (let i = 0; i < rows.n; i++) {
    const k = kind[i];
    if (k !== Kind.Won && k !== Kind.Lost && k !== Kind.Refund) continue;
    const c = closed[i];
    if (c !== c) {
      const ref = closeDateSource(rows, t.closeDates, i);
      if (isBlank(cellAt(rows, i, ref))) issues.flag(i, 'closed', ref, '', 'missing_close_date', { kind: kindWord(k) });
    } else if (c > today) {
      const ref = closeDateSource(rows, t.closeDates, i);
      issues.flag(i, 'closed', ref, cellAt(rows, i, ref), 'future_close_date', { date: formatDay(c) });
      closed[i] = NaN;
    }
  }
}

/** A deal with an outcome but no creation date (a refund needs none); a creation date after today. */
function checkCreated(t: CheckedRows, issues: RowIssueList): void {
  const { rows, kind, today } = t;
  const ref = t.columns.created;
  if (!ref) return;
  const created = t.dates.created;
  for (let i = 0; i < rows.n; i++) {
    const c = created[i];
    if (c !== c) {
      const k = kind[i];
      if (k !== Kind.Unknown && k !== Kind.Refund && isBlank(cellAt(rows, i, ref))) issues.add(i, 'created', ref, '', NO_CREATED);
    } else if (c > today) {
      issues.flag(i, 'created', ref, cellAt(rows, i, ref), 'future_creation_date', { date: formatDay(c) });
      created[i] = NaN;
    }
  }
}

/** A qualification date after today: a typo, not a yes, so the lead's flag is unknown too. */
function checkQualified(t: CheckedRows, issues: RowIssueList): void {
  const { rows, today, qualifiedFlag } = t;
  const ref = t.columns.qualified;
  if (!ref) return;
  const qualified = t.dates.qualified;
  for (let i = 0; i < rows.n; i++) {
    if (!(qualified[i] > today)) continue;
    issues.flag(i, 'qualified', ref, cellAt(rows, i, ref), 'future_qualification_date', { date: formatDay(qualified[i]) });
    qualified[i] = NaN;
    qualifiedFlag[i] = 0;
  }
}

/** A won deal without an amount; in a sales log, a row without one (it is then no sale). */
function checkAmounts(t: CheckedRows, issues: RowIssueList): void {
  const { rows, kind, isSalesLog } = t;
  const ref = t.columns.amount;
  if (!ref) return;
  const amount = t.numbers.amount;
  for (let i = 0; i < rows.n; i++) {
    const k = kind[i];
    if (amount[i] === amount[i] || !(k === Kind.Won || (isSalesLog && k === Kind.Unknown))) continue;
    if (isBlank(cellAt(rows, i, ref))) issues.add(i, 'amount', ref, '', isSalesLog ? NO_SALE_AMOUNT : NO_AMOUNT);
  }
}

/** A won deal or refund without a cost, where the table has a cost column. */
function checkCosts(t: CheckedRows, issues: RowIssueList): void {
  const { rows, kind } = t;
  const ref = t.columns.cost;
  if (!ref) return;
  const cost = t.numbers.cost;
  for (let i = 0; i < rows.n; i++) {
    const k = kind[i];
    if (cost[i] === cost[i] || (k !== Kind.Won && k !== Kind.Refund)) continue;
    if (isBlank(cellAt(rows, i, ref))) issues.add(i, 'cost', ref, '', NO_COST);
  }
}

/** §6: a won deal closed before it was created cannot have a sales cycle; SALES_CYCLE skips it, the user sees why. */
function checkCycles(t: CheckedRows, issues: RowIssueList): void {
  const { rows, kind } = t;
  const { closed, created } = t.dates;
  for (let i = 0; i < rows.n; i++) {
    if (kind[i] !== Kind.Won || !(closed[i] < created[i])) continue;
    const ref = closeDateSource(rows, t.closeDates, i);
    issues.flag(i, 'closed', ref, cellAt(rows, i, ref), 'closed_before_created', {
      closed: formatDay(closed[i]), created: formatDay(created[i]),
    });
  }
}

function kindWord(k: number): 'won' | 'lost' | 'refund' {
  return k === Kind.Lost ? 'lost' : k === Kind.Refund ? 'refund' : 'won';
}
