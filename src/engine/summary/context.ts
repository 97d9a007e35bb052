/** What every block of the summary reads: the table, the period, the options, and the shared helpers of blocks. */
import { missingColumns, needsOf } from '../needs';
import { findKpi } from '../catalog';
import type { Definition } from '../definition';
import { KpiError } from '../errors';
import type { KpiArgs, KpiDef, KpiValue } from '../kpi';
import { noValue } from '../kpi';
import { describePeriod, type Bounded, type FiscalYearStart, type Granularity, type Period } from '../period';
import type { PlanTable, SpendTable } from '../sideTables';
import { BLANK_GROUP, type Slicing } from '../slicing';
import type { DealTable } from '../table';
import type { BlockRef, FormatName, LayoutCell } from './layout';
import { label, type LabelKey, type Locale } from './labels';
import { refKeyOf, type GroupFilter, type Live, type Scope } from './liveFormulas';
import { a1, text, type SheetBuilder } from './sheet';
import type { Benchmarks } from './status';

/** One column of a per-group block (by rep, by source): its values per group, and how to show them. */
export interface GroupColumn {
  /** A KPI's function name, or a block's own column (PLAN, LEADS). */
  readonly name: string;
  readonly title: string;
  readonly fmt: FormatName;
  readonly values: readonly KpiValue[];
  /** The KPI behind the column, where there is one. */
  readonly def?: KpiDef;
  /** What the column holds, for its live formula and for formulas that point at it (a KPI's, or the leads'). */
  readonly definition?: Definition;
  /** The header's note. */
  readonly note?: string;
}

/** The inputs of every block, resolved once. */
export interface SummaryContext {
  readonly table: DealTable;
  readonly locale: Locale;
  /** The overview's period: the asked one, or the last whole month with data (lastWholeMonth). */
  readonly period: Period;
  /** The period before it; null for the whole table. */
  readonly prev: Bounded | null;
  readonly granularity: Granularity;
  /** The month the fiscal year starts with: the by-period block's quarters and years are fiscal unless it is 1. */
  readonly fiscal: FiscalYearStart;
  readonly plan?: PlanTable;
  readonly spend?: SpendTable;
  readonly benchmarks: Benchmarks;
  /** The live quantities, or null when the summary holds values only. */
  readonly live: Live | null;
  /** True when live formulas were asked for (even if none could be made). */
  readonly liveAsked: boolean;
  readonly sheet: SheetBuilder;
  /** The KPI ids asked for; undefined: all. */
  readonly kpis?: ReadonlySet<string>;
}

/** The label `key` in the summary's locale. */
export function t(ctx: SummaryContext, key: LabelKey, vars?: Readonly<Record<string, string | number>>): string {
  return label(ctx.locale, key, vars);
}

/** A KPI's title in the summary's locale. */
export function kpiTitle(ctx: SummaryContext, def: KpiDef): string {
  return ctx.locale === 'ru' ? def.title.ru : def.title.en;
}

/** A KPI's description as a hover note: the catalog describes KPIs in English only, so a Russian summary has none. */
export function descriptionNote(ctx: SummaryContext, def: KpiDef): string | undefined {
  return ctx.locale === 'en' ? def.description : undefined;
}

/** A period as the summary names it: its label, or "the whole table". */
export function periodText(ctx: SummaryContext, p: Period): string {
  return p.kind === 'all' ? t(ctx, 'wholeTable') : describePeriod(p);
}

/** A group label as shown: the `(blank)` group in the summary's language. */
export function groupText(ctx: SummaryContext, s: Slicing, k: number): string {
  return s.labels[k] === BLANK_GROUP && k === s.labels.length - 1 ? t(ctx, 'blankGroup') : s.labels[k];
}

/** The label cell of a group row; the `(blank)` group's notes that its numbers are values even in a live summary. */
export function groupLabelCell(ctx: SummaryContext, s: Slicing, k: number): LayoutCell {
  const blank = groupFilter(s, k) === undefined;
  return { v: groupText(ctx, s, k), style: 'label', fmt: 'text', ...(blank && ctx.live ? { note: t(ctx, 'blankGroupValues') } : {}) };
}

