/** Reading one cell as Sheets passes it (number, Date, string, boolean, "") into a typed value. */
import { dayFromCivil, dayFromSerial, formatDay, isValidCivil } from './days';
import { issueReason, NO_PARAMS, withCode, type IssueCode, type IssueCoded, type IssueParamsByCode } from './issueReasons';
import type { DayOfInstant } from './timezone';

/** Either a value or why the cell could not be read: `reason` in English, `code` and `params` (non-enumerable) for any language. */
export type Read<T> = { ok: true; value: T } | Failed;
/** A failed read. */
export type Failed = { ok: false; reason: string } & IssueCoded;

const ok = <T>(value: T): Read<T> => ({ ok: true, value });

/** A failed read for the reason `code`. */
export function bad<C extends IssueCode>(code: C, params: IssueParamsByCode[C]): Failed {
  return withCode({ ok: false as const, reason: issueReason(code, params) }, code, params);
}

/** Formula errors as Sheets hands them to a script in a string. */
const FORMULA_ERROR = /^#(N\/A|REF!|DIV\/0!|VALUE!|NAME\?|NUM!|NULL!|ERROR!|SPILL!|CALC!)$/i;

/** True for a Date from any realm: a Sheets cell, or a Date made in another context (tests, other runtimes). */
export function isDate(x: unknown): x is Date {
  return x instanceof Date || (typeof x === 'object' && x !== null && Object.prototype.toString.call(x) === '[object Date]');
}

