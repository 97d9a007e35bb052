/** Reading one column of the data rows into a typed array (dates, numbers, probabilities, labels, deal types), every unreadable cell reported. */
import { readBooleanWord } from './columns';
import {
  bad, FIRST_DATE_DAY, formulaErrorRead, isBlank, isDate, isPlainLabel, orderOfSlashDates, readDate, readLabel, readNumber, readProbability,
  slashDateHint,
  type DateOrder, type Failed, type Read,
} from './coerce';
import { CRM_TYPE_WORDS, NO_TYPE_WORDS } from './crm';
import { DEAL_TYPES, TYPE_VALUES } from './fields';
import { NO_PARAMS } from './issueReasons';
import { rememberStrings } from './memo';
import { valueKey } from './outcome';
import { cellAt, type DataRows } from './rows';
import type { TypeWords } from './settings';
import type { ColumnRef, LabelColumn } from './table';
import type { DayOfInstant } from './timezone';

/** Where a column's unreadable cells go: the data row, its cell, and why it could not be read. */
export type ReportFailure = (i: number, cell: unknown, why: Failed) => void;

/**
 * Reads column `ref` of the data rows into `store`, each failed read given to `fail`; blank cells are left
 * alone, and without a column nothing is read. `fast` takes the common typed cells (a number, a Date) without
 * allocating and returns undefined for the rest, which `read` handles (its results for string cells remembered
 * when `memo`: a column of a million cells holds a few hundred texts). `only`, when given, limits the reading
 * to the rows it marks.
 */
export function readCells<T>(
  rows: DataRows, ref: ColumnRef | undefined, read: (cell: unknown) => Read<T>, store: (i: number, v: T) => void,
  fail: ReportFailure, fast?: (cell: unknown) => T | undefined, memo = true, only?: (i: number) => boolean,
): void {
  if (!ref) return;
  const { grid, keep, n } = rows;
  const col = ref.index;
  const slow = memo ? rememberStrings(read) : read;
  for (let i = 0; i < n; i++) {
    if (only && !only(i)) continue;
    const cell = grid[keep[i]][col];
    if (fast) {
      const v = fast(cell);
      if (v !== undefined) { store(i, v); continue; }
    }
    if (isBlank(cell)) continue;
    const r = slow(cell);
    if (r.ok) store(i, r.value);
    else fail(i, cell, r);
  }
}

