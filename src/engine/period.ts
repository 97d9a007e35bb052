/** Periods (§2): half-open day intervals in the sheet's time zone, their labels, previous periods and buckets. */
import { isBlank, isDate, isSheetSerial, parseDateText } from './coerce';
import {
  civilFromDay, dayFromCivil, dayFromSerial, formatDay, formatMonth, formatWeek, isoWeekOf, isoWeekStart, isoWeeksInYear,
} from './days';
import { KpiError } from './errors';
import type { DayOfInstant } from './timezone';

/** Time granularities of buckets and `group_by`. */
export const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
/** A time granularity. */
export type Granularity = (typeof GRANULARITIES)[number];

/** The whole table: no bounds, no previous period. */
export interface AllTime {
  readonly kind: 'all';
  readonly label: '';
}

/** A bounded period `[start, end)` of local day numbers. */
export interface Bounded {
  readonly kind: Granularity | 'range';
  readonly start: number;
  /** Exclusive end. */
  readonly end: number;
  /** The text that names it, in a form `parsePeriod` accepts (a range: "2024-03-01..2024-03-10"). */
  readonly label: string;
  /**
   * A fiscal quarter or year: the month (2..12) its fiscal year starts with, so that the period before and its
   * buckets are fiscal too. Absent for calendar periods, fiscal ones of a year starting in January included.
   */
  readonly fiscal?: FiscalYearStart;
}

/** A period as §2 defines it. */
export type Period = AllTime | Bounded;

/** The whole-table period. */
export const ALL_TIME: AllTime = { kind: 'all', label: '' };

/** How a period reads in a message: "2024-03", or "the table" for the whole table. */
export function describePeriod(p: Period): string {
  return p.kind === 'all' ? 'the table' : p.label;
}

/**
 * The half-open rule (§2): a day falls in a span when `start ≤ d < end`, so a period's last day is in it and
 * the next period's first day is not. False for NaN (a blank or unreadable date). Every containment test of
 * the engine is this one.
 */
export function inSpan(d: number, start: number, end: number): boolean {
  return d >= start && d < end;
}

/** True when day `d` (not NaN) falls in the period. */
export function contains(p: Period, d: number): boolean {
  return p.kind === 'all' ? d === d : inSpan(d, p.start, p.end);
}

/**
 * The month a fiscal year starts with: 1 (January, the default) makes fiscal quarters and years the calendar's.
 * A fiscal year is named after the calendar year it ends in (FY2025 from April 2024 to March 2025), as Microsoft,
 * Apple and the US government name theirs; its quarters count from its first month (FY2025-Q1: April–June 2024).
 */
export type FiscalYearStart = number;

/** True when `m` can be a fiscal year's first month: a whole number 1..12. */
export function isFiscalYearStart(m: unknown): m is FiscalYearStart {
  return Number.isInteger(m) && (m as number) >= 1 && (m as number) <= 12;
}

/** True when buckets of `g` have a fiscal form other than the calendar's: quarters and years of a year not starting in January. */
export function isFiscalBucket(g: Granularity, fiscal: FiscalYearStart): boolean {
  return fiscal !== 1 && (g === 'quarter' || g === 'year');
}

/**
 * The bucket of granularity `g` that contains day `d`; quarters and years are fiscal when the fiscal year
 * starts with month `fiscal` other than January.
 */
export function bucketOf(g: Granularity, d: number, fiscal: FiscalYearStart = 1): Bounded {
  const c = civilFromDay(d);
  if (isFiscalBucket(g, fiscal)) {
    // Named after the calendar year it ends in: from the fiscal month on, the fiscal year is the next one.
    const fy = c.month >= fiscal ? c.year + 1 : c.year;
    return g === 'year' ? fiscalYear(fy, fiscal) : fiscalQuarter(fy, Math.floor(((c.month - fiscal + 12) % 12) / 3) + 1, fiscal);
  }
  switch (g) {
    case 'day':
      return { kind: 'day', start: d, end: d + 1, label: formatDay(d) };
    case 'week': {
      const w = isoWeekOf(d);
      const start = isoWeekStart(w.year, w.week);
      return { kind: 'week', start, end: start + 7, label: formatWeek(w.year, w.week) };
    }
    case 'month':
      return monthPeriod(c.year, c.month);
    case 'quarter':
      return quarterPeriod(c.year, Math.floor((c.month - 1) / 3) + 1);
    case 'year':
      return { kind: 'year', start: dayFromCivil(c.year, 1, 1), end: dayFromCivil(c.year + 1, 1, 1), label: String(c.year) };
  }
}

