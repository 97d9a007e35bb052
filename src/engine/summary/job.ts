/**
 * The summary job every face runs (issue 7, point 3): grids and options in, the layout and what the face reports
 * out. The command line and the sidebar differ only in how they get the grids and where they write the layout
 * (a LayoutWriter), so the period choice, the side tables, the locale and the typed copy are decided here once.
 */
import { KpiError } from '../errors';
import { isLocale, type Locale } from '../locale';
import { GRANULARITIES, isFiscalYearStart, isGranularity, parsePeriodText, type Granularity } from '../period';
import { detectColumns, readDeals, type ColumnMapping } from '../read';
import { readPlan, readSpend } from '../sideTables';
import type { ReadWords } from '../settings';
import type { DealTable } from '../table';
import { dayOfInstantIn } from '../timezone';
import { buildSummary, chosenPeriod } from './build';
import { rowCounts } from './dataQuality';
import type { DealSheet, SheetLayout } from './layout';
import type { DealsSheetRef } from './liveFormulas';
import type { Benchmarks } from './status';
import { copyColumns, typedDealsSheet } from './typedSheet';

/** The name of the typed deals copy unless the face gives another. */
export const DEALS_COPY_NAME = 'Deals';

/** The deal table as a face read it. */
export interface DealGrid {
  /** The cells, header row first. */
  readonly values: readonly (readonly unknown[])[];
  /** Sheet row number of the header row (issues and live formulas use sheet rows); default 1. */
  readonly headerRow?: number;
  /** The sheet it came from: the summary points at it when there is no copy; default DEALS_COPY_NAME. */
  readonly sheetName?: string;
}

/** What the job is asked: DESIGN.md's BuildOptions once the face has turned its references into grids. */
export interface SummaryJobInput {
  readonly deals: DealGrid;
  /** A plan table `period, [rep], target`, header row first. */
  readonly plan?: readonly (readonly unknown[])[];
  /** A spend table `date or period, amount, [source]`, header row first. */
  readonly spend?: readonly (readonly unknown[])[];
  /** IANA zone the deal grid's Date cells are in; decides the days, months and "today". */
  readonly timeZone: string;
  /** "Now" as an instant, for today, the snapshots and the future-date checks. */
  readonly now: number;
  /**
   * Zone of the plan's and spend's Date cells; default timeZone. A face whose files store dates as UTC
   * midnights (XLSX) says UTC here even when it reads the deals in another zone.
   */
  readonly sideTimeZone?: string;
  /** The subtitle's "generated" instant; default now. */
  readonly generatedAt?: number;
  /** Overrides header detection field by field (the sidebar's column choice). */
  readonly mapping?: ColumnMapping;
  /** Period text (2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, a..b, FY2025, FY2025-Q1); absent or "": the last whole month with data. */
  readonly period?: string;
  /** Buckets of the by-period block; default month. */
  readonly granularity?: Granularity;
  /**
   * The month the fiscal year starts with (the document's settings), 1..12; default 1, the calendar year. The period
   * may then be FY2025 or FY2025-Q1, plan and spend rows too, and the by-period block's quarters and years are fiscal.
   */
  readonly fiscalYearStart?: number;
  /** Default: ru when most mapped headers are Cyrillic (localeOfHeaders), else en. */
  readonly locale?: Locale;
  /** Write the KPIs built-in functions can express as formulas over a typed copy of the deals. */
  readonly live?: boolean;
  /** Make the typed copy even without live formulas: the face has no deal sheet to point at (a CSV). */
  readonly copy?: boolean;
  /** The copy's sheet name; default DEALS_COPY_NAME. */
  readonly copyName?: string;
  readonly benchmarks?: Partial<Benchmarks>;
  /** A team's own status and type words (the document's settings), added to the spec's when the deals are read. */
  readonly words?: ReadWords;
  /** ISO 4217 code the money formats name (the document's settings); default none. */
  readonly currency?: string;
  /** The KPIs to show, by id; default every KPI the columns and side tables allow. */
  readonly kpis?: readonly string[];
  /**
   * Live formulas over the deal sheet itself (the grid is the user's own sheet, `deals.sheetName`), not over a
   * typed copy: a Sheets summary follows a collaborator's edits. A quantity whose column holds cells the formulas
   * would read otherwise than the engine (text amounts or dates, dates the engine rejects) is a value with a note.
   */
  readonly liveOverSource?: boolean;
  /** Called once the deal table is read, before the summary is built (the command line's progress line). */
  readonly onRead?: (table: DealTable) => void;
}

/** Rows of the deal table: read = used + blank + with issues (as in the data-quality block). */
export interface RowCounts {
  readonly read: number;
  readonly used: number;
  readonly blank: number;
  readonly withIssues: number;
  /** Cells that could not be read (a row may have several). */
  readonly issues: number;
}

