/**
 * The `sales-kpi` command: builds the KPI summary of a deal table file into an XLSX workbook and prints the
 * overview as a table. stdout carries only the result (table, counts, output path); progress, warnings and
 * errors go to stderr. Exit codes: 0 done, 2 a bad argument or an unreadable input, 1 anything unexpected.
 */
import { parseArgs } from 'node:util';
import { KpiError } from '../engine/errors';
import { CANONICAL_OUTPUT, SCHEMA_FILE, runCanonicalJob } from './canonicalJob';
import { SqlCommandError, sqlMain } from './sqlCommand';
import { BIG_INPUT_BYTES, BIG_TABLE_ROWS, Progress } from './progress';
import { DEFAULT_OUTPUT, InputError, fileKind, runSummaryJob, type RunResult, type RunStep } from './run';
import { renderTable } from './terminalTable';
import { TEMPLATE_OUTPUT, runTemplateJob } from './writeTemplateXlsx';

/** Where the command writes, and whether its stdout shows colours. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
  /** "Now" for the job; default Date.now(). */
  readonly now?: number;
}

/** The command's help text: every option with its default. */
export const USAGE = `Usage: sales-kpi <deals.csv | deals.xlsx> [options]
       sales-kpi template [-o ${TEMPLATE_OUTPUT}] [--locale en|ru] [--sample] [--tz <zone>]
       sales-kpi canonical <deals.csv | deals.xlsx> [-o ${CANONICAL_OUTPUT}] [--sheet <name>] [--tz <zone>]
       sales-kpi sql --dialect bigquery|duckdb [--table NAME] [--schema schema.json] [--kpis id,…] [--period P] [--group-by G]

Builds the KPI summary of a deal table (CSV or XLSX, English or Russian headers, or a CRM's deal
export as it comes: HubSpot, Salesforce, Pipedrive, Zoho CRM, amoCRM/Kommo, Bitrix24, whose "Excel"
export is an HTML .xls) into an XLSX workbook that Google Sheets, Excel and LibreOffice open, and
prints the overview.

Options:
  --period <P>          the overview's period: 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15,
                        2024-03-01..2024-03-10, or FY2025 and FY2025-Q1 with --fiscal-year-start
                        (default: the last whole month with data)
  --granularity <g>     buckets of the "By period" block: day, week, month, quarter or year
                        (default: month)
  --fiscal-year-start <m>
                        the month (1..12) the fiscal year starts with: quarters and years are then
                        fiscal, named after the year they end in (with 4, FY2025 is April 2024 to
                        March 2025), and --period takes FY2025 and FY2025-Q1 (default: 1, January)
  --plan <file>         plan table (CSV or XLSX) with columns period, [rep], target
  --spend <file>        marketing spend table (CSV or XLSX) with columns date or period, amount, [source]
  --locale <en|ru>      language of the summary (default: ru when the deal table's headers are
                        Russian, else en)
  --live                write live formulas (SUMIFS, COUNTIFS, …) over a copy of the deals in a new
                        workbook, so the numbers follow edits without the add-on
  -o, --output <file>   the workbook to write (default: ${DEFAULT_OUTPUT}); never an input file.
                        Without --live an XLSX input is copied with the summary sheet added; a CSV
                        input, or an XLSX over 5 MB (too big to copy whole), gives a new workbook
                        with the summary and a "Deals" sheet
  --sheet <name>        the XLSX sheet that holds the deals (default: the first one with deal headers)
  --tz <zone>           IANA time zone that decides which day is today, for the default period, the
                        pipeline snapshot and future-date checks, and in which a CSV's date-times with
                        a UTC offset fall (default: this computer's zone)
  -h, --help            show this help

sales-kpi template writes the workbook template for teams (Deals, Plan, Spend, KPI and Lists sheets,
dropdowns, a named range and a KPI sheet of built-in formulas for the current month) to upload to
Google Drive and open as a Google Sheet; see sales-kpi template --help.

sales-kpi canonical writes the deal table as the canonical CSV that BigQuery (bq load) and DuckDB load,
with the ${SCHEMA_FILE} of its columns beside it; see sales-kpi canonical --help.

sales-kpi sql prints the query that computes the KPIs over that table in BigQuery or DuckDB, one row
per group, as the custom functions compute them over a sheet; see sales-kpi sql --help.

Examples:
  sales-kpi examples/deals-en.csv --plan examples/plan.csv --spend examples/spend.csv
  sales-kpi deals.xlsx --period 2024-Q1 --granularity week --locale ru --live -o q1.xlsx
  sales-kpi examples/crm/hubspot-deals.csv --period 2024-Q2
  sales-kpi template -o kpi-template.xlsx --sample
  sales-kpi canonical deals.xlsx -o bq/canonical.csv
  sales-kpi sql --dialect bigquery --table myproject.sales.deals --schema bq/schema.json --group-by month
`;