/** A column of `n` values not known yet (NaN), to read dates or numbers into. */
export function unknownValues(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** How the date cells of a table are read into local day numbers. */
export interface DateReader {
  /** Any date cell: a Date, date text, a Sheets serial number (see `readDate`). */
  readonly read: (cell: unknown) => Read<number>;
  /** A Date cell's day, without allocating; undefined for other cells and for the Dates `read` must name (invalid, before 1900). */
  readonly fast: (cell: unknown) => number | undefined;
  /** The day of an instant in the sheet's zone: the column loops take a Date cell's day with it, inline. */
  readonly dayOf: DayOfInstant;
}

/**
 * The date reader of a table: days in the sheet's zone (`dayOf`), numeric slash dates in the table's `order`.
 * `order` may be a function, called once, when the first text with a slash is read: finding the order takes a
 * pass over every date column, and a sheet of Date cells (what Sheets passes) never needs it.
 */
export function dateReader(dayOf: DayOfInstant, order: DateOrder | (() => DateOrder)): DateReader {
  let known = typeof order === 'string' ? order : undefined;
  // Only text with a slash (05/03/2024) reads differently in the two orders; any other cell ignores it.
  const orderOf = (c: unknown): DateOrder => {
    if (typeof c !== 'string' || c.indexOf('/') < 0) return 'dmy';
    if (known === undefined) known = (order as () => DateOrder)();
    return known;
  };
  return {
    read: (c) => readDate(c, dayOf, orderOf(c)),
    fast: (c) => {
      if (!isDate(c)) return undefined;
      const d = dayOf(c.getTime());
      return d >= FIRST_DATE_DAY ? d : undefined; // NaN and pre-1900 days take readDate, which names them
    },
    dayOf,
  };
}

/** The order of a table's slash dates, from the string cells of its date columns `refs` (see `slashDateOrder`). */
export function slashDateOrderOf(rows: DataRows, refs: readonly (ColumnRef | undefined)[]): DateOrder {
  const { grid, keep, n } = rows;
  let dayFirst = false;
  let monthFirst = false;
  for (const ref of refs) {
    if (!ref) continue;
    const col = ref.index;
    for (let i = 0; i < n; i++) {
      const c = grid[keep[i]][col];
      if (typeof c !== 'string' || c.indexOf('/') <= 0) continue;
      const hint = slashDateHint(c);
      if (hint === 'dmy') dayFirst = true;
      else if (hint === 'mdy') monthFirst = true;
    }
  }
  return orderOfSlashDates(dayFirst, monthFirst);
}

/**
 * Reads date column `ref` into `out` as local day numbers (what `readCells` with the date reader does, as one loop
 * of its own): a Date cell, what Sheets passes, is taken inline, with neither a call through `readCells`' closures
 * nor an allocation; any other non-blank cell goes to `dates.read`, its result remembered per distinct text. With
 * `unsetOnly`, a row whose `out` already holds a day keeps it.
 */
export function readDateColumn(
  rows: DataRows, ref: ColumnRef | undefined, dates: DateReader, out: Float64Array, fail: ReportFailure, unsetOnly = false,
): void {
  if (!ref) return;
  const { grid, keep, n } = rows;
  const col = ref.index;
  const dayOf = dates.dayOf;
  const slow = rememberStrings(dates.read);
  for (let i = 0; i < n; i++) {
    const cell = grid[keep[i]][col];
    if (cell instanceof Date) {
      const d = dayOf(cell.getTime());
      // NaN and pre-1900 days take `read`, which names them; a Date of another realm takes it too.
      if (d >= FIRST_DATE_DAY) {
        if (!unsetOnly || out[i] !== out[i]) out[i] = d;
        continue;
      }
    } else if (cell === '') continue;
    if (isBlank(cell)) continue;
    const r = slow(cell);
    if (!r.ok) fail(i, cell, r);
    else if (!unsetOnly || out[i] !== out[i]) out[i] = r.value;
  }
}

/** Reads a date column into `out` as local day numbers. */
export function readDates(rows: DataRows, ref: ColumnRef | undefined, dates: DateReader, out: Float64Array, fail: ReportFailure): void {
  readDateColumn(rows, ref, dates, out, fail);
}

/**
 * Reads the `qualified` column: a date into `out`, and 1 in `flag` where the lead was qualified (a date, or TRUE,
 * yes, да, 1 … without a date); FALSE, no, 0 leave both unset.
 */
export function readQualified(
  rows: DataRows, ref: ColumnRef | undefined, dates: DateReader, out: Float64Array, flag: Uint8Array, fail: ReportFailure,
): void {
  if (!ref) return;
  const slow = rememberStrings((c): Read<number> => {
    const yes = readBooleanWord(c);
    // ±Infinity mark TRUE/FALSE without a date; 1 and 0 are below every date serial, so they cannot be dates.
    if (yes !== undefined) return { ok: true, value: yes ? Infinity : -Infinity };
    return dates.read(c);
  });
  const { grid, keep, n } = rows;
  const col = ref.index;
  const dayOf = dates.dayOf;
  for (let i = 0; i < n; i++) {
    const cell = grid[keep[i]][col];
    // A Date is never a TRUE/FALSE word: its day is the qualification date, taken inline as in readDateColumn.
    if (cell instanceof Date) {
      const d = dayOf(cell.getTime());
      if (d >= FIRST_DATE_DAY) {
        flag[i] = 1;
        out[i] = d;
        continue;
      }
    } else if (cell === '') continue;
    if (isBlank(cell)) continue;
    const r = slow(cell);
    if (!r.ok) { fail(i, cell, r); continue; }
    // The flag holds the fact, the date stays unknown for TRUE/FALSE.
    const d = r.value;
    if (d !== -Infinity) flag[i] = 1;
    if (Number.isFinite(d)) out[i] = d;
  }
}

/**
 * Reads a money or plain number column into `out` (§6 Numbers): a finite number cell, what Sheets passes, is taken
 * inline; any other non-blank cell goes to `readNumber`, remembered per distinct text.
 */
export function readNumbers(rows: DataRows, ref: ColumnRef | undefined, out: Float64Array, fail: ReportFailure): void {
  if (!ref) return;
  const { grid, keep, n } = rows;
  const col = ref.index;
  const slow = rememberStrings(readNumber);
  for (let i = 0; i < n; i++) {
    const cell = grid[keep[i]][col];
    if (typeof cell === 'number') {
      if (Number.isFinite(cell)) {
        out[i] = cell;
        continue;
      }
    } else if (cell === '') continue;
    if (isBlank(cell)) continue;
    const r = slow(cell);
    if (r.ok) out[i] = r.value;
    else fail(i, cell, r);
  }
}

/** Reads the probability column into `out` as 0–1: 60 is 60 %, and in a `Probability (%)` column 1 is 1 % too. */
export function readProbabilities(rows: DataRows, ref: ColumnRef | undefined, out: Float64Array, fail: ReportFailure): void {
  if (!ref) return;
  // A `Probability (%)` column holds percents: its 1 is 1 %, not 100 %.
  const percents = /%/.test(ref.header);
  const slow = rememberStrings(percents ? readPercent : readProbability);
  const { grid, keep, n } = rows;
  const col = ref.index;
  for (let i = 0; i < n; i++) {
    const cell = grid[keep[i]][col];
    if (typeof cell === 'number') {
      // What readPercent / readProbability make of a number cell, inline; NaN, infinities and values out of
      // 0–1 fail these tests and take the reader, which names them.
      const p = percents || cell > 1 ? cell / 100 : cell;
      if (p >= 0 && p <= 1) {
        out[i] = p;
        continue;
      }
    } else if (cell === '') continue;
    if (isBlank(cell)) continue;
    const r = slow(cell);
    if (r.ok) out[i] = r.value;
    else fail(i, cell, r);
  }
}

/** Reads a probability from a column whose header says it holds percents (`Probability (%)`): 60 and 1 are 60 % and 1 %. */
function readPercent(cell: unknown): Read<number> {
  // Text written with its own % sign ("60%") is read as the fraction it says.
  if (typeof cell === 'string' && cell.includes('%')) return readProbability(cell);
  const r = readNumber(cell);
  if (!r.ok) return r;
  const p = r.value / 100;
  return p >= 0 && p <= 1 ? { ok: true, value: p } : bad('bad_probability', NO_PARAMS);
}

/**
 * Reads a label column (rep, customer …) into a dictionary-coded column: texts trimmed, white space collapsed,
 * numbers as typed, Dates as their day (`formatDate`). `perRow` (ids) gives each row's label its own code.
 */
export function readLabels(
  rows: DataRows, ref: ColumnRef | undefined, perRow: boolean, formatDate: (ms: number) => string, fail: ReportFailure,
): LabelColumn {
  const codes = new Int32Array(rows.n).fill(-1);
  if (!ref) return { codes, labels: [] };
  const labels = perRow ? readIdLabels(rows, ref, formatDate, fail, codes) : readCodedLabels(rows, ref, formatDate, fail, codes);
  return { codes, labels };
}

/**
 * Ids are unique per row, so each row's label simply takes the next code: a dictionary of a million ids is pure cost.
 * An id that is plain text (`isPlainLabel`) is its own label, without a call or an allocation. The labels' array is
 * sized for every row and trimmed after: pushing a million labels grows and copies it a few dozen times, which costs
 * more than the loop.
 */
function readIdLabels(rows: DataRows, ref: ColumnRef, formatDate: (ms: number) => string, fail: ReportFailure, codes: Int32Array): string[] {
  const { grid, keep, n } = rows;
  const col = ref.index;
  const labels: string[] = new Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const cell = grid[keep[i]][col];
    if (typeof cell === 'string' && isPlainLabel(cell)) {
      labels[count] = cell;
      codes[i] = count++;
      continue;
    }
    if (isBlank(cell)) continue;
    const r = readLabel(cell, formatDate);
    if (!r.ok) fail(i, cell, r);
    else if (r.value !== '') {
      labels[count] = r.value;
      codes[i] = count++;
    }
  }
  labels.length = count;
  return labels;
}

