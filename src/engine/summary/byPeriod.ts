/** The by-period block (§4.2): KPI_TABLE-like rows per bucket of the table's span, with a chart of sales and deals won. */
import { definitionOf, type KpiDef } from '../kpi';
import { ALL_TIME, isFiscalBucket } from '../period';
import { makeSlicing } from '../slicing';
import type { ChartSpec, LayoutCell } from './layout';
import { kpiFormula } from './liveFormulas';
import { allowedKpi, computeKpi, headerRow, kpiTitle, rowRefs, scopeOf, t, withSection, type SummaryContext } from './context';
import { formatOfUnit, text, valueCell } from './sheet';
import type { LabelKey } from './labels';

/** The KPIs of the by-period block, those the table allows. */
const BY_PERIOD = [
  'SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST', 'WIN_RATE', 'AVG_DEAL', 'NEW_CUSTOMERS', 'ACTIVE_CUSTOMERS', 'PROFIT', 'MARGIN',
];

/** Lays out the by-period block; the chart is anchored later, beside the widest block. */
export function byPeriodBlock(ctx: SummaryContext): void {
  const { table, sheet } = ctx;
  const defs = BY_PERIOD.map((n) => allowedKpi(ctx, n)).filter((d): d is KpiDef => d !== undefined && !d.side);
  if (defs.length === 0) return;
  const slicing = makeSlicing(table, ALL_TIME, ctx.granularity, ctx.fiscal);
  const unit: LabelKey = !isFiscalBucket(ctx.granularity, ctx.fiscal) ? `granularity_${ctx.granularity}`
    : ctx.granularity === 'quarter' ? 'granularity_fiscalQuarter' : 'granularity_fiscalYear';
  withSection(ctx, 'byPeriod', t(ctx, 'byPeriod'), (values) => {
    headerRow(ctx, [t(ctx, unit), ...defs.map((d) => kpiTitle(ctx, d))]);
    if (slicing.labels.length === 0) {
      sheet.push([text(t(ctx, 'noBuckets'), 'note')]);
      return;
    }
    const columns = defs.map((d) => computeKpi(d, table, slicing, {}));
    const colOf = new Map(defs.map((d, j) => [d.name, j + 1]));
    const definitions = defs.map((d) => ({ definition: definitionOf(d) }));
    const top = sheet.next;
    slicing.periods.forEach((p, k) => {
      const row = top + k;
      const ref = rowRefs(definitions, row);
      const cells: LayoutCell[] = [{ v: slicing.labels[k], style: 'label', fmt: 'text' }];
      defs.forEach((d, j) => {
        const f = ctx.live ? kpiFormula(ctx.live, definitions[j].definition, { scope: scopeOf(p), ref }) : null;
        if (ctx.live && !f) values.add(kpiTitle(ctx, d));
        cells.push(valueCell(columns[j][k], formatOfUnit(d.unit), { f }));
        sheet.sources.push({ row, col: j + 1, kpi: d.name, period: p.label });
      });
      sheet.push(cells);
    });
    const bottom = sheet.next - 1;
    const series: { name: string; values: ChartSpec['categories']; as?: 'column' | 'line' }[] = [];
    for (const [name, as] of [['SALES_VOLUME', 'column'], ['DEALS_WON', 'line']] as const) {
      const c = colOf.get(name);
      const def = defs.find((d) => d.name === name);
      if (c !== undefined && def) series.push({ name: kpiTitle(ctx, def), values: { row: top, col: c, lastRow: bottom, lastCol: c }, as });
    }
    if (series.length > 0) {
      sheet.charts.push({
        kind: series.length > 1 ? 'combo' : 'column',
        title: t(ctx, 'chartByPeriod'),
        anchor: { row: top - 2, col: 0 },
        width: 640,
        height: 320,
        categories: { row: top, col: 0, lastRow: bottom, lastCol: 0 },
        series,
      });
    }
  });
}