/** What the job made, for the face to write (layout, dealsCopy) and to report (the rest). */
export interface SummaryJobResult {
  readonly table: DealTable;
  readonly layout: SheetLayout;
  /** The overview's period label ("2025-12"; "" for a table without dates). */
  readonly period: string;
  /** True when the period was chosen here as the last whole month with data. */
  readonly periodAuto: boolean;
  readonly locale: Locale;
  readonly counts: RowCounts;
  /** The typed deals copy, when live formulas or the face asked for one; header at its source row. */
  readonly dealsCopy?: DealSheet;
  /** The CRM export the deal table was recognised as ("HubSpot", "Bitrix24" …), if any. */
  readonly crm: string | undefined;
}

/**
 * An engine error about one input grid: the face prefixes the message with that input's name (a file, a
 * sheet), which only it knows. Errors about the options or the build are plain KpiErrors.
 */
export class JobInputError extends KpiError {
  readonly input: 'deals' | 'plan' | 'spend';

  constructor(input: 'deals' | 'plan' | 'spend', message: string) {
    super(message);
    this.name = 'JobInputError';
    this.input = input;
  }
}

/** Runs the summary job over grids: reads the tables, chooses period and locale, builds the layout; see SummaryJobInput. */
export function runSummary(input: SummaryJobInput): SummaryJobResult {
  if (input.fiscalYearStart !== undefined && !isFiscalYearStart(input.fiscalYearStart)) {
    throw new KpiError(`fiscal year start ${String(input.fiscalYearStart)} must be a month number 1..12`);
  }
  const fiscal = input.fiscalYearStart ?? 1;
  const asked = parsePeriodText(input.period ?? '', fiscal);
  const granularity = input.granularity ?? 'month';
  if (!isGranularity(granularity)) throw new KpiError(`granularity "${String(granularity)}" must be one of ${GRANULARITIES.join(', ')}`);
  if (input.locale !== undefined && !isLocale(input.locale)) throw new KpiError(`locale "${String(input.locale)}" must be en or ru`);

  const { values } = input.deals;
  const headerRow = input.deals.headerRow ?? 1;
  const table = fromGrid('deals', () =>
    readDeals(values, { timeZone: input.timeZone, now: input.now, headerRow, mapping: input.mapping, words: input.words, fiscalYearStart: fiscal }));
  const sideDayOf = input.sideTimeZone === undefined ? table.dayOf : dayOfInstantIn(input.sideTimeZone);
  const plan = input.plan && fromGrid('plan', () => readPlan(input.plan, sideDayOf, fiscal));
  const spend = input.spend && fromGrid('spend', () => readSpend(input.spend, sideDayOf, fiscal));
  const locale = input.locale ?? localeOfHeaders(values[0] ?? []);
  input.onRead?.(table);

  const live = input.live === true;
  // Live formulas need typed cells, and a face without a deal sheet to point at needs a copy to hold them.
  const copy = (live && !input.liveOverSource) || input.copy === true;
  const copyName = input.copyName ?? DEALS_COPY_NAME;
  const typed = copy ? typedDealsSheet(table, values) : undefined;
  const dealsSheet: DealsSheetRef = typed
    ? { name: copyName, values: typed, columns: copyColumns(table, values) }
    : { name: input.deals.sheetName ?? DEALS_COPY_NAME, ...(live ? { values, source: true } : {}) };
  const layout = buildSummary({
    table, dealsSheet, period: asked, granularity, fiscalYearStart: fiscal, plan, spend, locale, live,
    benchmarks: input.benchmarks, generatedAt: new Date(input.generatedAt ?? input.now), kpis: input.kpis, currency: input.currency,
  });
  const { period, auto } = chosenPeriod(table, asked);
  return {
    table, layout, period: period.label, periodAuto: auto, locale,
    counts: { ...rowCounts(table), issues: table.issues.length },
    dealsCopy: typed && { name: copyName, values: atHeaderRow(typed, headerRow) },
    crm: table.layout?.name,
  };
}

/** Runs a read of one input grid, marking its engine errors with that input so the face can name it. */
function fromGrid<T>(which: 'deals' | 'plan' | 'spend', read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof KpiError && !(error instanceof JobInputError)) throw new JobInputError(which, error.message);
    throw error;
  }
}

/** ru when most of the mapped headers are written in Cyrillic, else en: a Russian table gets a Russian summary. */
export function localeOfHeaders(header: readonly unknown[]): Locale {
  const found = Object.values(detectColumns(header));
  const cyrillic = found.filter((ref) => ref && /[а-яё]/i.test(ref.header)).length;
  return found.length > 0 && cyrillic * 2 > found.length ? 'ru' : 'en';
}

/** The grid with `headerRow - 1` blank rows on top, so the copy's rows keep the source's row numbers. */
function atHeaderRow(values: readonly (readonly unknown[])[], headerRow: number): readonly (readonly unknown[])[] {
  const pad: unknown[][] = [];
  for (let r = 1; r < headerRow; r++) pad.push([]);
  return pad.length === 0 ? values : [...pad, ...values];
}