/** The catalog KPI `name` when the table has its columns and the summary its side table; undefined otherwise. */
export function allowedKpi(ctx: SummaryContext, name: string): KpiDef | undefined {
  const def = findKpi(name);
  if (!def || missingColumns(needsOf(def, true), ctx.table)) return undefined;
  if (ctx.kpis && !ctx.kpis.has(def.id)) return undefined;
  if (def.side === 'plan' && !ctx.plan) return undefined;
  if (def.side === 'spend' && !ctx.spend) return undefined;
  return def;
}

/** The side-table arguments of the summary. */
export function sideArgs(ctx: SummaryContext): KpiArgs {
  return { plan: ctx.plan, spend: ctx.spend };
}

/** A KPI's values over a slicing; a KPI that throws (a side table it cannot split, …) has no value anywhere, with its message. */
export function computeKpi(def: KpiDef, table: DealTable, s: Slicing, args: KpiArgs): KpiValue[] {
  try {
    return def.compute(table, s, args);
  } catch (e) {
    if (!(e instanceof KpiError)) throw e;
    return s.labels.map(() => noValue(e.message));
  }
}

/** The rows of a period (and group) as a live formula selects them. */
export function scopeOf(p: Period, group?: GroupFilter): Scope {
  return p.kind === 'all' ? { start: null, end: null, group } : { start: p.start, end: p.end, group };
}

/** The rep or source filter of slice `k`; undefined for the `(blank)` group, which criteria cannot select. */
export function groupFilter(s: Slicing, k: number): GroupFilter | undefined {
  if (s.by !== 'category' || (s.field !== 'rep' && s.field !== 'source')) return undefined;
  if (s.labels[k] === BLANK_GROUP && k === s.labels.length - 1) return undefined;
  return { field: s.field, label: s.labels[k] };
}

/** The note of a block's section title: which numbers are values, when live formulas were asked for. */
function liveNote(ctx: SummaryContext, valueNames: ReadonlySet<string>): string | undefined {
  if (!ctx.liveAsked) return undefined;
  if (!ctx.live) return t(ctx, 'liveNeedsCells');
  return valueNames.size > 0 ? t(ctx, 'valuesNote', { list: [...valueNames].join(', ') }) : undefined;
}

/** A header row of labels. */
export function headerRow(ctx: SummaryContext, cells: readonly (string | LayoutCell)[]): number {
  return ctx.sheet.push(cells.map((c) => (typeof c === 'string' ? text(c, 'header') : c)));
}

/** Records a block from its section row to the last row added, then leaves a blank row before the next. */
export function endBlock(ctx: SummaryContext, id: BlockRef['id'], title: string, firstRow: number): void {
  ctx.sheet.blocks.push({ id, title, firstRow, lastRow: ctx.sheet.next - 1 });
  ctx.sheet.push([]);
}

/**
 * Builds a block: its section title row, what `body` adds, the block's reference and a blank row after it.
 * `body` adds to `values` the title of each number it writes as a value while live formulas were asked
 * for; the section title's note lists them.
 */
export function withSection<T>(ctx: SummaryContext, id: BlockRef['id'], title: string, body: (values: Set<string>) => T): T {
  const row = ctx.sheet.push([text(title, 'section')]);
  const values = new Set<string>();
  const out = body(values);
  ctx.sheet.rows[row] = [text(title, 'section', liveNote(ctx, values))];
  endBlock(ctx, id, title, row);
  return out;
}

/**
 * The cells of row `row` that hold a plain tally, by refKeyOf of their column's definition, for the live
 * formulas of the same row to point at; `columns[j]` is in sheet column `j + 1`.
 */
export function rowRefs(columns: readonly Pick<GroupColumn, 'definition'>[], row: number): (key: string) => string | undefined {
  const colOf = new Map<string, number>();
  columns.forEach((c, j) => {
    const key = refKeyOf(c.definition);
    if (key !== undefined && !colOf.has(key)) colOf.set(key, j + 1);
  });
  return (key) => {
    const c = colOf.get(key);
    return c === undefined ? undefined : a1(row, c);
  };
}