function monthPeriod(year: number, month: number): Bounded {
  const start = dayFromCivil(year, month, 1);
  const end = month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1);
  return { kind: 'month', start, end, label: formatMonth(year, month) };
}

function quarterPeriod(year: number, q: number): Bounded {
  const start = dayFromCivil(year, (q - 1) * 3 + 1, 1);
  const end = q === 4 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, q * 3 + 1, 1);
  return { kind: 'quarter', start, end, label: `${year}-Q${q}` };
}

/** The first day of the month `months` months after January of `year` (any whole number of months). */
function monthStart(year: number, months: number): number {
  return dayFromCivil(year + Math.floor(months / 12), (((months % 12) + 12) % 12) + 1, 1);
}

/** Fiscal year `fy` (named after the calendar year it ends in) of a year starting with month `fiscal` (2..12). */
function fiscalYear(fy: number, fiscal: number): Bounded {
  return { kind: 'year', start: monthStart(fy - 1, fiscal - 1), end: monthStart(fy, fiscal - 1), label: `FY${fy}`, fiscal };
}

/** Quarter `q` of fiscal year `fy` of a year starting with month `fiscal` (2..12). */
function fiscalQuarter(fy: number, q: number, fiscal: number): Bounded {
  const first = fiscal - 1 + (q - 1) * 3;
  return { kind: 'quarter', start: monthStart(fy - 1, first), end: monthStart(fy - 1, first + 3), label: `FY${fy}-Q${q}`, fiscal };
}

function rangePeriod(start: number, endInclusive: number): Bounded {
  return { kind: 'range', start, end: endInclusive + 1, label: `${formatDay(start)}..${formatDay(endInclusive)}` };
}

/**
 * The period of the same kind immediately before (§2); null for the whole table. A bucket clipped by
 * an asked period (1–3 March, the tail of 2024-W09 in March's weeks) compares with the same stretch of
 * the bucket before (23–25 February), not with all of it: three days against seven is no growth figure.
 */
export function previousPeriod(p: Period): Bounded | null {
  if (p.kind === 'all') return null;
  if (p.kind === 'range') return rangePeriod(p.start - (p.end - p.start), p.start - 1);
  const full = bucketOf(p.kind, p.start, p.fiscal);
  const prev = bucketOf(p.kind, full.start - 1, p.fiscal);
  if (full.start === p.start && full.end === p.end) return prev;
  const end = Math.min(prev.end, prev.start + (p.end - full.start));
  const start = Math.min(prev.start + (p.start - full.start), end - 1);
  return { ...prev, start, end };
}

/**
 * The buckets of granularity `g` from the one holding `start` to the one holding `end - 1`, clipped to [start, end);
 * fiscal quarters and years when the fiscal year starts with month `fiscal` other than January.
 */
