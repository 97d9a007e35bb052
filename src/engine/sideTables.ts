/**
 * Plan and spend side tables (§3, §6 Side tables): PLAN_ATTAINMENT's plan and CAC's marketing spend,
 * each a single number or a table with a header row, and the target or spend of a period pro rata by days.
 */
import { formulaError, isBlank, isDate, isSheetSerial, readNumber } from './coerce';
import { dayFromSerial, formatDay } from './days';
import { KpiError } from './errors';
import { HEADER_SYNONYMS, normalizeHeader, normalizeValue } from './fields';
import { bucketOf, parsePeriodText, type Bounded, type FiscalYearStart, type Period } from './period';
import { asGrid } from './read';
import { BLANK_GROUP, type Slicing } from './slicing';
import type { DayOfInstant } from './timezone';

/** Which side table: a plan of targets or a marketing spend. */
export type Side = 'plan' | 'spend';

/** A side table given as one number: it applies to the asked period as a whole. */
export interface SideNumber<S extends Side> {
  readonly side: S;
  readonly kind: 'number';
  readonly value: number;
}

/**
 * A side table given as rows: row `i` spreads `value[i]` evenly over the days `[start[i], end[i])`.
 * `keys` holds each row's rep (plan) or source (spend) as compared with the deal table
 * (`normalizeValue`, "" for a blank cell), or is null when the table has no such column.
 */
export interface SideRows<S extends Side> {
  readonly side: S;
  readonly kind: 'table';
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly value: Float64Array;
  readonly keys: readonly string[] | null;
}

/** PLAN_ATTAINMENT's plan: a number, or rows `period, [rep], target`. */
export type PlanTable = SideNumber<'plan'> | SideRows<'plan'>;
/** CAC's spend: a number, or rows `date or period, amount, [source]`. */
export type SpendTable = SideNumber<'spend'> | SideRows<'spend'>;

/** Header synonyms of a plan's or a spend table's period column (§6). */
export const PERIOD_HEADERS: readonly string[] = ['period', 'month', 'date', 'период', 'месяц', 'дата'];
/** Header synonyms of a plan's target column (§6). */
export const TARGET_HEADERS: readonly string[] = ['target', 'plan', 'quota', 'goal', 'план', 'цель'];
/** Header synonyms of a spend table's amount column (§6). */
export const SPEND_AMOUNT_HEADERS: readonly string[] = [
  'amount', 'spend', 'cost', 'sum', 'total', 'budget', 'сумма', 'расход', 'расходы', 'затраты', 'бюджет',
];

/** The columns of each side table: period, value and the optional label, with their header synonyms. */
const LAYOUT = {
  plan: { value: ['target', TARGET_HEADERS], label: ['rep', HEADER_SYNONYMS.rep], shape: 'period, [rep], target' },
  spend: { value: ['amount', SPEND_AMOUNT_HEADERS], label: ['source', HEADER_SYNONYMS.source], shape: 'date or period, amount, [source]' },
} as const;

/** Reads PLAN_ATTAINMENT's `plan` argument: a number, or a table `period, [rep], target` with a header row (FY periods of a year starting with month `fiscal`). */
export function readPlan(raw: unknown, dayOf: DayOfInstant, fiscal: FiscalYearStart = 1): PlanTable {
  return readSide('plan', raw, dayOf, fiscal);
}

/** Reads CAC's `spend` argument: a number, or a table `date or period, amount, [source]` with a header row (FY periods as in readPlan). */
export function readSpend(raw: unknown, dayOf: DayOfInstant, fiscal: FiscalYearStart = 1): SpendTable {
  return readSide('spend', raw, dayOf, fiscal);
}

/** The target of a period (the whole table for AllTime), for one rep or all; rows that overlap it partly count pro rata. */
export function targetFor(plan: PlanTable, period: Period, rep?: string): number {
  return sumFor(plan, period, rep);
}

/** The spend of a period (the whole table for AllTime), for one source or all; rows that overlap it partly count pro rata. */
export function spendFor(spend: SpendTable, period: Period, source?: string): number {
  return sumFor(spend, period, source);
}

/**
 * Throws when the slices of a call cannot be given a target or a spend each (§6): a single number
 * has no dates and no labels, a plan splits only by rep and time, a spend only by source and time.
 */
export function assertSplittable(t: PlanTable | SpendTable, s: Slicing): void {
  if (s.by === 'whole') return;
  const err = splitError(t, s.by === 'time' ? s.granularity : s.field, s.by === 'time');
  if (err) throw new KpiError(err);
}

