/**
 * The local job as one function: a deal table file (CSV or XLSX) and options in, an XLSX workbook with the KPI
 * summary out, the overview rows returned for the terminal. Only the files are this module's: the summary job
 * itself is the engine's (runSummary), the same one the sidebar runs. The input files are only ever read.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { ensureDir } from './files';
import { isBlank } from '../engine/coerce';
import { KpiError } from '../engine/errors';
import { ALL_TIME, GRANULARITIES, isGranularity, parsePeriodText, type FiscalYearStart, type Granularity, type Period } from '../engine/period';
import { fiscalYearStartOption } from './fiscalOption';
import {
  DEALS_COPY_NAME, JobInputError, runSummary,
  type DealSheet, type LayoutCell, type LayoutWriter, type Locale, type RowCounts, type SheetLayout, type SummaryJobResult, type WrittenLayout,
} from '../engine/summary';
import { dayOfInstantIn } from '../engine/timezone';
import { readCsv } from './readCsv';
import { isHtml, readHtmlTable } from './readHtmlTable';
import { readXlsxTable, XLSX_TIME_ZONE } from './readXlsx';
import { streamsXlsx } from './readXlsxStream';
import { XlsxLayoutWriter } from './writeXlsx';

/** Every grid is read in UTC: XLSX dates are UTC midnights, CSV dates are text (see todayAsUtc). */
const READ_ZONE = XLSX_TIME_ZONE;

export type { RowCounts };

/** What to summarise and where to write it. */
export interface RunOptions {
  /** The deal table: a .csv (.tsv, .txt) or .xlsx (.xlsm) file. */
  readonly input: string;
  /** Period text (2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, a..b); default the last whole month with data as of today in timeZone (lastWholeMonth). */
  readonly period?: string;
  /** Buckets of the by-period block; default month. */
  readonly granularity?: string;
  /** The month the fiscal year starts with, a number 1..12 as the command line gives it; default 1, the calendar year. */
  readonly fiscalYearStart?: string;
  /** A plan table file: period, [rep], target. */
  readonly plan?: string;
  /** A marketing spend file: date or period, amount, [source]. */
  readonly spend?: string;
  /** Language of the summary; default ru when the deal table's headers are Russian, else en. */
  readonly locale?: string;
  /** Write live formulas over a typed copy of the deals ("Deals") in a new workbook. */
  readonly live?: boolean;
  /** The workbook to write; default out/kpi-summary.xlsx. */
  readonly output?: string;
  /** IANA time zone whose "today" the default period, the snapshots and the future-date checks use; default this machine's. */
  readonly timeZone?: string;
  /** The XLSX sheet holding the deals; default the first sheet that looks like a deal table. */
  readonly sheet?: string;
  /** "Now" as an instant; default Date.now(). */
  readonly now?: number;
  /** Called as each step starts, with what it is about to do (for progress lines). */
  readonly onStep?: (step: RunStep) => void;
}

/** A step of the job, for progress reporting. */
export type RunStep =
  | { readonly kind: 'read'; readonly path: string; readonly bytes: number }
  /** Rows read so far from a big XLSX file, which is streamed (every PROGRESS_ROWS rows). */
  | { readonly kind: 'rows'; readonly rows: number }
  | { readonly kind: 'compute'; readonly rows: number }
  | { readonly kind: 'write'; readonly path: string };

/** What the job did. */
export interface RunResult {
  /** The workbook written, as given (relative paths stay relative). */
  readonly output: string;
  /** The summary sheet's name in it. */
  readonly sheetName: string;
  /** The overview block: its header row, then one row per KPI (KPI, value, previous, change, trend, target, status). */
  readonly overview: readonly (readonly LayoutCell[])[];
  /** The overview's period label ("2025-12"; "" for a table without dates), and whether it was chosen as the last whole month with data. */
  readonly period: string;
  readonly periodAuto: boolean;
  readonly locale: Locale;
  readonly counts: RowCounts;
  /** What the readers and the writer want the user to know (guessed encodings, dropped workbook parts …). */
  readonly warnings: readonly string[];
  readonly layout: SheetLayout;
  /** The CRM export the deal table was recognised as ("HubSpot", "Bitrix24" …), if any. */
  readonly crm: string | undefined;
}