/** The help of `sales-kpi template`. */
export const TEMPLATE_USAGE = `Usage: sales-kpi template [-o ${TEMPLATE_OUTPUT}] [--locale en|ru] [--sample] [--tz <zone>]

Writes the workbook template for teams as an XLSX to upload to Google Drive and open as a Google
Sheet (Excel and LibreOffice open it too): a Deals sheet with the canonical headers, dropdowns on
status, type and rep (reps from the Lists sheet), date and money formats, a frozen header and a
named range "Deals" over columns A:M; Plan and Spend sheets with example rows for the current month;
a KPI sheet of formulas for the current month, built-in functions except the rows marked as needing
the Sales KPI add-on.

Options:
  -o, --output <file>   the workbook to write (default: ${TEMPLATE_OUTPUT}); an existing file is replaced
  --locale <en|ru>      language of the sheet names, headers, status words and labels (default: en)
  --sample              add 28 sample deals dated around today, so the KPI sheet shows numbers at once
  --tz <zone>           IANA time zone that decides which day is today, hence the current month
                        (default: this computer's zone)
  -h, --help            show this help
`;

const TEMPLATE_OPTIONS = {
  output: { type: 'string', short: 'o' },
  locale: { type: 'string' },
  sample: { type: 'boolean' },
  tz: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed `sales-kpi template` command line (the arguments after `template`). */
export type ParsedTemplate =
  | { readonly help: true }
  | { readonly help: false; readonly output?: string; readonly locale?: string; readonly sample: boolean; readonly tz?: string };

/** Parses the arguments of `sales-kpi template`; a UsageError in plain words for anything it rejects. */
export function parseTemplateCommandLine(argv: readonly string[]): ParsedTemplate {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: TEMPLATE_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }).replace('(see --help)', '(see sales-kpi template --help)'));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length > 0) throw new UsageError(`sales-kpi template reads no file, got ${positionals.join(', ')}: write the template with -o <file.xlsx>`);
  return { help: false, output: values.output, locale: values.locale, sample: values.sample === true, tz: values.tz };
}

/** Runs `sales-kpi template`: what it wrote on stdout. */
async function templateMain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseTemplateCommandLine(argv);
  if (parsed.help) {
    io.stdout(TEMPLATE_USAGE);
    return 0;
  }
  const { output, spec } = await runTemplateJob({ output: parsed.output, locale: parsed.locale, sample: parsed.sample, timeZone: parsed.tz, now: io.now });
  const ru = spec.locale === 'ru';
  const sheets = spec.sheets.map((s) => s.name).join(', ');
  const month = spec.monthStart.slice(0, 7);
  io.stdout(ru
    ? `Шаблон записан: ${output} (листы ${sheets}${spec.sampleDeals ? `; примеров сделок: ${spec.sampleDeals}` : ''}).\n` +
      `Загрузите его на Google Диск и откройте как Google Таблицу; лист KPI показывает текущий месяц (${month}).\n`
    : `Template written to ${output} (sheets ${sheets}${spec.sampleDeals ? `; ${spec.sampleDeals} sample deals` : ''}).\n` +
      `Upload it to Google Drive and open it as a Google Sheet; the KPI sheet shows the current month (${month}).\n`);
  return 0;
}