/** Why `t` cannot be split by `by` (a granularity when `byTime`, else a column), or undefined when it can. */
function splitError(t: PlanTable | SpendTable, by: string, byTime: boolean): string | undefined {
  const { label, shape } = LAYOUT[t.side];
  const what = t.side;
  if (t.kind === 'number') {
    return byTime
      ? `a single ${what} number has no dates, so it cannot be split by ${by}: give a ${what} table (${shape}) with a header row`
      : `a single ${what} number cannot be split by ${by}: give a ${what} table (${shape}) with a header row`;
  }
  if (byTime) return undefined;
  if (by !== label[0]) return `a ${what} table can be split by ${label[0]} or by time, not by ${by}`;
  if (t.keys === null) {
    return `the ${what} table has no ${label[0]} column (looked for: ${label[1].join(', ')}), so it cannot be split by ${label[0]}`;
  }
  return undefined;
}

/** The rep or source a side table is matched on for slice `k`: undefined for all rows, "" for the (blank) group. */
export function sideKeyOfSlice(s: Slicing, k: number): string | undefined {
  if (s.by !== 'category') return undefined;
  const label = s.labels[k];
  // The (blank) group is always the last label; a real label that reads "(blank)" sorts elsewhere.
  return label === BLANK_GROUP && k === s.labels.length - 1 ? '' : normalizeValue(label);
}

function sumFor(t: PlanTable | SpendTable, period: Period, label: string | undefined): number {
  if (label !== undefined) {
    const err = splitError(t, LAYOUT[t.side].label[0], false);
    if (err) throw new KpiError(err);
  }
  if (t.kind === 'number') return t.value;
  const key = label === undefined ? undefined : normalizeValue(label);
  const { start, end, value, keys } = t;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    if (key !== undefined && (keys as readonly string[])[i] !== key) continue;
    if (period.kind === 'all') { sum += value[i]; continue; }
    const lo = Math.max(start[i], period.start);
    const hi = Math.min(end[i], period.end);
    if (hi <= lo) continue;
    // A row wholly inside adds its value exactly; only a partly overlapping row is prorated.
    sum += hi - lo === end[i] - start[i] ? value[i] : (value[i] * (hi - lo)) / (end[i] - start[i]);
  }
  return sum;
}

/** Where each column of a side table was found: 0-based index and header text. */
interface SideColumn {
  readonly index: number;
  readonly header: string;
}

function readSide<S extends Side>(side: S, raw: unknown, dayOf: DayOfInstant, fiscal: FiscalYearStart): SideNumber<S> | SideRows<S> {
  const { shape } = LAYOUT[side];
  if (raw === undefined || raw === null || isBlank(raw)) {
    throw new KpiError(`${side} is missing: give a number or a ${side} table (${shape}) with a header row`);
  }
  const g = asGrid(raw);
  if (g.length === 1 && g[0].length === 1) return readSideNumber(side, g[0][0], dayOf);
  return readSideRows(side, g, dayOf, fiscal);
}

function readSideNumber<S extends Side>(side: S, cell: unknown, dayOf: DayOfInstant): SideNumber<S> {
  const { shape } = LAYOUT[side];
  if (isBlank(cell)) throw new KpiError(`${side} is missing: give a number or a ${side} table (${shape}) with a header row`);
  const r = readNumber(cell);
  if (!r.ok) throw new KpiError(`${side} "${cellText(cell, dayOf)}" is not a number: give a number or a ${side} table (${shape}) with a header row`);
  if (side === 'plan' && r.value < 0) throw new KpiError(`plan ${r.value} is negative`);
  return { side, kind: 'number', value: r.value };
}

/** Finds the side table's columns in its header row: the leftmost cell that names each wins. */
function sideColumns(side: Side, header: readonly unknown[]): { period?: SideColumn; value?: SideColumn; label?: SideColumn } {
  const { value, label } = LAYOUT[side];
  const wanted: [keyof ReturnType<typeof sideColumns>, readonly string[]][] = [
    ['period', PERIOD_HEADERS], ['value', value[1]], ['label', label[1]],
  ];
  const found: { period?: SideColumn; value?: SideColumn; label?: SideColumn } = {};
  header.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const text = String(cell).trim();
    const key = normalizeHeader(text);
    for (const [col, synonyms] of wanted) {
      if (!found[col] && synonyms.some((s) => normalizeHeader(s) === key)) { found[col] = { index, header: text }; return; }
    }
  });
  return found;
}

