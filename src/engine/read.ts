/** Reads a 2-D range (header row first) into a `DealTable`: header mapping, coercion, row issues. */
import {
  DEAL_TYPES, FIELDS, GENERIC_DATE_HEADERS, HEADER_SYNONYMS, Kind, STATUS_VALUES, TYPE_VALUES,
  normalizeHeader, normalizeValue,
  type DateField, type Field, type NumberField, type TextField,
} from './fields';
import {
  bad, FIRST_DATE_DAY, formulaErrorRead, isBlank, isDate, readDate, readLabel, readNumber, readProbability, type Failed, type Read,
} from './coerce';
import { formatDay } from './days';
import { KpiError } from './errors';
import { NO_PARAMS, withCode, type IssueCode, type IssueParamsByCode } from './issueReasons';
import type { ColumnRef, DealTable, LabelColumn, RowIssue } from './table';
import { dayOfInstantIn } from './timezone';

/** An explicit column choice (from the sidebar): field → 0-based column index, or null for "none". */
export type ColumnMapping = Partial<Record<Field, number | null>>;

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

const SYNONYM_INDEX: ReadonlyMap<string, Field> = (() => {
  const m = new Map<string, Field>();
  for (const f of FIELDS) for (const s of HEADER_SYNONYMS[f]) if (!m.has(normalizeHeader(s))) m.set(normalizeHeader(s), f);
  return m;
})();
const GENERIC_DATES = new Set(GENERIC_DATE_HEADERS.map(normalizeHeader));

/** Maps header cells to fields: leftmost wins, a generic `date` yields to a specific close date (§6). */
export function detectColumns(header: readonly unknown[]): Partial<Record<Field, ColumnRef>> {
  const found: Partial<Record<Field, ColumnRef>> = {};
  header.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const text = String(cell).trim();
    const key = normalizeHeader(text);
    const field = SYNONYM_INDEX.get(key);
    if (!field) return;
    const prev = found[field];
    const generic = (ref: ColumnRef): boolean => GENERIC_DATES.has(normalizeHeader(ref.header));
    if (!prev || (field === 'closed' && generic(prev) && !GENERIC_DATES.has(key))) found[field] = { index, header: text };
  });
  return found;
}

/**
 * Key of a status or type word: case-, space- and punctuation-insensitive like headers, so that
 * "Closed-Won", "IN_PROGRESS" and "cross sell" read as the words §1 lists.
 */
const valueKey = normalizeHeader;

const STATUS_CODE = new Map<string, number>([
  ...STATUS_VALUES.won.map((v) => [valueKey(v), Kind.Won] as [string, number]),
  ...STATUS_VALUES.lost.map((v) => [valueKey(v), Kind.Lost] as [string, number]),
  ...STATUS_VALUES.open.map((v) => [valueKey(v), Kind.Open] as [string, number]),
]);
const TYPE_CODE = new Map<string, number>(
  DEAL_TYPES.flatMap((t, i) => TYPE_VALUES[t].map((v) => [valueKey(v), i + 1] as [string, number])),
);
const TRUE_WORDS = new Set(['true', 'yes', 'y', 'да', 'истина', '1', 'x', '✓']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'нет', 'ложь', '0']);

// Reasons that name no values, made once: a column of a million blank costs shares one.
const UNKNOWN_TYPE = bad('unknown_type', NO_PARAMS);
const UNKNOWN_STATUS = bad('unknown_status', NO_PARAMS);
const NO_STATUS = bad('no_status', NO_PARAMS);
const NO_CREATED = bad('missing_created', NO_PARAMS);
const NO_AMOUNT = bad('missing_amount', NO_PARAMS);
const NO_SALE_AMOUNT = bad('missing_sale_amount', NO_PARAMS);
const NO_COST = bad('missing_cost', NO_PARAMS);

/** Distinct strings remembered per column: enough for reps, statuses and dates, bounded for unique ids. */
const MEMO_LIMIT = 10000;

/**
 * `read` with the results for string cells remembered: a column of a million cells holds a few hundred
 * distinct texts ("won", "15.03.2024", a rep's name), and parsing each again is most of reading's time.
 */
