/** Reads a 2-D range (header row first) into a `DealTable`: header mapping, coercion, row issues. */
import { findColumns, readBooleanWord, type AnyField } from './columns';
import { DEAL_TYPES, FIELDS, HEADER_SYNONYMS, Kind, TYPE_VALUES, type DateField, type Field, type NumberField, type TextField } from './fields';
import {
  bad, FIRST_DATE_DAY, formulaErrorRead, isBlank, isDate, readDate, readLabel, readNumber, readProbability, slashDateOrder,
  type DateOrder, type Failed, type Read,
} from './coerce';
import { CRM_TYPE_WORDS, NO_TYPE_WORDS, reportFooterStart, type CrmLayout, type SourceField } from './crm';
import { formatDay } from './days';
import { KpiError } from './errors';
import { NO_PARAMS, withCode, type IssueCode, type IssueParamsByCode } from './issueReasons';
import { rememberStrings } from './memo';
import { readOutcomes, valueKey } from './outcome';
import type { ColumnRef, DealTable, LabelColumn, RowIssue } from './table';
import { dayOfInstantIn } from './timezone';

/** An explicit column choice (from the sidebar): field → 0-based column index, or null for "none". */
export type ColumnMapping = Partial<Record<AnyField, number | null>>;

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
}

/** Maps header cells to fields (§1 and the CRM exports' headers): leftmost wins, a generic `date` yields to a specific close date (§6). */
export function detectColumns(header: readonly unknown[]): Partial<Record<Field, ColumnRef>> {
  return findColumns(header).fields;
}

/** Deal type words (§1 and the CRM exports') to type codes (DEAL_TYPES index + 1). */
const TYPE_CODE = new Map<string, number>(
  DEAL_TYPES.flatMap((t, i) => [...TYPE_VALUES[t], ...CRM_TYPE_WORDS[t]].map((v) => [valueKey(v), i + 1] as [string, number])),
);
for (const w of NO_TYPE_WORDS) TYPE_CODE.set(valueKey(w), 0);

// Reasons that name no values, made once: a column of a million blank costs shares one.
const UNKNOWN_TYPE = bad('unknown_type', NO_PARAMS);
const NO_CREATED = bad('missing_created', NO_PARAMS);
const NO_AMOUNT = bad('missing_amount', NO_PARAMS);
const NO_SALE_AMOUNT = bad('missing_sale_amount', NO_PARAMS);
const NO_COST = bad('missing_cost', NO_PARAMS);

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

/** The rows up to the last non-blank one: a whole-column range `A1:M` is mostly trailing blank rows. */
function usedRowCount(values: readonly (readonly unknown[])[]): number {
  let end = values.length;
  while (end > 1 && values[end - 1].every(isBlank)) end--;
  return end;
}

/** Normalises what Sheets passes for a range: a 2-D array, or a scalar for a single cell. */
export function asGrid(range: unknown): unknown[][] {
  if (Array.isArray(range)) return range.map((r) => (Array.isArray(r) ? r : [r]));
  return [[range]];
}

/**
 * Reads a deal table. Throws KpiError when the first row maps no column (it must be the header);
 * every unreadable cell becomes a RowIssue and reads as NaN / blank.
 */