/** A problem with the options or the input files: the command line shows its message and exits with code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Where the summary goes unless -o says otherwise. */
export const DEFAULT_OUTPUT = 'out/kpi-summary.xlsx';
/** The name of the deal sheet copied next to the summary. */
export const DEALS_SHEET = DEALS_COPY_NAME;

const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);
const XLSX_EXTENSIONS = new Set(['.xlsx', '.xlsm']);

/**
 * How a file is read, by its extension; an InputError for anything else. An .xls is read when it is the
 * HTML table some CRMs export under that name (Bitrix24), and refused when it is a binary workbook.
 */
export function fileKind(path: string, what: string): 'csv' | 'xlsx' | 'xls' {
  const ext = extname(path).toLowerCase();
  if (CSV_EXTENSIONS.has(ext)) return 'csv';
  if (XLSX_EXTENSIONS.has(ext)) return 'xlsx';
  if (ext === '.xls') return 'xls';
  if (ext === '.ods') {
    throw new InputError(`${what} ${path}: ${ext} workbooks are not read; save it as .xlsx or .csv`);
  }
  throw new InputError(`${what} ${path}: expected a .csv or .xlsx file`);
}

/** The options checked before any file is read, so a typo fails fast. */
interface Checked {
  readonly kind: 'csv' | 'xlsx' | 'xls';
  /** Parsed only so a bad period fails before any file is read; the engine's job parses the text again. */
  readonly period: Period;
  readonly granularity: Granularity;
  readonly fiscalYearStart: FiscalYearStart;
  readonly locale?: Locale;
  readonly output: string;
  readonly now: number;
  /** The --tz zone (default this computer's), in which a CSV's date-times with a UTC offset are placed. */
  readonly zone: string;
  /** "Now" as an instant. */
  readonly instant: number;
}

/** Checks every option that needs no file: the input's kind, period, granularity, locale, time zone. */
export function checkOptions(options: RunOptions): Checked {
  const kind = fileKind(options.input, 'deal table');
  const fiscalYearStart = fiscalYearStartOption(options.fiscalYearStart);
  let period: Period = ALL_TIME;
  if (options.period !== undefined) {
    if (options.period.trim() === '') throw new InputError('--period is empty: give a period such as 2024-03, or leave the option out');
    period = parsePeriodText(options.period, fiscalYearStart);
  }
  const granularity = options.granularity ?? 'month';
  if (!isGranularity(granularity)) {
    throw new InputError(`--granularity "${granularity}" must be one of ${GRANULARITIES.join(', ')}`);
  }
  const locale = options.locale;
  if (locale !== undefined && locale !== 'en' && locale !== 'ru') throw new InputError(`--locale "${locale}" must be en or ru`);
  const output = options.output ?? DEFAULT_OUTPUT;
  const instant = options.now ?? Date.now();
  const now = todayAsUtc(options.timeZone, instant);
  const zone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return { kind, period, granularity, fiscalYearStart, locale, output, now, zone, instant };
}

/**
 * UTC midnight of today's date in `timeZone`. Every grid is read in UTC (XLSX dates are
 * stored as UTC midnights, CSV dates are text), so the zone only decides which day is today.
 */
export function todayAsUtc(timeZone: string | undefined, now: number): number {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  let dayOf;
  try {
    dayOf = dayOfInstantIn(zone);
  } catch {
    throw new InputError(`--tz "${zone}" is not a time zone: use an IANA name such as Europe/Moscow or UTC`);
  }
  return dayOf(now) * 86400000;
}

