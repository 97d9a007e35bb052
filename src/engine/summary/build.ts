/** The KPI summary sheet (§4, issue #3): from a deal table and options to a `SheetLayout` every writer applies as it is. */
import { formatDay } from '../days';
import { lastWholeMonth } from '../defaultPeriod';
import { ALL_TIME, isFiscalBucket, previousPeriod, type FiscalYearStart, type Granularity, type Period } from '../period';
import type { PlanTable, SpendTable } from '../sideTables';
import type { DealTable } from '../table';
import { byPeriodBlock } from './byPeriod';
import { byRepBlock } from './byRep';
import { bySourceBlock } from './bySource';
import { periodText, t, type SummaryContext } from './context';
import { customerValueBlock } from './customerValue';
import { dataQualityBlock, rowCounts } from './dataQuality';
import { SUMMARY_MARKER, type ChartSpec, type Merge, type SheetLayout } from './layout';
import { fiscalYearText, groupThousands, label, type Locale } from './labels';
import { createLive, type DealsSheetRef } from './liveFormulas';
import { overviewBlock } from './overview';
import { pipelineBlock } from './pipelineBlock';
import { formatsFor, SheetBuilder } from './sheet';
import { withDefaults, type Benchmarks } from './status';

/** What a summary is built from. */
export interface SummaryInput {
  readonly table: DealTable;
  /** The deal sheet: its name (formulas point at it) and, for live formulas, its cells, header row first, from column A. */
  readonly dealsSheet: DealsSheetRef;
  /** The overview's period; the whole table means the last whole month with data (see lastWholeMonth). */
  readonly period: Period;
  /** Buckets of the by-period block; default month. */
  readonly granularity?: Granularity;
  /** The month the fiscal year starts with: the by-period block's quarters and years are fiscal unless it is 1 (the default). */
  readonly fiscalYearStart?: FiscalYearStart;
  readonly plan?: PlanTable;
  readonly spend?: SpendTable;
  readonly locale: Locale;
  /** Write the KPIs built-in functions can express as formulas over the deal sheet. */
  readonly live: boolean;
  readonly benchmarks?: Partial<Benchmarks>;
  /** When the summary was made, for the subtitle; default now. */
  readonly generatedAt?: Date;
  /** The KPIs to show, by id (the sidebar's choice); default every KPI the columns and side tables allow. */
  readonly kpis?: readonly string[];
  /** ISO 4217 code the money formats name ("1,234.00 USD"); default none. */
  readonly currency?: string;
}

/** Columns the title spans at least: the overview's. */
const MIN_COLUMNS = 7;
/** Pixel widths: the label column, and every other. */
const LABEL_WIDTH = 220;
const VALUE_WIDTH = 120;
/** Rows a chart covers, so the next one is anchored below it. */
const ROW_HEIGHT = 21;

/**
 * The overview's period: the asked one, or over the whole table the last whole month with data as of the
 * table's today (lastWholeMonth: a summary compares a period with the one before, so not a month still
 * running); the whole table when the table has no dates. `auto` says the period was chosen here.
 */
export function chosenPeriod(table: DealTable, asked: Period): { period: Period; auto: boolean } {
  if (asked.kind !== 'all') return { period: asked, auto: false };
  const month = lastWholeMonth(table.maxDay, table.today);
  return month ? { period: month, auto: true } : { period: ALL_TIME, auto: false };
}

/** The subtitle: deal sheet, period (and why that one), rows read and used, date generated. */
function subtitle(ctx: SummaryContext, input: SummaryInput, auto: boolean): string {
  const { locale, table } = ctx;
  const counts = rowCounts(table);
  let period = periodText(ctx, ctx.period);
  if (auto) period += ` (${t(ctx, 'lastMonthWithData')})`;
  else if (ctx.period.kind === 'all') period = t(ctx, 'noDates');
  // A fiscal label (FY2025-Q1) or fiscal buckets say when the fiscal year starts; calendar ones need no word.
  const fiscal = ctx.period.kind !== 'all' && ctx.period.fiscal ? ctx.period.fiscal
    : isFiscalBucket(ctx.granularity, ctx.fiscal) ? ctx.fiscal : undefined;
  if (fiscal) period += ` (${fiscalYearText(locale, fiscal)})`;
  const generated = input.generatedAt ?? new Date();
  return [
    `${t(ctx, 'dealSheet')}: ${input.dealsSheet.name}`,
    `${t(ctx, 'period')}: ${period}`,
    t(ctx, 'rowsReadUsed', { read: groupThousands(locale, counts.read), used: groupThousands(locale, counts.used) }),
    t(ctx, 'generated', { date: formatDay(table.dayOf(generated.getTime())) }),
  ].join(' · ');
}

/** Anchors the charts to the right of the widest block, each at its block's rows and below the one before. */
function placeCharts(charts: readonly ChartSpec[], width: number): ChartSpec[] {
  let free = 0;
  return charts.map((c) => {
    const row = Math.max(c.anchor.row, free);
    free = row + Math.ceil(c.height / ROW_HEIGHT) + 1;
    return { ...c, anchor: { row, col: width + 1 } };
  });
}

/** Builds the summary sheet: title, subtitle, then overview, by period, by rep, by source, pipeline, customer value and data quality. */
export function buildSummary(input: SummaryInput): SheetLayout {
  const { table, locale } = input;
  const { period, auto } = chosenPeriod(table, input.period);
  const sheet = new SheetBuilder();
  const live = input.live ? createLive(table, input.dealsSheet) : null;
  const ctx: SummaryContext = {
    table, locale, period, prev: previousPeriod(period), granularity: input.granularity ?? 'month', fiscal: input.fiscalYearStart ?? 1,
    plan: input.plan, spend: input.spend, benchmarks: withDefaults(input.benchmarks),
    live, liveAsked: input.live, sheet, kpis: input.kpis && new Set(input.kpis),
  };
  const unsafe = live && live.problems.length > 0
    ? t(ctx, 'liveUnsafe', { column: live.problems[0].split(':')[0], example: live.problems.slice(0, 3).join('; ') })
    : undefined;
  sheet.push([{ v: t(ctx, 'title'), style: 'title' }]);
  sheet.push([{ v: subtitle(ctx, input, auto), style: 'subtitle', ...(unsafe ? { note: unsafe } : {}) }]);
  sheet.push([]);
  overviewBlock(ctx);
  byPeriodBlock(ctx);
  byRepBlock(ctx);
  bySourceBlock(ctx);
  pipelineBlock(ctx);
  customerValueBlock(ctx);
  dataQualityBlock(ctx);
  // The blank row after the last block is not part of the sheet.
  while (sheet.rows.length > 0 && sheet.rows[sheet.rows.length - 1].length === 0) sheet.rows.pop();
  const width = Math.max(MIN_COLUMNS, sheet.width());
  const merges: Merge[] = [
    { row: 0, col: 0, rows: 1, cols: width },
    { row: 1, col: 0, rows: 1, cols: width },
  ];
  return {
    name: label(locale, 'sheetName'),
    marker: SUMMARY_MARKER,
    rows: sheet.rows,
    formats: formatsFor(locale, input.currency),
    columnWidths: Array.from({ length: width }, (_, c) => (c === 0 ? LABEL_WIDTH : VALUE_WIDTH)),
    frozenRows: 2,
    merges,
    charts: placeCharts(sheet.charts, width),
    blocks: sheet.blocks,
    conditional: sheet.conditional,
    sources: sheet.sources,
  };
}