/**
 * A label column's dictionary, with one Map from text to code for both the cells' raw texts and the cleaned-up
 * labels: a clean label reads as itself (`readLabel` is idempotent), so one lookup per cell codes the column, and a
 * customer column of 600 000 distinct names costs one lookup and one insertion per name, not two of each. A text
 * that is not clean (` Anna `) is cleaned once, on first sight, and its label looked up. Failed reads (formula
 * errors) are never remembered: each such cell is reported.
 */
function readCodedLabels(rows: DataRows, ref: ColumnRef, formatDate: (ms: number) => string, fail: ReportFailure, codes: Int32Array): string[] {
  const { grid, keep, n } = rows;
  const col = ref.index;
  const labels: string[] = [];
  const codeOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const cell = grid[keep[i]][col];
    if (typeof cell === 'string') {
      const known = codeOf.get(cell);
      if (known !== undefined) {
        codes[i] = known;
        continue;
      }
      // First sight of a text: plain text (most are) is its own label, new to the dictionary, with no call.
      if (isPlainLabel(cell)) {
        const code = labels.push(cell) - 1;
        codeOf.set(cell, code);
        codes[i] = code;
        continue;
      }
      if (cell === '') continue;
    }
    if (isBlank(cell)) continue;
    const r = readLabel(cell, formatDate);
    if (!r.ok) { fail(i, cell, r); continue; }
    const label = r.value;
    if (label === '') continue; // a cell whose text is empty (an empty array) is a blank label
    let code = label === cell ? undefined : codeOf.get(label);
    if (code === undefined) {
      code = labels.push(label) - 1;
      codeOf.set(label, code);
    }
    if (typeof cell === 'string' && cell !== label) codeOf.set(cell, code);
    codes[i] = code;
  }
  return labels;
}