/** True for a cell Sheets shows as empty: "", null, undefined or white space. */
export function isBlank(cell: unknown): boolean {
  if (cell === '' || cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  // Most text starts with a visible character; only then is trimming (an allocation per cell) skipped.
  const c = cell.charCodeAt(0);
  return (c <= 32 || c === 0xa0 || c >= 0x1680) && cell.trim() === '';
}

/** The formula error a string is (`#N/A` …, upper-cased), or undefined. */
export function formulaErrorName(text: string): string | undefined {
  if (text.indexOf('#') < 0) return undefined;
  const t = text.trim();
  return FORMULA_ERROR.test(t) ? t.toUpperCase() : undefined;
}

/** The reason a string is a formula error ("formula error #N/A"), or undefined. */
export function formulaError(text: string): string | undefined {
  const error = formulaErrorName(text);
  return error === undefined ? undefined : issueReason('formula_error', { error });
}

/** The failed read of a formula error, or undefined. */
export function formulaErrorRead(text: string): Failed | undefined {
  const error = formulaErrorName(text);
  return error === undefined ? undefined : bad('formula_error', { error });
}

const CURRENCY = /(руб\.?|р\.?|rub|usd|eur|₽|\$|€|£|¥)/gi;
const SPACES = /[\s\u00a0\u202f\u2009']/g;

/**
 * Parses number text by the rules of §6 Numbers: spaces group thousands; with both `,` and `.`
 * the later is the decimal mark; a lone `,` before exactly three digits groups thousands unless
 * the integer part is 0; `12%` is 0.12; currency signs are stripped. NaN when it is not a number.
 */
export function parseNumberText(text: string): number {
  let s = text.replace(CURRENCY, '').replace(SPACES, '');
  if (s === '') return NaN;
  let sign = 1;
  if (/^\(.*\)$/.test(s)) { sign = -1; s = s.slice(1, -1); } // accounting negative: (1 234)
  s = s.replace(/^[\u2212\u2013]/, '-');
  if (s.startsWith('-')) { sign = -sign; s = s.slice(1); } else if (s.startsWith('+')) s = s.slice(1);
  // Divide rather than multiply by 0.01: 57 * 0.01 is 0.5700000000000001, 57 / 100 is 0.57.
  let divisor = 1;
  if (s.endsWith('%')) { divisor = 100; s = s.slice(0, -1); }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return NaN;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let normalized: string;
  if (lastComma >= 0 && lastDot >= 0) {
    const dec = lastComma > lastDot ? ',' : '.';
    const group = dec === ',' ? '.' : ',';
    const [int, frac, ...rest] = s.split(dec);
    if (rest.length > 0 || frac.includes(group) || !groupedOk(int, group)) return NaN;
    normalized = int.split(group).join('') + '.' + frac;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const parts = s.split(mark);
    if (parts.length > 2) {
      if (!groupedOk(s, mark)) return NaN;
      normalized = parts.join('');
    } else if (mark === ',' && /^\d{3}$/.test(parts[1]) && !/^0*$/.test(parts[0]) && parts[0] !== '') {
      normalized = parts.join('');
    } else {
      normalized = (parts[0] === '' ? '0' : parts[0]) + '.' + parts[1];
    }
  } else {
    normalized = s;
  }
  if (!/^\d+(\.\d*)?$/.test(normalized)) return NaN;
  return (sign * Number(normalized)) / divisor;
}

/** True when `text` is digits grouped by `mark` in threes after the first group (1,234,567). */
function groupedOk(text: string, mark: string): boolean {
  const groups = text.split(mark);
  if (groups.length === 1) return /^\d+$/.test(text);
  return /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

/** Reads a money or plain number cell. */
export function readNumber(cell: unknown): Read<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : bad('not_finite_number', NO_PARAMS);
  if (typeof cell === 'string') {
    const err = formulaErrorRead(cell);
    if (err) return err;
    const n = parseNumberText(cell);
    return Number.isNaN(n) ? bad('not_number', NO_PARAMS) : ok(n);
  }
  if (isDate(cell)) return bad('date_not_number', NO_PARAMS);
  if (typeof cell === 'boolean') return bad('boolean_not_number', NO_PARAMS);
  return bad('not_number', NO_PARAMS);
}

/** Reads a probability: 0–1, or a percentage (above 1, or written with %) that is divided by 100. */
export function readProbability(cell: unknown): Read<number> {
  const r = readNumber(cell);
  if (!r.ok) return r;
  const p = r.value > 1 ? r.value / 100 : r.value;
  if (p < 0 || p > 1) return bad('bad_probability', NO_PARAMS);
  return ok(p);
}

/** A time of day after a date, as CRMs export it: ` 14:05`, `T14:05:33.120`, `, 2:05 PM`. */
const TIME = String.raw`(?:,?\s*[T ]\s*\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?\s*(?:[ap]\.?\s?m\.?)?)?`;
/** A UTC offset or Z after an ISO date-time: the text is then an instant, not a wall-clock time. */
const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)?`;
const ISO_DATE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(${TIME})${ZONE}$`, 'i');
const NUMERIC_DATE = new RegExp(String.raw`^(\d{1,2})([./])(\d{1,2})\2(\d{2}|\d{4})${TIME}$`, 'i');
const MONTH_DAY_YEAR = new RegExp(String.raw`^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})${TIME}$`, 'iu');
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})[\s-]+(\p{L}+)\.?[\s-]+(\d{4})(?:\s*г\.?)?${TIME}$`, 'iu');

/** Month names and abbreviations, English and Russian (nominative and genitive), to month numbers. */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const names = [
    ['january', 'jan', 'январь', 'января', 'янв'], ['february', 'feb', 'февраль', 'февраля', 'фев'],
    ['march', 'mar', 'март', 'марта', 'мар'], ['april', 'apr', 'апрель', 'апреля', 'апр'],
    ['may', 'май', 'мая'], ['june', 'jun', 'июнь', 'июня', 'июн'], ['july', 'jul', 'июль', 'июля', 'июл'],
    ['august', 'aug', 'август', 'августа', 'авг'], ['september', 'sep', 'sept', 'сентябрь', 'сентября', 'сен', 'сент'],
    ['october', 'oct', 'октябрь', 'октября', 'окт'], ['november', 'nov', 'ноябрь', 'ноября', 'ноя'],
    ['december', 'dec', 'декабрь', 'декабря', 'дек'],
  ];
  names.forEach((words, i) => words.forEach((w) => m.set(w, i + 1)));
  return m;
})();

/**
 * How a table writes numeric dates with the day and month both in 1..12: day first (`05/03/2024` is
 * 5 March, §1) unless the table shows month first (a `3/15/2024` somewhere: US exports of Salesforce, Zoho).
 */
export type DateOrder = 'dmy' | 'mdy';

/**
 * Day number of date text, NaN otherwise: `2024-03-15`, `15.03.2024`, `15/03/2024` (day first, or month
 * first with `order` 'mdy'), `Mar 15, 2024`, `15 марта 2024`, each with an optional time of day, which a
 * CRM's export writes in the user's own zone, so the day is the one written. An ISO date-time with a
 * UTC offset or Z is an instant: with `dayOf` it is the day it falls on in the sheet's zone.
 */
export function parseDateText(text: string, order: DateOrder = 'dmy', dayOf?: DayOfInstant): number {
  const t = text.trim();
  let m = ISO_DATE.exec(t);
  if (m) {
    const day = civilOrNaN(+m[1], +m[3], +m[4]);
    if (m[6] && m[5] && dayOf && day === day) {
      const ms = Date.parse(`${m[1]}-${m[3].padStart(2, '0')}-${m[4].padStart(2, '0')}T${timeOf(m[5])}${m[6] === 'z' ? 'Z' : m[6]}`);
      if (ms === ms) return dayOf(ms);
    }
    return day;
  }
  m = NUMERIC_DATE.exec(t);
  if (m) {
    const y = m[4].length === 2 ? 2000 + +m[4] : +m[4];
    // Dots are always day first (15.03.2024); only slashes follow the table's order.
    return m[2] === '/' && order === 'mdy' ? civilOrNaN(y, +m[1], +m[3]) : civilOrNaN(y, +m[3], +m[1]);
  }
  m = MONTH_DAY_YEAR.exec(t);
  if (m) return civilOrNaN(+m[3], MONTHS.get(m[1].toLowerCase()) ?? NaN, +m[2]);
  m = DAY_MONTH_YEAR.exec(t);
  if (m) return civilOrNaN(+m[3], MONTHS.get(m[2].toLowerCase()) ?? NaN, +m[1]);
  return NaN;
}

/** `HH:MM:SS` of an ISO time part (` 14:05`, `T14:05:33.5`), for Date.parse. */
function timeOf(part: string): string {
  const [h, mi = '00', s = '00'] = part.replace(/^[,\sT]+/i, '').split(/[:.,]/);
  return `${h.padStart(2, '0')}:${mi}:${s}`;
}

/**
 * The order of a table's numeric slash dates (`3/15/2024`): month first when some date reads only
 * month first (its middle number is over 12) and none only day first; else day first, as §1 says.
 */
export function slashDateOrder(texts: Iterable<string>): DateOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const text of texts) {
    const hint = slashDateHint(text);
    if (hint === 'dmy') dayFirst = true;
    else if (hint === 'mdy') monthFirst = true;
  }
  return orderOfSlashDates(dayFirst, monthFirst);
}

/** What one text says of its table's slash dates: 'dmy' when it reads only day first (`15/03/2024`), 'mdy' when only month first (`3/15/2024`), else undefined. */
export function slashDateHint(text: string): DateOrder | undefined {
  const m = NUMERIC_DATE.exec(text.trim());
  if (!m || m[2] !== '/') return undefined;
  return +m[1] > 12 ? 'dmy' : +m[3] > 12 ? 'mdy' : undefined;
}

/** The order of a table's slash dates from what they showed (see slashDateOrder): day first unless only month first was seen. */
export function orderOfSlashDates(dayFirstSeen: boolean, monthFirstSeen: boolean): DateOrder {
  return monthFirstSeen && !dayFirstSeen ? 'mdy' : 'dmy';
}

function civilOrNaN(y: number, mo: number, d: number): number {
  return isValidCivil(y, mo, d) ? dayFromCivil(y, mo, d) : NaN;
}

/** Serial numbers Sheets uses for 1900-01-01 … 9999-12-31. */
const MIN_SERIAL = 2;
const MAX_SERIAL = 2958465;

/** 1900-01-01, the first day of Sheets' serial numbers: anything earlier in a deal table is a typo. */
export const FIRST_DATE_DAY = dayFromSerial(MIN_SERIAL);

/** True for a number that is a Sheets date serial (1900-01-01 … 9999-12-31). */
export function isSheetSerial(n: number): boolean {
  return Number.isFinite(n) && n >= MIN_SERIAL && n <= MAX_SERIAL;
}

/** A day, unless it is before 1900: a mistyped year (1024) or a time-only cell (a Date on 1899-12-30). */
function dayOrBefore1900(day: number): Read<number> {
  return day < FIRST_DATE_DAY ? bad('date_before_1900', { date: formatDay(day) }) : ok(day);
}

/** Reads a date cell into a local day number: a `Date`, date text (numeric dates in `order`), or a Sheets serial number. */
export function readDate(cell: unknown, dayOf: DayOfInstant, order: DateOrder = 'dmy'): Read<number> {
  if (isDate(cell)) {
    const ms = cell.getTime();
    return Number.isNaN(ms) ? bad('invalid_date', NO_PARAMS) : dayOrBefore1900(dayOf(ms));
  }
  if (typeof cell === 'number') {
    return isSheetSerial(cell)
      ? ok(dayFromSerial(cell))
      : bad('number_not_date', NO_PARAMS);
  }
  if (typeof cell === 'string') {
    const err = formulaErrorRead(cell);
    if (err) return err;
    const day = parseDateText(cell, order, dayOf);
    return Number.isNaN(day) ? bad('not_date', NO_PARAMS) : dayOrBefore1900(day);
  }
  if (typeof cell === 'boolean') return bad('boolean_not_date', NO_PARAMS);
  return bad('not_date_value', NO_PARAMS);
}

const LABEL_SPACES = /[\s\u00a0\u202f]+/g;
/** White space that is not one plain space between words: only such labels need cleaning. */
const NEEDS_CLEANING = /^\s|\s$|\s\s|[^\S ]/;

/**
 * True for text that `readLabel` returns as it is, told by one scan of its characters instead of a regular
 * expression and a formula-error test: not blank, no `#` (so no formula error), and no white space but single
 * plain spaces between words. Conservative: a character that might be white space (a control character, U+00A0,
 * anything from U+1680 on) makes it false, and such text takes `readLabel`, which decides exactly.
 */
export function isPlainLabel(text: string): boolean {
  const last = text.length - 1;
  if (last < 0) return false;
  let prevSpace = true; // a space first is leading white space
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (prevSpace || i === last) return false;
      prevSpace = true;
      continue;
    }
    if (c < 32 || c === 35 || c === 0xa0 || c >= 0x1680) return false;
    prevSpace = false;
  }
  return true;
}

/** Text of a label cell: strings trimmed, numbers as typed, dates as YYYY-MM-DD in the sheet's zone. */
export function readLabel(cell: unknown, formatDate: (ms: number) => string): Read<string> {
  if (typeof cell === 'string') {
    const err = formulaErrorRead(cell);
    if (err) return err;
    return ok(NEEDS_CLEANING.test(cell) ? cell.replace(LABEL_SPACES, ' ').trim() : cell);
  }
  if (typeof cell === 'number') return ok(String(cell));
  if (typeof cell === 'boolean') return ok(cell ? 'TRUE' : 'FALSE');
  if (isDate(cell)) return ok(formatDate(cell.getTime()));
  return ok(String(cell));
}