/** Refuses to write over any input: the input files are never modified. `what` is what the output holds. */
export async function checkNotInput(output: string, inputs: readonly (string | undefined)[], what = 'the summary'): Promise<void> {
  for (const input of inputs) {
    if (input !== undefined && (await samePath(input, output))) {
      throw new InputError(`-o ${output} is an input file: write ${what} to another file (the inputs are never modified)`);
    }
  }
}

/** True when both paths name one file (the same path, a link to it, or the same inode). */
async function samePath(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    if ((await realpath(a)) === (await realpath(b))) return true;
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** A file's size, or an InputError naming the file when it cannot be read. */
export async function fileSize(path: string, what: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new InputError(`cannot read ${what} ${path}: it is a directory`);
    return s.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${what} ${path}: ${fsReason(error)}`);
  }
}

/** A file-system error in a few words: "no such file", "permission denied". */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  return (error as Error)?.message ?? String(error);
}

/** A grid read from a file, with the sheet row of its header. */
export interface Grid {
  readonly values: unknown[][];
  readonly headerRow: number;
  readonly sheetName?: string;
  readonly warnings: readonly string[];
}

/**
 * Reads a CSV or XLSX file into a grid; every failure is an InputError naming the file. A big XLSX file is streamed,
 * and `onRows` hears how many rows are read as it goes.
 */
export async function readGrid(path: string, what: string, sheet?: string, onRows?: (rows: number) => void): Promise<Grid> {
  const kind = fileKind(path, what);
  try {
    if (kind === 'csv') {
      const csv = readCsv(path);
      return { values: csv.values, headerRow: csv.headerRow, warnings: csv.warnings.map((w) => `${path}: ${w}`) };
    }
    if (kind === 'xls') {
      const bytes = await readFile(path);
      if (!isHtml(bytes)) throw new InputError(`${what} ${path}: .xls workbooks are not read; save it as .xlsx or .csv`);
      const html = readHtmlTable(bytes);
      return { values: html.values, headerRow: 1, warnings: html.warnings.map((w) => `${path}: ${w}`) };
    }
    const x = await readXlsxTable(path, { sheet, onRows });
    return { values: x.values, headerRow: x.headerRow, sheetName: x.sheetName, warnings: x.warnings };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code) throw new InputError(`cannot read ${what} ${path}: ${fsReason(error)}`);
    const message = (error as Error)?.message ?? String(error);
    throw new InputError(message.includes(path) ? message : `cannot read ${what} ${path}: ${message}`);
  }
}

/** Reads a plan or spend file into a grid for the job. */
async function readSideFile(path: string, what: 'plan' | 'spend'): Promise<Grid> {
  await fileSize(path, `the ${what} file`);
  return readGrid(path, `the ${what} file`);
}

/** Runs the job: reads the input files, runs the engine's summary job on their grids, writes the workbook; see RunOptions and RunResult. */
export async function runSummaryJob(options: RunOptions): Promise<RunResult> {
  const checked = checkOptions(options);
  const { output } = checked;
  const step = options.onStep ?? (() => undefined);
  await checkNotInput(output, [options.input, options.plan, options.spend]);
  if (extname(output).toLowerCase() !== '.xlsx') throw new InputError(`-o ${output}: the output must be an .xlsx file`);

  const bytes = await fileSize(options.input, 'the deal table');
  step({ kind: 'read', path: options.input, bytes });
  const grid = await readGrid(options.input, 'the deal table', options.sheet, (rows) => step({ kind: 'rows', rows }));
  const plan = options.plan ? await readSideFile(options.plan, 'plan') : undefined;
  const spend = options.spend ? await readSideFile(options.spend, 'spend') : undefined;
  // A big workbook is not copied: ExcelJS would load all of it, some 80 times its size in memory.
  const copyInput = checked.kind === 'xlsx' && !streamsXlsx(bytes);
  const job = summarise(options, checked, grid, plan, spend, step, !copyInput);

  step({ kind: 'write', path: output });
  await makeParentDir(output);
  const written = await writeOutput(new XlsxLayoutWriter({ output, input: options.input }), job.layout, job.dealsCopy, output);
  const notCopied = checked.kind === 'xlsx' && !copyInput && options.live !== true
    ? [`${options.input} is ${(bytes / 1e6).toFixed(1)} MB, too big to copy whole: ${output} is a new workbook with the summary and a copy of the deals`]
    : [];
  return {
    output, sheetName: written.sheetName, overview: overviewRows(job.layout), period: job.period, periodAuto: job.periodAuto,
    locale: job.locale, layout: job.layout, crm: job.crm, counts: job.counts,
    warnings: [...grid.warnings, ...(plan?.warnings ?? []), ...(spend?.warnings ?? []), ...written.warnings, ...notCopied],
  };
}

/** The engine's job on the files' grids; its errors become InputErrors naming the file they are about. */
function summarise(
  options: RunOptions, checked: Checked, grid: Grid, plan: Grid | undefined, spend: Grid | undefined, step: (s: RunStep) => void, copy: boolean,
): SummaryJobResult {
  const at = dealsClock(checked);
  try {
    return runSummary({
      deals: { values: grid.values, headerRow: grid.headerRow, sheetName: grid.sheetName },
      plan: plan?.values, spend: spend?.values, ...at, sideTimeZone: READ_ZONE, generatedAt: checked.instant,
      period: options.period, granularity: checked.granularity, fiscalYearStart: checked.fiscalYearStart, locale: checked.locale,
      live: options.live === true,
      // A CSV (or HTML .xls) has no sheet to point at, nor a big workbook that is not copied: they get a typed copy of the deals.
      copy, copyName: DEALS_SHEET,
      onRead: (table) => step({ kind: 'compute', rows: table.n }),
    });
  } catch (error) {
    if (error instanceof JobInputError) {
      const file = { deals: options.input, plan: `the plan file ${options.plan}`, spend: `the spend file ${options.spend}` }[error.input];
      throw new InputError(`${file}: ${error.message}`);
    }
    if (error instanceof KpiError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * The zone and "now" the deal table is read with. A CSV's dates are text, the day as written; only a date-time with a
 * UTC offset (2024-02-29T22:30:00Z) is an instant, and --tz places it. An XLSX's dates are UTC midnights (or
 * wall-clock times stored as UTC): read in UTC, with "now" as the UTC midnight of today in --tz. Plan and spend files
 * are always read in UTC.
 */
export function dealsClock(checked: Pick<Checked, 'kind' | 'zone' | 'instant' | 'now'>): { timeZone: string; now: number } {
  return checked.kind !== 'xlsx' ? { timeZone: checked.zone, now: checked.instant } : { timeZone: READ_ZONE, now: checked.now };
}

/** Creates the output's folder (out/ by default); an InputError when it cannot. */
export async function makeParentDir(output: string): Promise<void> {
  const folder = dirname(resolve(output));
  try {
    await ensureDir(folder);
  } catch (error) {
    throw new InputError(`cannot create the folder ${folder} for -o ${output}: ${fsReason(error)}`);
  }
}

/** Writes through the face's LayoutWriter; a file-system failure becomes an InputError naming the output. */
async function writeOutput(writer: LayoutWriter, layout: SheetLayout, deals: DealSheet | undefined, output: string): Promise<WrittenLayout> {
  try {
    return await writer.write(layout, deals);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code) throw new InputError(`cannot write ${output}: ${fsReason(error)}`);
    throw error;
  }
}

/** The overview block's rows under its section title: the header row, then one row per KPI. */
export function overviewRows(layout: SheetLayout): LayoutCell[][] {
  const block = layout.blocks.find((b) => b.id === 'overview');
  if (!block) return [];
  const rows: LayoutCell[][] = [];
  for (let r = block.firstRow + 1; r <= block.lastRow; r++) {
    const row = layout.rows[r] ?? [];
    if (row.length > 0 && !row.every((c) => !c || isBlank(c.v))) rows.push(row.slice());
  }
  return rows;
}