export function bucketsBetween(g: Granularity, start: number, end: number, fiscal: FiscalYearStart = 1): Bounded[] {
  const out: Bounded[] = [];
  for (let d = start; d < end; ) {
    const b = bucketOf(g, d, fiscal);
    out.push(b.start < start || b.end > end ? { ...b, start: Math.max(b.start, start), end: Math.min(b.end, end) } : b);
    d = b.end;
  }
  return out;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-?q([1-4])$/;
const MONTH = /^(\d{4})-(\d{1,2})$/;
const WEEK = /^(\d{4})-?w(\d{1,2})$/;
/** A fiscal year or quarter: FY2025, FY25, FY2025-Q1, FY25Q1. */
const FISCAL = /^fy(\d{4}|\d{2})(?:-?q([1-4]))?$/;

/**
 * Parses period text (case-insensitive): 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, 15.03.2024, a..b, and the
 * fiscal FY2025 and FY2025-Q1 of a fiscal year starting with month `fiscal` (January: the calendar's 2025, 2025-Q1).
 */
export function parsePeriodText(text: string, fiscal: FiscalYearStart = 1): Period {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === '') return ALL_TIME;
  let m = FISCAL.exec(t);
  if (m) {
    const fy = m[1].length === 2 ? 2000 + +m[1] : +m[1];
    if (fiscal === 1) return m[2] ? quarterPeriod(fy, +m[2]) : bucketOf('year', dayFromCivil(fy, 1, 1));
    return m[2] ? fiscalQuarter(fy, +m[2], fiscal) : fiscalYear(fy, fiscal);
  }
  m = YEAR.exec(t);
  if (m) return bucketOf('year', dayFromCivil(+m[1], 1, 1));
  m = QUARTER.exec(t);
  if (m) return quarterPeriod(+m[1], +m[2]);
  m = MONTH.exec(t);
  if (m) {
    if (+m[2] < 1 || +m[2] > 12) throw new KpiError(`period "${text}": there is no month ${+m[2]}`);
    return monthPeriod(+m[1], +m[2]);
  }
  m = WEEK.exec(t);
  if (m) {
    const year = +m[1];
    const week = +m[2];
    if (week < 1 || week > isoWeeksInYear(year)) {
      throw new KpiError(`period "${text}": ${year} has ISO weeks 1 to ${isoWeeksInYear(year)}`);
    }
    const start = isoWeekStart(year, week);
    return { kind: 'week', start, end: start + 7, label: formatWeek(year, week) };
  }
  const range = /^(.+)\.\.(.+)$/.exec(t);
  if (range) return rangeOf(parseDayText(range[1], text), parseDayText(range[2], text), text);
  return bucketOf('day', parseDayText(t, text));
}

function parseDayText(t: string, original: string): number {
  const d = parseDateText(t);
  if (Number.isNaN(d)) {
    throw new KpiError(
      `period "${original}" is not a period: use 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, FY2024, FY2024-Q1, a date, or a two-cell range of dates`,
    );
  }
  return d;
}

function rangeOf(a: number, b: number, original: string): Bounded {
  if (b < a) throw new KpiError(`period "${original}": the range ends before it starts`);
  return rangePeriod(a, b);
}

/** Reads one cell of a period argument as a day: a Date, a serial number or date text. */
function dayOfCell(cell: unknown, dayOf: DayOfInstant): number {
  if (isDate(cell)) return dayOf(cell.getTime());
  if (typeof cell === 'number') {
    if (!isSheetSerial(cell)) throw new KpiError(`period: ${cell} in a range is not a date; give two dates, a start and an end`);
    return dayFromSerial(cell);
  }
  return parseDayText(String(cell), String(cell));
}

/**
 * Reads a `period` argument as Sheets passes it: "" or omitted, text, the number 2024 (a year),
 * a Date (its calendar month), or a two-cell row or column of dates (end inclusive). FY text is read with
 * the fiscal year starting with month `fiscal`.
 */
export function parsePeriod(arg: unknown, dayOf: DayOfInstant, fiscal: FiscalYearStart = 1): Period {
  if (arg === undefined || arg === null || isBlank(arg)) return ALL_TIME;
  if (Array.isArray(arg)) {
    const cells = (arg as unknown[]).flat();
    if (cells.length === 1) return parsePeriod(cells[0], dayOf, fiscal);
    if (cells.length !== 2 || cells.some(isBlank)) {
      throw new KpiError('period: a range must be two cells, a start date and an end date');
    }
    const a = dayOfCell(cells[0], dayOf);
    const b = dayOfCell(cells[1], dayOf);
    return rangeOf(a, b, `${formatDay(a)} .. ${formatDay(b)}`);
  }
  if (isDate(arg)) return bucketOf('month', dayOf(arg.getTime()));
  if (typeof arg === 'number') {
    if (Number.isInteger(arg) && arg >= 1000 && arg <= 9999) return bucketOf('year', dayFromCivil(arg, 1, 1));
    throw new KpiError(`period ${arg}: a number is read as a year (such as 2024)`);
  }
  if (typeof arg === 'string') return parsePeriodText(arg, fiscal);
  throw new KpiError(`period: ${String(arg)} is not a period`);
}

/** True when `text` names a granularity. */
export function isGranularity(text: string): text is Granularity {
  return (GRANULARITIES as readonly string[]).includes(text);
}
