/** The eight figures the benchmark computes by month and by rep, in the engine, and how two results are compared. */
import { findKpi } from '../src/engine/catalog';
import type { KpiDef, KpiValue } from '../src/engine/kpi';
import { ALL_TIME } from '../src/engine/period';
import { makeSlicing } from '../src/engine/slicing';
import type { DealTable } from '../src/engine/table';

/** How a figure reads where a group has no rows: a sum or count is 0, a ratio has no value. */
export type FigureKind = 'total' | 'ratio';

/** One of the eight figures: its catalog id and how an absent group reads. */
export interface Figure {
  readonly id: string;
  readonly kind: FigureKind;
}

/** The eight figures of the side-by-side comparison, by catalog id. */
export const EIGHT_FIGURES: readonly Figure[] = [
  { id: 'sales_volume', kind: 'total' },
  { id: 'deals_won', kind: 'total' },
  { id: 'deals_lost', kind: 'total' },
  { id: 'win_rate', kind: 'ratio' },
  { id: 'avg_deal', kind: 'ratio' },
  { id: 'active_customers', kind: 'total' },
  { id: 'new_customers', kind: 'total' },
  { id: 'profit', kind: 'total' },
];

/** The groupings the figures are computed over. */
export type Grouping = 'month' | 'rep';

/** Figures per group: `values[f][g]` is figure `f` of group `labels[g]`; null where it has no value. */
export interface FigureTable {
  readonly labels: readonly string[];
  readonly values: readonly (readonly (number | null)[])[];
}

/** The eight figures split into those the catalog has now and those it does not have yet. */
export function availableFigures(): { figures: Figure[]; defs: KpiDef[]; missing: string[] } {
  const figures: Figure[] = [];
  const defs: KpiDef[] = [];
  const missing: string[] = [];
  for (const f of EIGHT_FIGURES) {
    const def = findKpi(f.id);
    if (def) {
      figures.push(f);
      defs.push(def);
    } else missing.push(f.id);
  }
  return { figures, defs, missing };
}

const asNullable = (v: KpiValue): number | null => (typeof v === 'number' ? v : null);

/** The engine's figures over the whole table grouped by `grouping`, each through its catalog entry's compute. */
export function engineFigures(table: DealTable, defs: readonly KpiDef[], grouping: Grouping): FigureTable {
  const slicing = makeSlicing(table, ALL_TIME, grouping);
  return { labels: slicing.labels, values: defs.map((d) => d.compute(table, slicing, {}).map(asNullable)) };
}

/** True when two figures agree within 1e-6 relative (or 1e-9 absolute near zero), or both have no value. */
export function sameFigure(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;
}

/**
 * Differences between the engine's table and a reference table, as readable lines (empty when equal).
 * Groups the reference lacks read as empty (0 for totals, no value for ratios): the engine lists every
 * month of the table's span and every rep, the reference only groups that have rows.
 */
export function compareFigures(
  figures: readonly Figure[],
  engine: FigureTable,
  reference: FigureTable,
  limit = 10,
): string[] {
  const out: string[] = [];
  const refIndex = new Map(reference.labels.map((l, g) => [l, g]));
  for (const label of reference.labels) {
    if (!engine.labels.includes(label)) out.push(`group "${label}" is in the reference but not in the engine's result`);
  }
  engine.labels.forEach((label, g) => {
    const r = refIndex.get(label);
    figures.forEach((f, k) => {
      const want = r === undefined ? (f.kind === 'total' ? 0 : null) : reference.values[k][r];
      const got = engine.values[k][g];
      if (!sameFigure(got, want)) out.push(`${f.id} of "${label}": engine ${String(got)}, reference ${String(want)}`);
    });
  });
  return out.slice(0, limit);
}