/** The help of `sales-kpi canonical`. */
export const CANONICAL_USAGE = `Usage: sales-kpi canonical <deals.csv | deals.xlsx> [-o ${CANONICAL_OUTPUT}] [--sheet <name>] [--tz <zone>]

Writes the deal table (read as sales-kpi reads it: CSV or XLSX, English or Russian headers, a CRM's
export as it comes) as the canonical deal table: a CSV with one row per deal and a column per field
the table has (row, id, created, qualified, is_qualified, closed, amount, cost, status, stage,
probability, rep, customer, source, type), every value as the engine reads it. A blank cell, a value
that cannot be read and a date after today are empty (NULL). Beside the CSV it writes ${SCHEMA_FILE},
the columns' BigQuery types, for:
  bq load --source_format=CSV --skip_leading_rows=1 dataset.deals ${CANONICAL_OUTPUT} ${SCHEMA_FILE}
DuckDB reads it too: CREATE TABLE deals AS SELECT * FROM read_csv('${CANONICAL_OUTPUT}', header=true)

Options:
  -o, --output <file>   the CSV to write (default: ${CANONICAL_OUTPUT}); ${SCHEMA_FILE} goes in its folder.
                        Never an input file; an existing output is replaced
  --sheet <name>        the XLSX sheet that holds the deals (default: the first one with deal headers)
  --tz <zone>           IANA time zone that decides which day is today (a later date is NULL), and in
                        which a CSV's date-times with a UTC offset fall (default: this computer's zone)
  -h, --help            show this help
`;

const CANONICAL_OPTIONS = {
  output: { type: 'string', short: 'o' },
  sheet: { type: 'string' },
  tz: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed `sales-kpi canonical` command line (the arguments after `canonical`). */
export type ParsedCanonical =
  | { readonly help: true }
  | { readonly help: false; readonly input: string; readonly output?: string; readonly sheet?: string; readonly tz?: string };

/** Parses the arguments of `sales-kpi canonical`; a UsageError in plain words for anything it rejects. */
export function parseCanonicalCommandLine(argv: readonly string[]): ParsedCanonical {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: CANONICAL_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }).replace('(see --help)', '(see sales-kpi canonical --help)'));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('no deal table given: sales-kpi canonical <deals.csv | deals.xlsx> [-o canonical.csv]');
  if (positionals.length > 1) throw new UsageError(`one deal table at a time, got ${positionals.length}: ${positionals.join(', ')}`);
  return { help: false, input: positionals[0], output: values.output, sheet: values.sheet, tz: values.tz };
}

/** Runs `sales-kpi canonical`: the files written and the row count on stdout. */
async function canonicalMain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCanonicalCommandLine(argv);
  if (parsed.help) {
    io.stdout(CANONICAL_USAGE);
    return 0;
  }
  const { progress, onStep } = progressFor(parsed.input, io, (rows) => `making the canonical table of ${rows} rows`);
  const result = await runCanonicalJob({ input: parsed.input, output: parsed.output, sheet: parsed.sheet, timeZone: parsed.tz, now: io.now, onStep });
  progress.done();
  for (const w of result.warnings) io.stderr(`sales-kpi: warning: ${w}\n`);
  const crm = result.crm === undefined ? '' : `The deal table is a ${result.crm} export: its columns and deal outcomes are read by that CRM's rules\n`;
  const issues = result.rowsWithIssues === 0 ? ''
    : `${result.rowsWithIssues} rows with issues: what could not be read is NULL (sales-kpi ${parsed.input} lists them in its Data quality block)\n`;
  io.stdout(
    `${crm}Canonical deal table written to ${result.output}: ${result.rows} rows, ${result.columns.length} columns ` +
      `(${result.columns.map((c) => c.name).join(', ')})\n` +
      `BigQuery schema written to ${result.schema}\n${issues}`,
  );
  return 0;
}

const OPTIONS = {
  period: { type: 'string' },
  granularity: { type: 'string' },
  'fiscal-year-start': { type: 'string' },
  plan: { type: 'string' },
  spend: { type: 'string' },
  locale: { type: 'string' },
  live: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  sheet: { type: 'string' },
  tz: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed command line: the deal file and the job's options, or a request for help. */
export type Parsed =
  | { readonly help: true }
  | { readonly help: false; readonly input: string; readonly values: Readonly<Record<string, string | boolean | undefined>> };

/** A bad command line; its message is shown as it is. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses the arguments with node:util parseArgs; a UsageError in plain words for anything it rejects. */
export function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('no deal table given: sales-kpi <deals.csv | deals.xlsx> [options]');
  if (positionals.length > 1) throw new UsageError(`one deal table at a time, got ${positionals.length}: ${positionals.join(', ')}`);
  return { help: false, input: positionals[0], values };
}