export function readDeals(range: unknown, options: ReadOptions = {}): DealTable {
  const grid = asGrid(range);
  const headerRow = options.headerRow ?? 1;
  const timeZone = options.timeZone ?? 'UTC';
  const dayOf = dayOfInstantIn(timeZone);
  const today = dayOf(options.now ?? Date.now());
  const formatDate = (ms: number): string => formatDay(dayOf(ms));
  const used = reportFooterStart(grid, usedRowCount(grid));
  const { columns, sources, layout } = mapColumns(grid, used, options.mapping);
  // A CRM checkbox alone (a `won` cell in a first row of data) does not make a header.
  if (Object.keys(columns).length === 0) {
    const first = grid[0] ?? [];
    const cells = first.length > 0 ? first.slice(0, 6).map((c) => `"${cellText(c, formatDate)}"`).join(', ') : 'nothing';
    throw new KpiError(
      `the first row must be the header: none of its cells (${cells}) names a known column; looked for: ` +
        FIELDS.map((f) => HEADER_SYNONYMS[f][0]).join(', '),
    );
  }

  // Keep non-blank rows only; their sheet numbers are remembered for issues.
  const keep: number[] = [];
  let blankRows = 0;
  for (let r = 1; r < used; r++) {
    const row = grid[r];
    let blank = true;
    for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) { blank = false; break; }
    if (blank) blankRows++;
    else keep.push(r);
  }
  const n = keep.length;
  const rowNumbers = new Int32Array(n);
  for (let i = 0; i < n; i++) rowNumbers[i] = headerRow + keep[i];

  // Issues with the index of their column, so that a row's issues are listed left to right.
  const found: { issue: RowIssue; col: number }[] = [];
  /** Records why row `i`'s `field` is unusable, found in column `ref`: a failed read, as-is. */
  const issueAt = (i: number, field: Field, ref: ColumnRef, cell: unknown, why: Failed): void => {
    const it = { row: rowNumbers[i], column: ref.header, field, value: cellText(cell, formatDate), reason: why.reason };
    found.push({ issue: withCode(it, why.code, why.params), col: ref.index });
  };
  const issue = (i: number, field: Field, cell: unknown, why: Failed): void => issueAt(i, field, columns[field] as ColumnRef, cell, why);
  /** Records a value the row needs but lacks, or one that cannot be true. */
  const rowIssue = <C extends IssueCode>(i: number, ref: ColumnRef, field: Field, cell: unknown, code: C, params: IssueParamsByCode[C]): void =>
    issueAt(i, field, ref, cell, bad(code, params));
  const cellAt = (i: number, ref: ColumnRef): unknown => grid[keep[i]][ref.index];

  const nan = (): Float64Array => new Float64Array(n).fill(NaN);
  const dates: Record<DateField, Float64Array> = { created: nan(), qualified: nan(), closed: nan() };
  const numbers: Record<NumberField, Float64Array> = { amount: nan(), cost: nan(), probability: nan() };
  const qualifiedFlag = new Uint8Array(n);

  /**
   * Reads one column into `store`, its failed reads reported by `fail`: `fast` takes the common typed cells
   * (a number, a Date) without allocating and returns undefined for the rest, which `read` handles (its
   * string results remembered). `rows`, when given, limits the reading to the rows it marks.
   */
  const readRef = <T>(
    ref: ColumnRef | undefined, read: (cell: unknown) => Read<T>, store: (i: number, v: T) => void,
    fail: (i: number, cell: unknown, why: Failed) => void, fast?: (cell: unknown) => T | undefined, memo = true,
    rows?: (i: number) => boolean,
  ): void => {
    if (!ref) return;
    const col = ref.index;
    const slow = memo ? rememberStrings(read) : read;
    for (let i = 0; i < n; i++) {
      if (rows && !rows(i)) continue;
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
  };
  /** Reads the column of a field, each failed read an issue of that field. */
  const readColumn = <T>(
    field: Field, read: (cell: unknown) => Read<T>, store: (i: number, v: T) => void, fast?: (cell: unknown) => T | undefined,
    memo = true,
  ): void => readRef(columns[field], read, store, (i, cell, why) => issue(i, field, cell, why), fast, memo);

  const fastDay = (c: unknown): number | undefined => {
    if (!(isDate(c))) return undefined;
    const d = dayOf(c.getTime());
    return d >= FIRST_DATE_DAY ? d : undefined; // NaN and pre-1900 days take readDate, which names them
  };
  const fastNumber = (c: unknown): number | undefined => (typeof c === 'number' && Number.isFinite(c) ? c : undefined);
  const order = dateOrderOf(grid, keep, [columns.created, columns.qualified, columns.closed, sources.won_time, sources.lost_time, sources.expected_close]);
  const dateOf = (c: unknown): Read<number> => readDate(c, dayOf, order);

  // The outcome first: which rows are closed deals decides which close dates are read and which are blanks.
  const isSalesLog = !columns.status && !columns.stage && !sources.won_flag && !sources.closed_flag;
  const kind = isSalesLog
    ? new Uint8Array(n)
    : readOutcomes(n, { status: columns.status, stage: columns.stage, wonFlag: sources.won_flag, closedFlag: sources.closed_flag },
      cellAt, (i, o) => issueAt(i, 'status', o.column, o.cell, o.why));

  readColumn('created', dateOf, (i, d) => { dates.created[i] = d; }, fastDay);
  const closedRef = readCloseDates();
  readColumn('qualified', (c): Read<number> => {
    const yes = readBooleanWord(c);
    // ±Infinity mark TRUE/FALSE without a date; 1 and 0 are below every date serial, so they cannot be dates.
    if (yes !== undefined) return { ok: true, value: yes ? Infinity : -Infinity };
    return dateOf(c);
  }, (i, d) => {
    // The flag holds the fact, the date stays unknown for TRUE/FALSE.
    if (d !== -Infinity) qualifiedFlag[i] = 1;
    if (Number.isFinite(d)) dates.qualified[i] = d;
  });
  readColumn('amount', readNumber, (i, v) => { numbers.amount[i] = v; }, fastNumber);
  readColumn('cost', readNumber, (i, v) => { numbers.cost[i] = v; }, fastNumber);
  // A `Probability (%)` column holds percents: its 1 is 1 %, not 100 %.
  const percents = /%/.test(columns.probability?.header ?? '');
  readColumn('probability', percents ? readPercent : readProbability, (i, v) => { numbers.probability[i] = v; });

  const texts = {} as Record<TextField, LabelColumn>;
  for (const f of ['id', 'stage', 'rep', 'customer', 'source'] as const) {
    const perRow = f === 'id';
    const b = new LabelBuilder(n, perRow);
    // One lookup per cell: the raw text's code, remembered without a bound (a customer column may hold
    // 600 000 names), so a cleaned-up label is made and looked up once per distinct text.
    const codeOfText = new Map<string, number>();
    const codes = b.codes;
    readColumn(f, (c): Read<number> => {
      const r = readLabel(c, formatDate);
      if (!r.ok) return r;
      const code = b.code(r.value);
      if (!perRow && typeof c === 'string') codeOfText.set(c, code);
      return { ok: true, value: code };
    }, (i, code) => { codes[i] = code; }, perRow ? undefined : (c) => (typeof c === 'string' ? codeOfText.get(c) : undefined), false);
    texts[f] = b.build();
  }

  const type = new Uint8Array(n);
  readColumn('type', (c): Read<number> => {
    const code = TYPE_CODE.get(valueKey(String(c)));
    if (code !== undefined) return { ok: true, value: code };
    return formulaErrorOf(c) ?? UNKNOWN_TYPE;
  }, (i, v) => { type[i] = v; });
  if (!columns.type && sources.repeat_flag) {
    // Bitrix24 says new or repeat with its repeat-deal flag; a flag that cannot be read leaves the type blank.
    const ref = sources.repeat_flag;
    for (let i = 0; i < n; i++) {
      const yes = readBooleanWord(cellAt(i, ref));
      if (yes !== undefined) type[i] = DEAL_TYPES.indexOf(yes ? 'repeat' : 'new') + 1;
    }
  }

  if (isSalesLog) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(numbers.amount[i])) kind[i] = Kind.Won;
  }
  for (let i = 0; i < n; i++) if (kind[i] === Kind.Won && numbers.amount[i] < 0) kind[i] = Kind.Refund;

  checkRows();
  found.sort((a, b) => a.issue.row - b.issue.row || a.col - b.col);
  const issues = found.map((f) => f.issue);
  const { minDay, maxDay } = dateSpan(dates, kind, today);
  const tableColumns = closedRef && !columns.closed ? { ...columns, closed: closedRef } : columns;

  return {
    n, rowNumbers, headerRow, columns: tableColumns, isSalesLog, kind, dates, qualifiedFlag, numbers, labels: texts, type, issues,
    blankRows, today, minDay, maxDay, dayOf, layout,
  };

  /**
   * The close date of each row from the `closed` column, else (Pipedrive) the won or lost time, else
   * (Bitrix24, where the export has no other close date) the expected close date of a closed deal; an
   * open deal's expected date is never a close date, and text such as "не закрыта" in its close date is
   * a blank. Returns the column that stands for `closed`, or undefined when the table has none.
   */
  function readCloseDates(): ColumnRef | undefined {
    const closedDeal = (i: number): boolean => kind[i] === Kind.Won || kind[i] === Kind.Lost || isSalesLog;
    const store = (i: number, d: number): void => { if (dates.closed[i] !== dates.closed[i]) dates.closed[i] = d; };
    const failClosed = (ref: ColumnRef) => (i: number, cell: unknown, why: Failed): void => {
      // An open deal's close date is only ever an expectation: text there is a blank, a formula error still an issue.
      if (kind[i] === Kind.Open && why.code !== 'formula_error') return;
      issueAt(i, 'closed', ref, cell, why);
    };
    readRef(columns.closed, dateOf, store, failClosed(columns.closed as ColumnRef), fastDay);
    const { won_time: won, lost_time: lost, expected_close: expected } = sources;
    const blank = (i: number): boolean => dates.closed[i] !== dates.closed[i] && (!columns.closed || isBlank(cellAt(i, columns.closed)));
    // Each deal takes the time of its own outcome first, then the other one's.
    const isWon = (i: number): boolean => kind[i] === Kind.Won || isSalesLog;
    if (won) readRef(won, dateOf, store, failClosed(won), fastDay, true, (i) => blank(i) && closedDeal(i) && (isWon(i) || !lost || isBlank(cellAt(i, lost))));
    if (lost) readRef(lost, dateOf, store, failClosed(lost), fastDay, true, (i) => blank(i) && closedDeal(i));
    if (expected && !columns.closed && !won && !lost) readRef(expected, dateOf, store, failClosed(expected), fastDay, true, closedDeal);
    return columns.closed ?? won ?? lost ?? (expected && !columns.closed && !won && !lost ? expected : undefined);
  }

  /** The column a row's close date came from (or would have: the first of the table's close-date columns). */
  function closeDateColumn(i: number): ColumnRef {
    const expectedUsed = !columns.closed && !sources.won_time && !sources.lost_time;
    const candidates = [columns.closed, sources.won_time, sources.lost_time, expectedUsed ? sources.expected_close : undefined];
    for (const ref of candidates) if (ref && !isBlank(cellAt(i, ref))) return ref;
    return closedRef as ColumnRef;
  }

  /**
   * Values a deal needs but the row leaves blank, and dates that cannot have happened yet. A value that
   * was read (not NaN) cannot be blank, so the cell itself is looked at only where the value is missing.
   */
  function checkRows(): void {
    const { amount, cost } = numbers;
    for (let i = 0; i < n; i++) {
      const k = kind[i];
      const closedDeal = k === Kind.Won || k === Kind.Lost || k === Kind.Refund;
      if (closedRef && closedDeal) {
        const c = dates.closed[i];
        if (c !== c) {
          const ref = closeDateColumn(i);
          if (isBlank(cellAt(i, ref))) rowIssue(i, ref, 'closed', '', 'missing_close_date', { kind: kindWord(k) });
        } else if (c > today) {
          const ref = closeDateColumn(i);
          rowIssue(i, ref, 'closed', cellAt(i, ref), 'future_close_date', { date: formatDay(c) });
          dates.closed[i] = NaN;
        }
      }
      if (columns.created) {
        const c = dates.created[i];
        const ref = columns.created;
        if (c !== c) { if (k !== Kind.Unknown && k !== Kind.Refund && isBlank(cellAt(i, ref))) issue(i, 'created', '', NO_CREATED); }
        else if (c > today) { rowIssue(i, ref, 'created', cellAt(i, ref), 'future_creation_date', { date: formatDay(c) }); dates.created[i] = NaN; }
      }
      if (columns.qualified && dates.qualified[i] > today) {
        // A qualification that has not happened yet is a typo, not a yes: the lead's flag is unknown too.
        const ref = columns.qualified;
        rowIssue(i, ref, 'qualified', cellAt(i, ref), 'future_qualification_date', { date: formatDay(dates.qualified[i]) });
        dates.qualified[i] = NaN;
        qualifiedFlag[i] = 0;
      }
      if (columns.amount && amount[i] !== amount[i] && (k === Kind.Won || (isSalesLog && k === Kind.Unknown)) && isBlank(cellAt(i, columns.amount))) {
        issue(i, 'amount', '', isSalesLog ? NO_SALE_AMOUNT : NO_AMOUNT);
      }
      if (columns.cost && cost[i] !== cost[i] && (k === Kind.Won || k === Kind.Refund) && isBlank(cellAt(i, columns.cost))) {
        issue(i, 'cost', '', NO_COST);
      }
      // §6: a won deal closed before it was created cannot have a sales cycle; SALES_CYCLE skips it, the user sees why.
      if (k === Kind.Won && dates.closed[i] < dates.created[i]) {
        const ref = closeDateColumn(i);
        rowIssue(i, ref, 'closed', cellAt(i, ref), 'closed_before_created', {
          closed: formatDay(dates.closed[i]), created: formatDay(dates.created[i]),
        });
      }
    }
  }
}

