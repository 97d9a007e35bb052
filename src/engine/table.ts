/** The columnar deal table every KPI reads: typed arrays per field, labels dictionary-coded. */
import type { CrmLayout } from './crm';
import { DEAL_TYPES, type CategoryField, type DateField, type Field, type NumberField, type TextField } from './fields';
import type { IssueCoded } from './issueReasons';
import { lowerBound } from './search';

/**
 * A cell that could not be read, or a value a deal needs that is missing. Its `code` and `params`
 * (non-enumerable, see `withCode`) say why for code and for a summary in another language.
 */
export interface RowIssue extends IssueCoded {
  /** Row number in the sheet (the header is `headerRow`). */
  readonly row: number;
  /** The header text of the column, as the user wrote it. */
  readonly column: string;
  readonly field: Field;
  /** The cell as text ("" for a missing value). */
  readonly value: string;
  /** Why, in English: `ISSUE_REASONS[code].en(params)`. */
  readonly reason: string;
}

/** Where a field was found: 0-based column index in the range and its header text. */
export interface ColumnRef {
  readonly index: number;
  readonly header: string;
}

/** A dictionary-coded text column: `codes[row]` indexes `labels`, -1 for blank. */
export interface LabelColumn {
  readonly codes: Int32Array;
  readonly labels: readonly string[];
}

/**
 * A deal table after reading. Dates are local day numbers (days since 1970-01-01 in the sheet's
 * time zone), NaN when blank or unreadable; numbers are NaN when blank or unreadable. Unreadable
 * cells are in `issues`, so NaN never hides a misread value from the user.
 */
export interface DealTable {
  /** Number of data rows kept (blank rows dropped). */
  readonly n: number;
  /** Sheet row number of each kept row. */
  readonly rowNumbers: Int32Array;
  readonly headerRow: number;
  /** Fields found, with their columns. */
  readonly columns: Readonly<Partial<Record<Field, ColumnRef>>>;
  /**
   * True when the close dates were put together from several columns (Pipedrive's won and lost times, or an
   * expected close date): `columns.closed` then names the first of them, which does not hold every close date.
   */
  readonly closedComposed?: boolean;
  /**
   * True when nothing gives an outcome — no `status`, `stage` or Won / Closed checkbox column: every row
   * with an amount is a won sale (§1).
   */
  readonly isSalesLog: boolean;
  /** The CRM export the header row was recognised as (HubSpot, Salesforce …), if any. */
  readonly layout?: CrmLayout;
  /** Outcome per row (`Kind`): unknown, won, lost, open or refund. */
  readonly kind: Uint8Array;
  readonly dates: Readonly<Record<DateField, Float64Array>>;
  /** 1 where the lead was qualified (a date or TRUE in `qualified`). */
  readonly qualifiedFlag: Uint8Array;
  readonly numbers: Readonly<Record<NumberField, Float64Array>>;
  readonly labels: Readonly<Record<TextField, LabelColumn>>;
  /** Deal type per row: 0 blank or unreadable, else index into DEAL_TYPES + 1. */
  readonly type: Uint8Array;
  readonly issues: readonly RowIssue[];
  /** Blank rows skipped between data rows (not issues); those after the last data row, the rest of an `A1:M` range, are not counted. */
  readonly blankRows: number;
  /** Today's day number in the sheet's time zone: "now" for snapshots. */
  readonly today: number;
  /** Earliest and latest readable date up to today in any date column (the span of time groups), NaN for a table without dates. */
  readonly minDay: number;
  readonly maxDay: number;
  /** The local day number of an instant in the sheet's zone (for Date arguments such as a period). */
  readonly dayOf: (epochMs: number) => number;
  /** The month the workbook's fiscal year starts with (1: the calendar year), for FY period text. */
  readonly fiscalYearStart: number;
}

/** Codes per row and the labels of a category `group_by` field (type uses DEAL_TYPES). */
export function categoryColumn(table: DealTable, field: CategoryField): LabelColumn {
  if (field !== 'type') return table.labels[field];
  const codes = new Int32Array(table.n);
  for (let i = 0; i < table.n; i++) codes[i] = table.type[i] - 1;
  return { codes, labels: DEAL_TYPES };
}

/**
 * 1 for each row whose `field` cell held a value that could not be read (a row issue, not a blank),
 * so a KPI that uses the field skips the row instead of reading the NaN or 0 it was stored as (§5).
 */
export function unreadableRows(table: DealTable, field: Field): Uint8Array {
  const out = new Uint8Array(table.n);
  for (const issue of table.issues) {
    if (issue.field !== field || issue.value === '') continue;
    const i = rowIndex(table, issue.row);
    if (i >= 0) out[i] = 1;
  }
  return out;
}

/** Index of the kept row with sheet row number `row` (rowNumbers ascend), or -1. */
function rowIndex(table: DealTable, row: number): number {
  const rows = table.rowNumbers;
  const i = lowerBound(rows, row);
  return i < rows.length && rows[i] === row ? i : -1;
}
