/** Helpers of the summary tests: build a layout from a grid the way the runtime does, and find its blocks and rows. */
import { ALL_TIME, parsePeriodText, type Granularity } from '../../../src/engine/period';
import { readPlan, readSpend } from '../../../src/engine/sideTables';
import { buildSummary } from '../../../src/engine/summary/build';
import type { BlockRef, LayoutCell, SheetLayout } from '../../../src/engine/summary/layout';
import type { Benchmarks } from '../../../src/engine/summary/status';
import { table } from '../../helpers';

/** Options of a test build; the period is text as the user types it ("" for the whole table). */
export interface BuildOptions {
  period?: string;
  granularity?: Granularity;
  plan?: unknown[][] | number;
  spend?: unknown[][] | number;
  locale?: 'en' | 'ru';
  live?: boolean;
  benchmarks?: Partial<Benchmarks>;
  /** The month the fiscal year starts with (default 1, the calendar's). */
  fiscalYearStart?: number;
  /** Give the deal sheet's cells to the live formulas (default true). */
  withValues?: boolean;
}

/** The generation date every test uses. */
export const GENERATED = new Date(Date.UTC(2025, 0, 1, 12));

/** Builds the summary of a grid read with the test environment. */
export function build(grid: unknown[][], o: BuildOptions = {}): SheetLayout {
  const t = table(grid);
  return buildSummary({
    table: t,
    dealsSheet: { name: 'Deals', values: o.withValues === false ? undefined : grid },
    period: o.period ? parsePeriodText(o.period, o.fiscalYearStart) : ALL_TIME,
    granularity: o.granularity,
    fiscalYearStart: o.fiscalYearStart,
    plan: o.plan === undefined ? undefined : readPlan(o.plan, t.dayOf, o.fiscalYearStart),
    spend: o.spend === undefined ? undefined : readSpend(o.spend, t.dayOf, o.fiscalYearStart),
    locale: o.locale ?? 'en',
    live: o.live ?? false,
    benchmarks: o.benchmarks,
    generatedAt: GENERATED,
  });
}

/** The block of a layout by id; fails the test when it is missing. */
export function blockOf(layout: SheetLayout, id: BlockRef['id']): BlockRef {
  const b = layout.blocks.find((x) => x.id === id);
  if (!b) throw new Error(`no ${id} block`);
  return b;
}

/** The rows of a block, its section title row first. */
export function rowsOf(layout: SheetLayout, id: BlockRef['id']): (readonly LayoutCell[])[] {
  const b = blockOf(layout, id);
  return layout.rows.slice(b.firstRow, b.lastRow + 1);
}

/** The first row of a block whose first cell reads `label`, and its index in the layout. */
export function rowIn(layout: SheetLayout, id: BlockRef['id'], label: string): { cells: readonly LayoutCell[]; index: number } {
  const b = blockOf(layout, id);
  for (let r = b.firstRow; r <= b.lastRow; r++) {
    if (layout.rows[r][0]?.v === label) return { cells: layout.rows[r], index: r };
  }
  throw new Error(`no row "${label}" in ${id}`);
}

/** The values of a row (v of each cell; undefined for an empty cell). */
export function vs(cells: readonly LayoutCell[]): unknown[] {
  return cells.map((c) => c.v);
}

/** The cell under the header `header` in the row `label` of a block (the header row is the block's second row). */
export function cellAt(layout: SheetLayout, id: BlockRef['id'], label: string, header: string): LayoutCell {
  const b = blockOf(layout, id);
  const col = layout.rows[b.firstRow + 1].findIndex((c) => c.v === header);
  if (col < 0) throw new Error(`no column "${header}" in ${id}: ${layout.rows[b.firstRow + 1].map((c) => c.v).join(', ')}`);
  return rowIn(layout, id, label).cells[col] ?? {};
}