function memoStrings<T>(read: (cell: unknown) => Read<T>): (cell: unknown) => Read<T> {
  const memo = new Map<string, Read<T>>();
  return (cell) => {
    if (typeof cell !== 'string') return read(cell);
    let r = memo.get(cell);
    if (r === undefined) {
      r = read(cell);
      if (memo.size < MEMO_LIMIT) memo.set(cell, r);
    }
    return r;
  };
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
  const detected = detectColumns(grid[0] ?? []);
  const columns: Partial<Record<Field, ColumnRef>> = { ...detected };
  for (const [f, idx] of Object.entries(options.mapping ?? {}) as [Field, number | null][]) {
    if (idx === null || idx === undefined) delete columns[f];
    else columns[f] = { index: idx, header: isBlank(grid[0]?.[idx]) ? `column ${idx + 1}` : String(grid[0][idx]).trim() };
  }
  const timeZone = options.timeZone ?? 'UTC';
  const dayOf = dayOfInstantIn(timeZone);
  const today = dayOf(options.now ?? Date.now());
  const formatDate = (ms: number): string => formatDay(dayOf(ms));
  if (Object.keys(columns).length === 0) {
    const first = grid[0] ?? [];
    const cells = first.length > 0 ? first.slice(0, 6).map((c) => `"${cellText(c, formatDate)}"`).join(', ') : 'nothing';
    throw new KpiError(
      `the first row must be the header: none of its cells (${cells}) names a known column; looked for: ` +
        FIELDS.map((f) => HEADER_SYNONYMS[f][0]).join(', '),
    );
  }

  const used = usedRowCount(grid);
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

  const issues: RowIssue[] = [];
  /** Records why row `i`'s `field` is unusable: a failed read, as-is. */
  const issue = (i: number, field: Field, cell: unknown, why: Failed): void => {
    const ref = columns[field] as ColumnRef;
    const it = { row: rowNumbers[i], column: ref.header, field, value: cellText(cell, formatDate), reason: why.reason };
    issues.push(withCode(it, why.code, why.params));
  };
  /** Records a value the row needs but lacks, or one that cannot be true. */
  const rowIssue = <C extends IssueCode>(i: number, field: Field, cell: unknown, code: C, params: IssueParamsByCode[C]): void =>
    issue(i, field, cell, bad(code, params));
  const cellOf = (i: number, field: Field): unknown => grid[keep[i]][(columns[field] as ColumnRef).index];

  const nan = (): Float64Array => new Float64Array(n).fill(NaN);
  const dates: Record<DateField, Float64Array> = { created: nan(), qualified: nan(), closed: nan() };
  const numbers: Record<NumberField, Float64Array> = { amount: nan(), cost: nan(), probability: nan() };
  const qualifiedFlag = new Uint8Array(n);

  /**
   * Reads one column: `fast` takes the common typed cells (a number, a Date) without allocating and
   * returns undefined for the rest, which `read` handles (its string results remembered).
   */
  const readColumn = <T>(
    field: Field, read: (cell: unknown) => Read<T>, store: (i: number, v: T) => void, fast?: (cell: unknown) => T | undefined,
    memo = true,
  ): void => {
    const ref = columns[field];
    if (!ref) return;
    const col = ref.index;
    const slow = memo ? memoStrings(read) : read;
    for (let i = 0; i < n; i++) {
      const cell = grid[keep[i]][col];
      if (fast) {
        const v = fast(cell);
        if (v !== undefined) { store(i, v); continue; }
      }
      if (isBlank(cell)) continue;
      const r = slow(cell);
      if (r.ok) store(i, r.value);
      else issue(i, field, cell, r);
    }
  };
  const fastDay = (c: unknown): number | undefined => {
    if (!(isDate(c))) return undefined;
    const d = dayOf(c.getTime());
    return d >= FIRST_DATE_DAY ? d : undefined; // NaN and pre-1900 days take readDate, which names them
  };
  const fastNumber = (c: unknown): number | undefined => (typeof c === 'number' && Number.isFinite(c) ? c : undefined);

  for (const f of ['created', 'closed'] as const) {
    readColumn(f, (c) => readDate(c, dayOf), (i, d) => { dates[f][i] = d; }, fastDay);
  }
  readColumn('qualified', (c): Read<number> => {
    if (typeof c === 'boolean') return { ok: true, value: c ? Infinity : -Infinity };
    // A checkbox column exported as numbers: 1 and 0 are below every date serial, so they cannot be dates.
    if (c === 1 || c === 0) return { ok: true, value: c === 1 ? Infinity : -Infinity };
    if (typeof c === 'string') {
      const w = normalizeValue(c);
      if (TRUE_WORDS.has(w)) return { ok: true, value: Infinity };
      if (FALSE_WORDS.has(w)) return { ok: true, value: -Infinity };
    }
    return readDate(c, dayOf);
  }, (i, d) => {
    // ±Infinity mark TRUE/FALSE without a date: the flag holds the fact, the date stays unknown.
    if (d !== -Infinity) qualifiedFlag[i] = 1;
    if (Number.isFinite(d)) dates.qualified[i] = d;
  });
  readColumn('amount', readNumber, (i, v) => { numbers.amount[i] = v; }, fastNumber);
  readColumn('cost', readNumber, (i, v) => { numbers.cost[i] = v; }, fastNumber);
  readColumn('probability', readProbability, (i, v) => { numbers.probability[i] = v; });

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
    if (code) return { ok: true, value: code };
    return formulaErrorOf(c) ?? UNKNOWN_TYPE;
  }, (i, v) => { type[i] = v; });

  const isSalesLog = !columns.status;
  const kind = new Uint8Array(n);
  if (isSalesLog) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(numbers.amount[i])) kind[i] = Kind.Won;
  } else {
    readColumn('status', (c): Read<number> => {
      const code = STATUS_CODE.get(valueKey(String(c)));
      if (code !== undefined) return { ok: true, value: code };
      return formulaErrorOf(c) ?? UNKNOWN_STATUS;
    }, (i, v) => { kind[i] = v; });
    // A blank status on a non-blank row is an issue, not "open" (§6 Skipping).
    const col = (columns.status as ColumnRef).index;
    for (let i = 0; i < n; i++) {
      const cell = grid[keep[i]][col];
      if (isBlank(cell)) issue(i, 'status', cell, NO_STATUS);
    }
  }
  for (let i = 0; i < n; i++) if (kind[i] === Kind.Won && numbers.amount[i] < 0) kind[i] = Kind.Refund;

  // Values a deal needs but the row leaves blank, and dates that cannot have happened yet. A value that
  // was read (not NaN) cannot be blank, so the cell itself is looked at only where the value is missing.
  const { amount, cost } = numbers;
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    const closedDeal = k === Kind.Won || k === Kind.Lost || k === Kind.Refund;
    if (columns.closed && closedDeal) {
      const c = dates.closed[i];
      if (c !== c) { if (isBlank(cellOf(i, 'closed'))) rowIssue(i, 'closed', '', 'missing_close_date', { kind: kindWord(k) }); }
      else if (c > today) { rowIssue(i, 'closed', cellOf(i, 'closed'), 'future_close_date', { date: formatDay(c) }); dates.closed[i] = NaN; }
    }
    if (columns.created) {
      const c = dates.created[i];
      if (c !== c) { if (k !== Kind.Unknown && k !== Kind.Refund && isBlank(cellOf(i, 'created'))) issue(i, 'created', '', NO_CREATED); }
      else if (c > today) { rowIssue(i, 'created', cellOf(i, 'created'), 'future_creation_date', { date: formatDay(c) }); dates.created[i] = NaN; }
    }
    if (columns.qualified && dates.qualified[i] > today) {
      // A qualification that has not happened yet is a typo, not a yes: the lead's flag is unknown too.
      rowIssue(i, 'qualified', cellOf(i, 'qualified'), 'future_qualification_date', { date: formatDay(dates.qualified[i]) });
      dates.qualified[i] = NaN;
      qualifiedFlag[i] = 0;
    }
    if (columns.amount && amount[i] !== amount[i] && (k === Kind.Won || (isSalesLog && k === Kind.Unknown)) && isBlank(cellOf(i, 'amount'))) {
      issue(i, 'amount', '', isSalesLog ? NO_SALE_AMOUNT : NO_AMOUNT);
    }
    if (columns.cost && cost[i] !== cost[i] && (k === Kind.Won || k === Kind.Refund) && isBlank(cellOf(i, 'cost'))) {
      issue(i, 'cost', '', NO_COST);
    }
    // §6: a won deal closed before it was created cannot have a sales cycle; SALES_CYCLE skips it, the user sees why.
    if (k === Kind.Won && dates.closed[i] < dates.created[i]) {
      rowIssue(i, 'closed', cellOf(i, 'closed'), 'closed_before_created', {
        closed: formatDay(dates.closed[i]), created: formatDay(dates.created[i]),
      });
    }
  }
  issues.sort((a, b) => a.row - b.row || (columns[a.field]?.index ?? 0) - (columns[b.field]?.index ?? 0));
  const { minDay, maxDay } = dateSpan(dates, today);

  return {
    n, rowNumbers, headerRow, columns, isSalesLog, kind, dates, qualifiedFlag, numbers, labels: texts, type, issues,
    blankRows, today, minDay, maxDay, dayOf,
  };
}

/**
 * Earliest and latest readable date up to today in any date column (NaN, NaN without one): the span
 * of time groups over the whole table. Taken after the future-date checks, so a rejected date does
 * not stretch it, and an open deal's expected close date after today does not add empty buckets.
 */
function dateSpan(dates: Readonly<Record<DateField, Float64Array>>, today: number): { minDay: number; maxDay: number } {
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const f of ['created', 'qualified', 'closed'] as const) {
    const col = dates[f];
    for (let i = 0; i < col.length; i++) {
      const d = col[i];
      if (d > today) continue;
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