function readSideRows<S extends Side>(side: S, g: unknown[][], dayOf: DayOfInstant, fiscal: FiscalYearStart): SideRows<S> {
  const { value: valueCol, shape } = LAYOUT[side];
  const cols = sideColumns(side, g[0]);
  if (!cols.period && !cols.value && !cols.label) {
    const cells = g[0].slice(0, 6).map((c) => `"${cellText(c, dayOf)}"`).join(', ');
    throw new KpiError(
      `the ${side} table's first row must be its header (${shape}): none of its cells (${cells}) names a column; ` +
        `looked for: ${PERIOD_HEADERS.join(', ')}; ${valueCol[1].join(', ')}`,
    );
  }
  if (!cols.period) throw new KpiError(`the ${side} table has no period column (looked for: ${PERIOD_HEADERS.join(', ')})`);
  if (!cols.value) throw new KpiError(`the ${side} table has no ${valueCol[0]} column (looked for: ${valueCol[1].join(', ')})`);
  const start: number[] = [];
  const end: number[] = [];
  const value: number[] = [];
  const keys: string[] = [];
  const where = (r: number, col: SideColumn): string => `${side} row ${r + 1}, column ${col.header}`;
  for (let r = 1; r < g.length; r++) {
    const row = g[r];
    const pCell = row[cols.period.index];
    const vCell = row[cols.value.index];
    // A row without a value sets no target (spends nothing): a plan may leave future months empty.
    if (isBlank(vCell)) continue;
    const v = readNumber(vCell);
    if (!v.ok) throw new KpiError(`${where(r, cols.value)}: "${cellText(vCell, dayOf)}" ${isReason(v.reason)}`);
    if (side === 'plan' && v.value < 0) throw new KpiError(`${where(r, cols.value)}: a target cannot be negative (${v.value})`);
    if (isBlank(pCell)) throw new KpiError(`${where(r, cols.period)}: no period for the ${valueCol[0]} ${v.value}`);
    const days = periodOfCell(side, pCell, dayOf, fiscal);
    if (typeof days === 'string') throw new KpiError(`${where(r, cols.period)}: "${cellText(pCell, dayOf)}" ${days}`);
    start.push(days.start);
    end.push(days.end);
    value.push(v.value);
    if (cols.label) keys.push(labelKey(row[cols.label.index], dayOf));
  }
  return {
    side, kind: 'table',
    start: Float64Array.from(start), end: Float64Array.from(end), value: Float64Array.from(value),
    keys: cols.label ? keys : null,
  };
}

/** A reader's reason ("not a number", "formula error #N/A") as a predicate: "is not a number", "is a formula error #N/A". */
function isReason(reason: string): string {
  return /^(formula|TRUE)/.test(reason) ? `is a ${reason}` : `is ${reason}`;
}

const NOT_A_PERIOD = 'is not a period (use 2024-03, 2024-Q1, 2024, 2024-W05, FY2024-Q1, a date or 2024-03-01..2024-03-10)';
/** Serial numbers Sheets uses for 1900-01-01 … 9999-12-31, as in coerce.ts. */

/**
 * The days a period cell covers, or why it is not a period. Text reads as the `period` argument does;
 * a date (a `Date` or a serial number) is its month in a plan and that day in a spend table (§6);
 * a whole number 1000–9999 is a year, as in the `period` argument.
 */
function periodOfCell(side: Side, cell: unknown, dayOf: DayOfInstant, fiscal: FiscalYearStart): Bounded | string {
  let day: number;
  if (isDate(cell)) {
    const ms = cell.getTime();
    if (Number.isNaN(ms)) return 'is an invalid date';
    day = dayOf(ms);
  } else if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 1000 && cell <= 9999) return parsePeriodText(String(cell)) as Bounded;
    if (!isSheetSerial(cell)) return NOT_A_PERIOD;
    day = dayFromSerial(cell);
  } else if (typeof cell === 'string') {
    const err = formulaError(cell);
    if (err) return `is a ${err}`;
    try {
      const p = parsePeriodText(cell, fiscal);
      if (p.kind === 'all') return NOT_A_PERIOD;
      // A date written as text means what the same Date would (§6): its month in a plan, that day in a spend table.
      return side === 'plan' && p.kind === 'day' ? bucketOf('month', p.start) : p;
    } catch {
      return NOT_A_PERIOD;
    }
  } else {
    return NOT_A_PERIOD;
  }
  return side === 'plan' ? bucketOf('month', day) : bucketOf('day', day);
}

/** How a rep or source cell is compared with the deal table's labels: text, case- and space-insensitive. */
function labelKey(cell: unknown, dayOf: DayOfInstant): string {
  return isBlank(cell) ? '' : normalizeValue(cellText(cell, dayOf));
}

/** A cell as the user sees it, for messages and labels: dates as YYYY-MM-DD. */
function cellText(cell: unknown, dayOf: DayOfInstant): string {
  if (isDate(cell)) {
    const ms = cell.getTime();
    return Number.isNaN(ms) ? 'Invalid Date' : formatDay(dayOf(ms));
  }
  return isBlank(cell) ? '' : String(cell).trim();
}
