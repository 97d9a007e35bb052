/** The by-rep block (§4.3): each rep's sales, plan and attainment, deals, rates and profit for the period, with a bar chart. */
import { definitionOf, noValue, type KpiDef, type KpiValue } from '../kpi';
import { describePeriod } from '../period';
import { sideKeyOfSlice, targetFor } from '../sideTables';
import { makeSlicing } from '../slicing';
import type { ChartSpec, LayoutCell, Threshold } from './layout';
import { kpiFormula } from './liveFormulas';
import {
  allowedKpi, computeKpi, groupFilter, groupLabelCell, headerRow, kpiTitle, periodText, rowRefs, scopeOf, sideArgs, t, withSection,
  type GroupColumn, type SummaryContext,
} from './context';
import { a1, formatOfUnit, numberOf, valueCell } from './sheet';
import { benchmarkThresholds, conditionalRule, statusByThresholds } from './status';

/** The KPIs of the by-rep block in column order; PLAN marks the plan column, taken from the plan table. */
const BY_REP = [
  'SALES_VOLUME', 'PLAN', 'PLAN_ATTAINMENT', 'DEALS_WON', 'WIN_RATE', 'AVG_DEAL', 'SALES_CYCLE', 'PROFIT', 'MARGIN',
  'UPSELL_RATE', 'CROSS_SELL_RATE',
];

/** Lays out the by-rep block, when the table has a `rep` column. */
export function byRepBlock(ctx: SummaryContext): void {
  const { table, sheet } = ctx;
  if (!table.columns.rep) return;
  const slicing = makeSlicing(table, ctx.period, 'rep');
  const plan = ctx.plan;
  // Only a plan with a rep column gives each rep a target (§6 Side tables).
  const repPlan = plan && plan.kind === 'table' && plan.keys !== null ? plan : undefined;
  const columns: GroupColumn[] = [];
  for (const name of BY_REP) {
    if (name === 'PLAN') {
      if (repPlan) {
        // A rep the plan has no target for shows an empty cell (with the reason as its note), not a plan of 0.
        const values = slicing.labels.map((label, k): KpiValue => {
          const target = targetFor(repPlan, ctx.period, sideKeyOfSlice(slicing, k));
          return target !== 0 ? target : noValue(`the plan has no target for ${label} in ${describePeriod(ctx.period)}`);
        });
        columns.push({ name, title: t(ctx, 'plan'), fmt: 'money', values });
      }
      continue;
    }
    const def = allowedKpi(ctx, name);
    if (!def || (name === 'PLAN_ATTAINMENT' && !repPlan)) continue;
    columns.push({ name, title: kpiTitle(ctx, def), fmt: formatOfUnit(def.unit), values: computeKpi(def, table, slicing, sideArgs(ctx)), def, definition: definitionOf(def) });
  }
  if (columns.length === 0) return;
  const colOf = new Map(columns.map((c, j) => [c.name, j + 1]));
  withSection(ctx, 'byRep', `${t(ctx, 'byRep')} ${t(ctx, 'forPeriod', { period: periodText(ctx, ctx.period) })}`, (valueNames) => {
    headerRow(ctx, [t(ctx, 'rep'), ...columns.map((c) => c.title)]);
    const top = sheet.next;
    slicing.labels.forEach((_, k) => {
      const row = top + k;
      const group = groupFilter(slicing, k);
      const ref = rowRefs(columns, row);
      const planCol = colOf.get('PLAN');
      const cells: LayoutCell[] = [groupLabelCell(ctx, slicing, k)];
      columns.forEach((c, j) => {
        if (c.def) sheet.sources.push({ row, col: j + 1, kpi: c.def.name, period: ctx.period.label, group: { field: 'rep', label: slicing.labels[k] } });
      });
      for (const c of columns) {
        const v = c.values[k];
        let f: string | null = null;
        if (ctx.live && c.def && group) {
          f = kpiFormula(ctx.live, c.definition, { scope: scopeOf(ctx.period, group), ref, target: planCol === undefined ? undefined : a1(row, planCol) });
        }
        if (ctx.live && c.def && group && !f) valueNames.add(c.title);
        cells.push(valueCell(v, c.fmt, { f, status: statusByThresholds(numberOf(v), scaleOf(ctx, c.def)) }));
      }
      sheet.push(cells);
    });
    const bottom = sheet.next - 1;
    if (slicing.labels.length === 0) return;
    for (const j of colOf.values()) {
      const scale = scaleOf(ctx, columns[j - 1].def);
      if (scale) sheet.conditional.push(conditionalRule({ row: top, col: j, lastRow: bottom, lastCol: j }, scale));
    }
    const series: { name: string; values: ChartSpec['categories'] }[] = [];
    for (const name of ['SALES_VOLUME', 'PLAN']) {
      const j = colOf.get(name);
      if (j !== undefined) series.push({ name: columns[j - 1].title, values: { row: top, col: j, lastRow: bottom, lastCol: j } });
    }
    if (series.length === 0) return;
    sheet.charts.push({
      kind: 'bar',
      title: t(ctx, series.length > 1 ? 'chartByRep' : 'chartByRepNoPlan'),
      anchor: { row: top - 2, col: 0 },
      width: 640,
      height: Math.max(240, 40 + 28 * slicing.labels.length),
      categories: { row: top, col: 0, lastRow: bottom, lastCol: 0 },
      series,
    });
  });
}

/** The status scale of a by-rep KPI column: its catalog entry's bands (attainment, win rate); none for the plan column. */
function scaleOf(ctx: SummaryContext, def: KpiDef | undefined): Threshold[] | undefined {
  return def && benchmarkThresholds(def, ctx.benchmarks);
}
