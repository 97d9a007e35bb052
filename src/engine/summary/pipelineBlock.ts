/** The pipeline block (§4.5): open deals and their value at the period's end against the previous end, then the open deals by DEAL_SCORE. */
import { dealScores, expectedValueOf } from '../dealScore';
import { serialFromDay } from '../days';
import { definitionOf, type KpiArgs, type KpiDef, type KpiValue } from '../kpi';
import { makeSlicing, isOpenAt } from '../slicing';
import type { FormatName, LayoutCell } from './layout';
import { kpiFormula } from './liveFormulas';
import { allowedKpi, computeKpi, descriptionNote, headerRow, kpiTitle, periodText, scopeOf, t, withSection, type SummaryContext } from './context';
import { changeCells } from './overview';
import { EMPTY, formatOfUnit, numberOf, text, valueCell } from './sheet';
import type { LabelKey } from './labels';

/** At most this many open deals are listed; a note says how many more there are. */
export const MAX_OPEN_DEALS = 50;

/** One measure of the pipeline summary. */
interface Measure {
  readonly def: KpiDef;
  readonly title: string;
  readonly args: KpiArgs;
  readonly live: boolean;
}

/** Lays out the pipeline block, when the table tells open deals (a status, a stage or a CRM's checkboxes) and has `created`. */
export function pipelineBlock(ctx: SummaryContext): void {
  const { table, sheet, prev } = ctx;
  if (table.isSalesLog || !table.columns.created) return;
  const measures: Measure[] = [];
  const count = allowedKpi(ctx, 'PIPELINE_COUNT');
  const value = allowedKpi(ctx, 'PIPELINE_VALUE');
  const velocity = allowedKpi(ctx, 'PIPELINE_VELOCITY');
  if (count) measures.push({ def: count, title: kpiTitle(ctx, count), args: {}, live: true });
  if (value) measures.push({ def: value, title: kpiTitle(ctx, value), args: {}, live: true });
  if (value && table.columns.probability) measures.push({ def: value, title: t(ctx, 'weightedPipeline'), args: { weighted: true }, live: false });
  if (velocity) measures.push({ def: velocity, title: kpiTitle(ctx, velocity), args: {}, live: false });
  const end = ctx.period.kind === 'all' ? Infinity : ctx.period.end;
  const atEnd = (p: typeof ctx.period): string => (p.kind === 'all' ? t(ctx, 'now') : t(ctx, 'atEndOf', { period: periodText(ctx, p) }));
  withSection(ctx, 'pipeline', t(ctx, 'pipeline'), (valueNames) => {
    headerRow(ctx, [t(ctx, 'measure'), atEnd(ctx.period), prev ? atEnd(prev) : t(ctx, 'previous'), { v: t(ctx, 'change'), style: 'header', note: t(ctx, 'changeRule') }]);
    const cur = makeSlicing(table, ctx.period, '');
    const before = prev ? makeSlicing(table, prev, '') : null;
    for (const m of measures) {
      const row = sheet.next;
      const fmt = formatOfUnit(m.def.unit);
      const v: KpiValue = computeKpi(m.def, table, cur, m.args)[0];
      const p: KpiValue | undefined = before ? computeKpi(m.def, table, before, m.args)[0] : undefined;
      const fNow = ctx.live && m.live ? kpiFormula(ctx.live, definitionOf(m.def), { scope: scopeOf(ctx.period) }) : null;
      const fPrev = ctx.live && m.live && prev ? kpiFormula(ctx.live, definitionOf(m.def), { scope: scopeOf(prev) }) : null;
      if (ctx.live && (!fNow || (prev && !fPrev))) valueNames.add(m.title);
      const [change] = changeCells(ctx, m.def.unit, row, 1, numberOf(v), numberOf(p), prev !== null);
      if (!m.args.weighted) {
        sheet.sources.push({ row, col: 1, kpi: m.def.name, period: ctx.period.label });
        if (prev) sheet.sources.push({ row, col: 2, kpi: m.def.name, period: prev.label });
      }
      sheet.push([
        text(m.title, 'label', descriptionNote(ctx, m.def)),
        valueCell(v, fmt, { f: fNow }),
        p === undefined ? { style: 'muted', note: t(ctx, 'noPrevious') } : valueCell(p, fmt, { style: 'muted', f: fPrev }),
        change,
      ]);
    }
    openDealsList(ctx, end);
  });
}