/** parseArgs' message rewritten without its advice about positionals: "unknown option --frobnicate". */
function parseArgsMessage(error: Error & { code?: string }): string {
  const option = /'(-[^'\s]*)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''} (see --help)`.replace('  ', ' ');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option && /argument missing/.test(error.message) ? `${option} needs a value (see --help)` : error.message;
    default:
      return error.message;
  }
}

/**
 * Progress lines for a job's steps: eager when the input file is big, else only once the job has run a second.
 * `computing` says what the job does with the rows it read.
 */
function progressFor(
  input: string, io: CliIo, computing = (rows: number): string => `computing the summary of ${rows} rows`,
): { progress: Progress; onStep: (s: RunStep) => void } {
  const progress = new Progress({ write: (line) => io.stderr(`${line}\n`) });
  const onStep = (s: RunStep): void => {
    switch (s.kind) {
      case 'read':
        if (s.bytes >= BIG_INPUT_BYTES[fileKind(input, 'deal table')]) progress.expectSlow();
        progress.step(`reading ${s.path} (${megabytes(s.bytes)})`);
        break;
      case 'rows':
        progress.step(`read ${groupDigits(s.rows)} rows`);
        break;
      case 'compute':
        if (s.rows > BIG_TABLE_ROWS) progress.expectSlow();
        progress.step(computing(s.rows));
        break;
      case 'write':
        progress.step(`writing ${s.path}`);
        break;
    }
  };
  return { progress, onStep };
}

/** A count with its thousands apart, as a progress line shows it: "250 000". */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A file size for a progress line: "85 kB", "10.7 MB". */
function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${Math.max(1, Math.round(bytes / 1000))} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** What is printed on stdout after a run: a heading, the overview table, the row counts and the output path. */
export function report(result: RunResult, color: boolean): string {
  const { counts } = result;
  const ru = result.locale === 'ru';
  const period = result.period === '' ? (ru ? 'всю таблицу (в ней нет читаемых дат)' : 'the whole table (it has no readable dates)') : result.period;
  const heading = ru
    ? `Сводка KPI за ${period}${result.periodAuto ? ' (последний полный месяц с данными)' : ''}`
    : `KPI summary for ${period}${result.periodAuto ? ' (the last whole month with data)' : ''}`;
  const rows = ru
    ? `Строк прочитано: ${counts.read}, использовано: ${counts.used}, с ошибками: ${counts.withIssues}` +
      (counts.withIssues > 0 ? ' (см. блок «Качество данных»)' : '')
    : `${counts.read} rows read, ${counts.used} used, ${counts.withIssues} with issues` +
      (counts.withIssues > 0 ? ' (listed in the Data quality block)' : '');
  const written = ru ? `Записано: ${result.output} (лист «${result.sheetName}»)` : `Written to ${result.output} (sheet "${result.sheetName}")`;
  const crm = result.crm === undefined ? ''
    : ru ? `Таблица сделок — выгрузка ${result.crm}: столбцы и исходы сделок прочитаны по её правилам\n`
    : `The deal table is a ${result.crm} export: its columns and deal outcomes are read by that CRM's rules\n`;
  return `${heading}\n${crm}\n${renderTable(result.overview, { locale: result.locale, color })}\n${rows}\n${written}\n`;
}

/** Runs the command; resolves to its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    if (argv[0] === 'template') return await templateMain(argv.slice(1), io);
    if (argv[0] === 'canonical') return await canonicalMain(argv.slice(1), io);
    if (argv[0] === 'sql') return sqlMain(argv.slice(1), io.stdout);
    const parsed = parseCommandLine(argv);
    if (parsed.help) {
      io.stdout(USAGE);
      return 0;
    }
    const v = parsed.values;
    const { progress, onStep } = progressFor(parsed.input, io);
    const result = await runSummaryJob({
      input: parsed.input,
      period: v.period as string | undefined,
      granularity: v.granularity as string | undefined,
      fiscalYearStart: v['fiscal-year-start'] as string | undefined,
      plan: v.plan as string | undefined,
      spend: v.spend as string | undefined,
      locale: v.locale as string | undefined,
      live: v.live === true,
      output: v.output as string | undefined,
      sheet: v.sheet as string | undefined,
      timeZone: v.tz as string | undefined,
      now: io.now,
      onStep,
    });
    progress.done();
    for (const w of result.warnings) io.stderr(`sales-kpi: warning: ${w}\n`);
    io.stdout(report(result, io.color));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof KpiError || error instanceof SqlCommandError) {
      io.stderr(`sales-kpi: ${oneLine(error.message)}\n`);
      return 2;
    }
    io.stderr(`sales-kpi: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/** A message on one line: the terminal shows an error as one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The process's streams: colours only on a terminal and without NO_COLOR. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}