/** The header's columns, with an explicit mapping laid over them field by field. */
function mapColumns(grid: readonly (readonly unknown[])[], used: number, mapping: ColumnMapping | undefined): {
  columns: Partial<Record<Field, ColumnRef>>; sources: Partial<Record<SourceField, ColumnRef>>; layout: CrmLayout | undefined;
} {
  const header = grid[0] ?? [];
  const detected = findColumns(header, function* (index) { for (let r = 1; r < used; r++) yield grid[r][index]; });
  const columns: Partial<Record<AnyField, ColumnRef>> = { ...detected.fields, ...detected.sources };
  for (const [f, idx] of Object.entries(mapping ?? {}) as [AnyField, number | null][]) {
    if (idx === null || idx === undefined) delete columns[f];
    else columns[f] = { index: idx, header: isBlank(header[idx]) ? `column ${idx + 1}` : String(header[idx]).trim() };
  }
  const fields: Partial<Record<Field, ColumnRef>> = {};
  const sources: Partial<Record<SourceField, ColumnRef>> = {};
  for (const [f, ref] of Object.entries(columns) as [AnyField, ColumnRef][]) {
    if ((FIELDS as readonly string[]).includes(f)) fields[f as Field] = ref;
    else sources[f as SourceField] = ref;
  }
  return { columns: fields, sources, layout: detected.layout };
}

/** The order of the table's slash dates, from the string cells of its date columns (see slashDateOrder). */
function dateOrderOf(grid: readonly (readonly unknown[])[], keep: readonly number[], refs: readonly (ColumnRef | undefined)[]): DateOrder {
  function* texts(): Generator<string> {
    for (const ref of refs) {
      if (!ref) continue;
      for (const r of keep) {
        const c = grid[r][ref.index];
        if (typeof c === 'string' && c.indexOf('/') > 0) yield c;
      }
    }
  }
  return slashDateOrder(texts());
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

/** The failed read of a status or type cell that is a formula error (`#N/A` …), or undefined. */
function formulaErrorOf(cell: unknown): Failed | undefined {
  return typeof cell === 'string' ? formulaErrorRead(cell) : undefined;
}

function kindWord(k: number): 'won' | 'lost' | 'refund' {
  return k === Kind.Lost ? 'lost' : k === Kind.Refund ? 'refund' : 'won';
}

function cellText(cell: unknown, formatDate: (ms: number) => string): string {
  if (isDate(cell)) return Number.isNaN(cell.getTime()) ? 'Invalid Date' : formatDate(cell.getTime());
  return isBlank(cell) ? '' : String(cell);
}