/** One column of the open-deals list: its header and the cell of kept row `i`, listed `j`-th among the open deals. */
interface ListColumn {
  readonly header: LayoutCell;
  readonly cell: (i: number, j: number) => LayoutCell;
}

/** The deals open at `end` (Infinity: now), best DEAL_SCORE first, then by expected value; at most MAX_OPEN_DEALS. */
function openDealsList(ctx: SummaryContext, end: number): void {
  const { table, sheet } = ctx;
  sheet.push([]);
  const rows: number[] = [];
  for (let i = 0; i < table.n; i++) if (isOpenAt(table, i, end)) rows.push(i);
  const title = end === Infinity ? t(ctx, 'openDealsNow') : t(ctx, 'openDealsAt', { period: periodText(ctx, ctx.period) });
  sheet.push([text(title, 'label')]);
  if (rows.length === 0) {
    sheet.push([text(t(ctx, 'noOpenDeals'), 'note')]);
    return;
  }
  const hasAmount = table.columns.amount !== undefined;
  const scores = hasAmount ? dealScores(table) : null;
  const evOf = expectedValueOf(table);
  const ev = Float64Array.from(rows, (i) => (hasAmount ? evOf(i) : NaN));
  const order: number[] = [];
  for (let j = 0; j < rows.length; j++) order.push(j);
  const desc = (a: number, b: number): number => (a === a ? (b === b ? b - a : -1) : b === b ? 1 : 0);
  order.sort((a, b) => desc(scores ? scores[rows[a]] : NaN, scores ? scores[rows[b]] : NaN) || desc(ev[a], ev[b]) || rows[a] - rows[b]);
  const shown = order.slice(0, MAX_OPEN_DEALS);
  const label = (field: 'id' | 'stage' | 'rep' | 'source') => (i: number): LayoutCell => {
    const c = table.labels[field].codes[i];
    return c < 0 ? EMPTY : { v: table.labels[field].labels[c], style: 'value', fmt: 'text' };
  };
  const num = (x: number, fmt: FormatName): LayoutCell => (x === x ? { v: x, fmt, style: 'value' } : EMPTY);
  const head = (key: LabelKey, note?: string): LayoutCell => text(t(ctx, key), 'header', note);
  const cols: ListColumn[] = [{ header: head('row'), cell: (i) => ({ v: table.rowNumbers[i], style: 'value' }) }];
  if (table.columns.id) cols.push({ header: head('deal'), cell: label('id') });
  const created = table.dates.created;
  cols.push({ header: head('created'), cell: (i) => num(created[i] === created[i] ? serialFromDay(created[i]) : NaN, 'date') });
  if (table.columns.stage) cols.push({ header: head('stage'), cell: label('stage') });
  if (table.columns.rep) cols.push({ header: head('rep'), cell: label('rep') });
  if (table.columns.source) cols.push({ header: head('source'), cell: label('source') });
  if (hasAmount) cols.push({ header: head('amount'), cell: (i) => num(table.numbers.amount[i], 'money') });
  if (table.columns.probability) cols.push({ header: head('probability'), cell: (i) => num(table.numbers.probability[i], 'percent') });
  if (scores) {
    cols.push({ header: head('expectedValue', t(ctx, 'expectedValueNote')), cell: (_i, j) => num(ev[j], 'money') });
    cols.push({ header: text('DEAL_SCORE', 'header', t(ctx, 'scoreNote')), cell: (i) => num(scores[i], 'integer') });
  }
  headerRow(ctx, cols.map((c) => c.header));
  for (const j of shown) sheet.push(cols.map((c) => c.cell(rows[j], j)));
  if (rows.length > shown.length) sheet.push([text(t(ctx, 'moreDeals', { n: rows.length - shown.length }), 'note')]);
}
