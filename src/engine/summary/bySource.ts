/** The by-source block (§4.4): leads, conversion, sales, incremental sales and CAC per source or campaign. */
import { LEADS_CREATED } from '../definition';
import { tally } from '../evaluate';
import { definitionOf, type KpiDef } from '../kpi';
import { makeSlicing } from '../slicing';
import type { LayoutCell } from './layout';
import { kpiFormula } from './liveFormulas';
import {
  allowedKpi, computeKpi, descriptionNote, groupFilter, groupLabelCell, headerRow, kpiTitle, periodText, rowRefs, scopeOf, sideArgs, t, withSection,
  type GroupColumn, type SummaryContext,
} from './context';
import { formatOfUnit, text, valueCell } from './sheet';

/** Lays out the by-source block, when the table has a `source` column. */
export function bySourceBlock(ctx: SummaryContext): void {
  const { table, sheet } = ctx;
  if (!table.columns.source) return;
  const slicing = makeSlicing(table, ctx.period, 'source');
  const columns: GroupColumn[] = [];
  if (table.columns.created) {
    const leads = { sum: LEADS_CREATED };
    columns.push({
      name: 'LEADS', title: t(ctx, 'leads'), fmt: 'integer', values: Array.from(tally(table, slicing, LEADS_CREATED).total), note: t(ctx, 'leadsNote'), definition: leads,
    });
  }
  const spend = ctx.spend;
  // CAC per source needs a spend table with a source column; a single number cannot be split (§6).
  const spendBySource = spend !== undefined && spend.kind === 'table' && spend.keys !== null;
  for (const name of ['LEAD_CONVERSION', 'SALES_VOLUME', 'INCREMENTAL_SALES', 'CAC']) {
    const def: KpiDef | undefined = allowedKpi(ctx, name);
    if (!def || (name === 'CAC' && !spendBySource)) continue;
    columns.push({ name, title: kpiTitle(ctx, def), fmt: formatOfUnit(def.unit), values: computeKpi(def, table, slicing, sideArgs(ctx)), note: descriptionNote(ctx, def), def, definition: definitionOf(def) });
  }
  if (columns.length === 0) return;
  const prev = ctx.prev;
  withSection(ctx, 'bySource', `${t(ctx, 'bySource')} ${t(ctx, 'forPeriod', { period: periodText(ctx, ctx.period) })}`, (valueNames) => {
    headerRow(ctx, [t(ctx, 'source'), ...columns.map((c) => text(c.title, 'header', c.note))]);
    const top = sheet.next;
    slicing.labels.forEach((_, k) => {
      const row = top + k;
      const group = groupFilter(slicing, k);
      const ref = rowRefs(columns, row);
      const cells: LayoutCell[] = [groupLabelCell(ctx, slicing, k)];
      columns.forEach((c, j) => {
        if (c.def) sheet.sources.push({ row, col: j + 1, kpi: c.def.name, period: ctx.period.label, group: { field: 'source', label: slicing.labels[k] } });
      });
      for (const c of columns) {
        let f: string | null = null;
        if (ctx.live && group) {
          f = kpiFormula(ctx.live, c.definition, { scope: scopeOf(ctx.period, group), prev: prev && scopeOf(prev, group), ref });
          if (!f) valueNames.add(c.title);
        }
        cells.push(valueCell(c.values[k], c.fmt, { f }));
      }
      sheet.push(cells);
    });
  });
}
