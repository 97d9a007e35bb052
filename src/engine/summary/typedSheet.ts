/** The typed copy of the deal sheet that live formulas read, so that their results match the engine's. */
import { isBlank, isDate, isSheetSerial } from '../coerce';
import { dayFromSerial, formatDay } from '../days';
import type { DateField, NumberField } from '../fields';
import type { ColumnRef, DealTable } from '../table';

const DATE_FIELDS: readonly DateField[] = ['created', 'qualified', 'closed'];
const NUMBER_FIELDS: readonly NumberField[] = ['amount', 'cost', 'probability'];

/** A date cell as a `Date` at UTC midnight of its local day: what an XLSX writer stores as that day's serial. */
export function dateOfDay(day: number): Date {
  return new Date(day * 86400000);
}

/**
 * The deal sheet with the engine's values in every mapped date and number column: numbers as numbers
 * (probabilities as fractions), dates as `Date`s at UTC midnight of their day, and every cell the engine
 * could not read (or rejected, such as a close date in the future) as its original text, so SUMIFS and
 * COUNTIFS skip it as the engine does. The header row, blank rows and every other column are kept as
 * they are; `values` is the range the table was read from, header row first. `values` is not modified:
 * a row that needs a change is copied, a row that needs none is shared (a million-row sheet read from
 * XLSX is mostly typed already).
 */
export function typedDealsSheet(table: DealTable, values: readonly (readonly unknown[])[]): unknown[][] {
  const out = values.slice() as unknown[][];
  const copied = new Uint8Array(values.length);
  const set = (r: number, c: number, v: unknown): void => {
    if (!copied[r]) { out[r] = values[r].slice(); copied[r] = 1; }
    out[r][c] = v;
  };
  const unreadable = unreadableCells(table);
  const own = copyColumns(table, values);
  if (own.closed) {
    // Close dates put together from won and lost times go in a column of their own: writing a lost deal's
    // date into the won-time column would show it as won.
    set(0, own.closed.index, own.closed.header);
    for (let i = 0; i < table.n; i++) {
      const r = table.rowNumbers[i] - table.headerRow;
      if (values[r]) set(r, own.closed.index, '');
    }
  }
  for (const f of DATE_FIELDS) {
    const col = own[f] ?? table.columns[f];
    if (!col) continue;
    const days = table.dates[f];
    for (let i = 0; i < table.n; i++) {
      const r = table.rowNumbers[i] - table.headerRow;
      if (!values[r]) continue;
      const cell = values[r][col.index];
      const d = days[i];
      if (d === d) {
        if (!(isDate(cell) && cell.getTime() === d * 86400000)) set(r, col.index, dateOfDay(d));
      } else if (!isBlank(cell) && (f !== 'qualified' || unreadable.has(`${table.rowNumbers[i]}:${f}`))) {
        // A qualified TRUE/FALSE is readable without being a date: only an unreadable one becomes text.
        if (typeof cell !== 'string') set(r, col.index, cellText(table, cell, true));
      }
    }
  }
  for (const f of NUMBER_FIELDS) {
    const col = table.columns[f];
    if (!col) continue;
    const nums = table.numbers[f];
    for (let i = 0; i < table.n; i++) {
      const r = table.rowNumbers[i] - table.headerRow;
      if (!values[r]) continue;
      const cell = values[r][col.index];
      const v = nums[i];
      if (v === v) {
        if (cell !== v) set(r, col.index, v);
      } else if (!isBlank(cell) && typeof cell !== 'string') {
        set(r, col.index, cellText(table, cell, false));
      }
    }
  }
  return out;
}

/** The header of the typed copy's column of composed close dates. */
export const COMPOSED_CLOSE_HEADER = 'Close date';

/**
 * Where the typed copy holds a field outside the table's own column: composed close dates (DealTable's
 * `closedComposed`) in a new column after the last one. Live formulas read them there (DealsSheetRef.columns).
 */
export function copyColumns(table: DealTable, values: readonly (readonly unknown[])[]): Partial<Record<DateField, ColumnRef>> {
  if (!table.closedComposed) return {};
  let width = 0;
  for (const row of values) if (row.length > width) width = row.length;
  return { closed: { index: width, header: COMPOSED_CLOSE_HEADER } };
}

/** "row:field" of every cell the reader could not read (a value, not a missing one). */
function unreadableCells(table: DealTable): Set<string> {
  const out = new Set<string>();
  for (const issue of table.issues) if (issue.value !== '') out.add(`${issue.row}:${issue.field}`);
  return out;
}

/** A cell as text: a `Date` (or a serial number in a date column) as YYYY-MM-DD of its day, anything else as written. */
function cellText(table: DealTable, cell: unknown, dateColumn: boolean): string {
  if (isDate(cell)) {
    const ms = cell.getTime();
    return Number.isNaN(ms) ? 'Invalid Date' : formatDay(table.dayOf(ms));
  }
  if (dateColumn && typeof cell === 'number' && isSheetSerial(cell)) return formatDay(dayFromSerial(cell));
  return String(cell);
}