/** Deal type words (§1 and the CRM exports') to type codes (DEAL_TYPES index + 1); "no type" words to 0. */
const TYPE_CODE = new Map<string, number>(
  DEAL_TYPES.flatMap((t, i) => [...TYPE_VALUES[t], ...CRM_TYPE_WORDS[t]].map((v) => [valueKey(v), i + 1] as [string, number])),
);
for (const w of NO_TYPE_WORDS) TYPE_CODE.set(valueKey(w), 0);

// Made once: a column of a million unknown types shares one.
const UNKNOWN_TYPE = bad('unknown_type', NO_PARAMS);

/** The type code a type cell names, or why it names none. */
function readType(cell: unknown, words = TYPE_CODE): Read<number> {
  const code = words.get(valueKey(String(cell)));
  if (code !== undefined) return { ok: true, value: code };
  return (typeof cell === 'string' ? formulaErrorRead(cell) : undefined) ?? UNKNOWN_TYPE;
}

/**
 * Each row's deal type code (DEAL_TYPES index + 1; 0 blank or unreadable) from the type column; without one,
 * from Bitrix24's repeat-deal flag (new or repeat; a flag that cannot be read leaves the type blank). `words` are a
 * team's own type words, added to the spec's (theirs decide a word the spec gives another type).
 */
export function readTypes(
  rows: DataRows, ref: ColumnRef | undefined, repeatFlag: ColumnRef | undefined, fail: ReportFailure, words?: TypeWords,
): Uint8Array {
  const type = new Uint8Array(rows.n);
  let read = readType;
  if (words && ref) {
    const codes = new Map(TYPE_CODE);
    DEAL_TYPES.forEach((t, i) => { for (const w of words[t] ?? []) codes.set(valueKey(w), i + 1); });
    read = (c) => readType(c, codes);
  }
  if (ref) {
    // One loop of its own, like the other columns': a million type cells hold a handful of texts, each read once.
    const slow = rememberStrings(read);
    const { grid, keep, n } = rows;
    const col = ref.index;
    for (let i = 0; i < n; i++) {
      const cell = grid[keep[i]][col];
      if (cell === '' || isBlank(cell)) continue;
      const r = slow(cell);
      if (r.ok) type[i] = r.value;
      else fail(i, cell, r);
    }
  }
  if (!ref && repeatFlag) {
    const repeat = DEAL_TYPES.indexOf('repeat') + 1;
    const fresh = DEAL_TYPES.indexOf('new') + 1;
    for (let i = 0; i < rows.n; i++) {
      const yes = readBooleanWord(cellAt(rows, i, repeatFlag));
      if (yes !== undefined) type[i] = yes ? repeat : fresh;
    }
  }
  return type;
}
