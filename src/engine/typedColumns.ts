/** Reading one column of the data rows into a typed array (dates, numbers, probabilities, labels, deal types), every unreadable cell reported. */
import { readBooleanWord } from './columns';
import {
  bad, FIRST_DATE_DAY, formulaErrorRead, isBlank, isDate, orderOfSlashDates, readDate, readLabel, readNumber, readProbability, slashDateHint,
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
}

/** The date reader of a table: days in the sheet's zone (`dayOf`), numeric slash dates in the table's `order`. */
export function dateReader(dayOf: DayOfInstant, order: DateOrder): DateReader {
  return {
    read: (c) => readDate(c, dayOf, order),
    fast: (c) => {
      if (!isDate(c)) return undefined;
      const d = dayOf(c.getTime());
      return d >= FIRST_DATE_DAY ? d : undefined; // NaN and pre-1900 days take readDate, which names them
    },
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

/** Reads a date column into `out` as local day numbers. */
export function readDates(rows: DataRows, ref: ColumnRef | undefined, dates: DateReader, out: Float64Array, fail: ReportFailure): void {
  readCells(rows, ref, dates.read, (i, d) => { out[i] = d; }, fail, dates.fast);
}

/**
 * Reads the `qualified` column: a date into `out`, and 1 in `flag` where the lead was qualified (a date, or TRUE,
 * yes, да, 1 … without a date); FALSE, no, 0 leave both unset.
 */
export function readQualified(
  rows: DataRows, ref: ColumnRef | undefined, dates: DateReader, out: Float64Array, flag: Uint8Array, fail: ReportFailure,
): void {
  readCells(rows, ref, (c): Read<number> => {
    const yes = readBooleanWord(c);
    // ±Infinity mark TRUE/FALSE without a date; 1 and 0 are below every date serial, so they cannot be dates.
    if (yes !== undefined) return { ok: true, value: yes ? Infinity : -Infinity };
    return dates.read(c);
  }, (i, d) => {
    // The flag holds the fact, the date stays unknown for TRUE/FALSE.
    if (d !== -Infinity) flag[i] = 1;
    if (Number.isFinite(d)) out[i] = d;
  }, fail);
}

const finiteNumber = (c: unknown): number | undefined => (typeof c === 'number' && Number.isFinite(c) ? c : undefined);

/** Reads a money or plain number column into `out` (§6 Numbers). */
export function readNumbers(rows: DataRows, ref: ColumnRef | undefined, out: Float64Array, fail: ReportFailure): void {
  readCells(rows, ref, readNumber, (i, v) => { out[i] = v; }, fail, finiteNumber);
}

/** Reads the probability column into `out` as 0–1: 60 is 60 %, and in a `Probability (%)` column 1 is 1 % too. */
export function readProbabilities(rows: DataRows, ref: ColumnRef | undefined, out: Float64Array, fail: ReportFailure): void {
  // A `Probability (%)` column holds percents: its 1 is 1 %, not 100 %.
  const percents = /%/.test(ref?.header ?? '');
  readCells(rows, ref, percents ? readPercent : readProbability, (i, v) => { out[i] = v; }, fail);
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
 * Builds the dictionary of a label column incrementally. Ids are unique per row, so for them
 * (`perRow`) each label simply takes the next code: a dictionary of a million ids is pure cost.
 */
class LabelBuilder {
  readonly codes: Int32Array;
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(n: number, private readonly perRow = false) {
    this.codes = new Int32Array(n).fill(-1);
  }
  /** The code of a label, added on first sight; -1 for "". */
  code(label: string): number {
    if (label === '') return -1;
    if (this.perRow) return this.labels.push(label) - 1;
    let code = this.index.get(label);
    if (code === undefined) {
      code = this.labels.length;
      this.labels.push(label);
      this.index.set(label, code);
    }
    return code;
  }
  build(): LabelColumn {
    return { codes: this.codes, labels: this.labels };
  }
}

/**
 * Reads a label column (rep, customer …) into a dictionary-coded column: texts trimmed, white space collapsed,
 * numbers as typed, Dates as their day (`formatDate`). `perRow` (ids) gives each row's label its own code.
 */
export function readLabels(
  rows: DataRows, ref: ColumnRef | undefined, perRow: boolean, formatDate: (ms: number) => string, fail: ReportFailure,
): LabelColumn {
  const b = new LabelBuilder(rows.n, perRow);
  // One lookup per cell: the raw text's code, remembered without a bound (a customer column may hold
  // 600 000 names), so a cleaned-up label is made and looked up once per distinct text.
  const codeOfText = new Map<string, number>();
  const codes = b.codes;
  readCells(rows, ref, (c): Read<number> => {
    const r = readLabel(c, formatDate);
    if (!r.ok) return r;
    const code = b.code(r.value);
    if (!perRow && typeof c === 'string') codeOfText.set(c, code);
    return { ok: true, value: code };
  }, (i, code) => { codes[i] = code; }, fail, perRow ? undefined : (c) => (typeof c === 'string' ? codeOfText.get(c) : undefined), false);
  return b.build();
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
  readCells(rows, ref, read, (i, v) => { type[i] = v; }, fail);
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
