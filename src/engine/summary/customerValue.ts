/**
 * The customer-value block (issue 10; §8's models in the summary of §4): each customer's predicted CLV by the source and
 * the rep of their first purchase, and the customers by P(alive) band with the revenue they brought. Both models are
 * fitted once per summary, calibrated at the last day of the summary's period (the whole table: the last purchase's
 * day), in weeks. When they cannot be fitted the block is one line that says why; it never stops the summary.
 */
import { customerHistory, lastPurchaseDay } from '../clv/history';
import { customerValues, fitModels, purchaseMargin } from '../clv/value';
import { formatDay } from '../days';
import { describeMissingColumn, type Field } from '../fields';
import { noValue, type KpiValue } from '../kpi';
import { russianMessage } from '../messagesRu';
import type { Period } from '../period';
import { makeSlicing, type CategorySlicing } from '../slicing';
import type { DealTable } from '../table';
import { groupText, headerRow, t, withSection, type SummaryContext } from './context';
import type { LayoutCell } from './layout';
import { groupThousands, percentText, type LabelKey } from './labels';
import { text, valueCell } from './sheet';

/** P(alive) from which a customer is active, and from which (below ACTIVE_FROM) at risk; below it, likely lost. */
export const ACTIVE_FROM = 0.7;
export const AT_RISK_FROM = 0.3;

/** A band of P(alive), in the block's order. */
export type AliveBand = 'active' | 'atRisk' | 'lost';
export const ALIVE_BANDS: readonly AliveBand[] = ['active', 'atRisk', 'lost'];

/** The band of a P(alive): active at 0.7 or more, at risk from 0.3 up to 0.7, likely lost below 0.3; none for NaN. */
export function aliveBand(p: number): AliveBand | undefined {
  if (p >= ACTIVE_FROM) return 'active';
  if (p >= AT_RISK_FROM) return 'atRisk';
  return p < AT_RISK_FROM ? 'lost' : undefined;
}

/** The CLV terms of the block: LTV's "bgnbd" ones (§8), 12 months ahead, not discounted. */
const HORIZON_MONTHS = 12;

/** The customers whose first purchase fell in one group (a slot of the rep or source slicing) and their predicted CLV. */
export interface GroupValue {
  readonly slot: number;
  readonly customers: number;
  /** Σ CLV; NaN when the models give no value to some customer (Gamma-Gamma with q ≤ 1). */
  readonly totalClv: number;
}

/** The groups of one field, in the slicing's label order ((blank) last); only groups with customers. */
export interface GroupValues {
  readonly slicing: CategorySlicing;
  readonly groups: readonly GroupValue[];
}

/** The customers of one P(alive) band and their revenue to date. */
export interface BandValue {
  readonly band: AliveBand;
  readonly customers: number;
  readonly revenue: number;
}

/** What the block shows when the models were fitted. */
export interface CustomerValueFigures {
  readonly calibrationEnd: number;
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly margin: number;
  /** By the group of the first purchase; null without the column. */
  readonly bySource: GroupValues | null;
  readonly byRep: GroupValues | null;
  readonly bands: readonly BandValue[];
  /** Why some customer's CLV is not a number, so the CLV sums of their groups are none; undefined when all are. */
  readonly noClv?: 'expectedValue' | 'expectedPurchases';
}

/**
 * The figures, or why there are none at the calibration end (NaN: none): an engine message in English, or with
 * `failed` the message of an error inside the models (an optimiser or a series that did not converge).
 */
export type CustomerValueResult =
  | { readonly ok: true; readonly figures: CustomerValueFigures }
  | { readonly ok: false; readonly calibrationEnd: number; readonly reason: string; readonly failed?: true };

/** The calibration end for a summary period: its last day; over the whole table the last purchase's day (NaN: none). */
export function calibrationEndOf(table: DealTable, period: Period): number {
  return period.kind === 'all' ? lastPurchaseDay(table) : period.end - 1;
}

/** The columns a purchase needs (§8). */
const PURCHASE_FIELDS: readonly Field[] = ['customer', 'closed', 'amount'];

/** The customers of a field's groups, each in the group of their first purchase's row. */
function groupValues(table: DealTable, period: Period, field: 'rep' | 'source', firstRow: Int32Array, clv: Float64Array): GroupValues | null {
  if (!table.columns[field]) return null;
  const slicing = makeSlicing(table, period, field) as CategorySlicing;
  const customers = new Array<number>(slicing.labels.length).fill(0);
  const total = new Array<number>(slicing.labels.length).fill(0);
  for (let i = 0; i < firstRow.length; i++) {
    // An unreadable rep or source cell (#N/A) puts the customer in no group, as it puts the row in none elsewhere.
    const k = slicing.slotOfRow[firstRow[i]];
    if (k < 0) continue;
    customers[k]++;
    total[k] += clv[i];
  }
  const groups: GroupValue[] = [];
  slicing.labels.forEach((_, k) => {
    if (customers[k] > 0) groups.push({ slot: k, customers: customers[k], totalClv: total[k] });
  });
  return { slicing, groups };
}

/**
 * Fits the models on the table's purchases up to the period's calibration end and sums what the block shows; every
 * reason the models cannot be fitted (a missing column, too few customers or repeat buyers, a margin over no sales,
 * an optimiser's failure) is returned, not thrown.
 */
export function customerValueFigures(table: DealTable, period: Period): CustomerValueResult {
  const missing = PURCHASE_FIELDS.find((f) => !table.columns[f]);
  if (missing) return { ok: false, calibrationEnd: NaN, reason: describeMissingColumn(missing) };
  const end = calibrationEndOf(table, period);
  if (!(end === end)) return { ok: false, calibrationEnd: NaN, reason: 'there are no purchases: won deals with a customer, a close date and an amount of 0 or more' };
  try {
    const h = customerHistory(table, 'week', end);
    if (h.labels.length === 0) return { ok: false, calibrationEnd: end, reason: `no customer made a purchase by the calibration end ${formatDay(end)}` };
    const models = fitModels(h);
    const margin = purchaseMargin(table);
    const v = customerValues(h, models.bgnbd, models.gammaGamma, { horizonMonths: HORIZON_MONTHS, discountRate: 0, margin });
    let noClv: CustomerValueFigures['noClv'];
    for (let i = 0; i < h.labels.length && noClv !== 'expectedValue'; i++) {
      if (Number.isFinite(v.clv[i])) continue;
      // Gamma-Gamma with q ≤ 1 gives a one-time buyer no value; otherwise BG/NBD's expectation failed at the fit.
      noClv = Number.isFinite(v.expectedValue[i]) ? 'expectedPurchases' : 'expectedValue';
    }
    const bands = ALIVE_BANDS.map((band) => ({ band, customers: 0, revenue: 0 }));
    for (let i = 0; i < h.labels.length; i++) {
      const band = aliveBand(v.pAlive[i]);
      if (band === undefined) continue;
      const b = bands[ALIVE_BANDS.indexOf(band)];
      b.customers++;
      b.revenue += h.revenue[i];
    }
    return {
      ok: true,
      figures: {
        calibrationEnd: end, customers: models.customers, repeatCustomers: models.repeatCustomers, margin,
        bySource: groupValues(table, period, 'source', h.firstRow, v.clv),
        byRep: groupValues(table, period, 'rep', h.firstRow, v.clv),
        bands,
        ...(noClv ? { noClv } : {}),
      },
    };
  } catch (e) {
    // A KpiError says why in the user's words; anything else is the optimiser failing, which must not stop the summary.
    if (e instanceof Error && e.name === 'KpiError') return { ok: false, calibrationEnd: end, reason: e.message };
    return { ok: false, calibrationEnd: end, reason: e instanceof Error ? e.message : String(e), failed: true };
  }
}

/** The label of each band. */
const BAND_LABEL: Readonly<Record<AliveBand, LabelKey>> = { active: 'bandActive', atRisk: 'bandAtRisk', lost: 'bandLost' };

/** An engine message in the summary's language: Russian where messagesRu knows it, else as it is. */
function reasonText(ctx: SummaryContext, reason: string): string {
  return ctx.locale === 'ru' ? russianMessage(reason) ?? reason : reason;
}

/** Lays out the customer-value block; left out when the sidebar's KPI choice leaves out LTV. */
export function customerValueBlock(ctx: SummaryContext): void {
  if (ctx.kpis && !ctx.kpis.has('ltv')) return;
  const result = customerValueFigures(ctx.table, ctx.period);
  const end = result.ok ? result.figures.calibrationEnd : result.calibrationEnd;
  const title = end === end ? t(ctx, 'customerValueAt', { date: formatDay(end) }) : t(ctx, 'customerValue');
  withSection(ctx, 'customerValue', title, (valueNames) => {
    if (!result.ok) {
      const reason = result.failed ? t(ctx, 'modelsFailed', { error: result.reason }) : reasonText(ctx, result.reason);
      ctx.sheet.push([text(t(ctx, 'customerValueNone', { reason }), 'note')]);
      return;
    }
    const f = result.figures;
    const date = formatDay(f.calibrationEnd);
    const money = (x: number): LayoutCell => {
      const v: KpiValue = Number.isFinite(x) ? x : noValue(t(ctx, f.noClv === 'expectedValue' ? 'noExpectedValue' : 'noExpectedPurchases'));
      return valueCell(v, 'money');
    };
    const clvNote = t(ctx, 'clvNote', { margin: percentText(f.margin), date });
    const tables: [LabelKey, GroupValues | null][] = [['firstSource', f.bySource], ['firstRep', f.byRep]];
    for (const [head, g] of tables) {
      if (!g) continue;
      headerRow(ctx, [t(ctx, head), t(ctx, 'customers'), text(t(ctx, 'meanClv'), 'header', clvNote), text(t(ctx, 'totalClv'), 'header', clvNote)]);
      for (const x of g.groups) {
        ctx.sheet.push([
          { v: groupText(ctx, g.slicing, x.slot), style: 'label', fmt: 'text' },
          { v: x.customers, fmt: 'integer', style: 'value' },
          money(x.totalClv / x.customers),
          money(x.totalClv),
        ]);
      }
      ctx.sheet.push([]);
    }
    headerRow(ctx, [
      text(t(ctx, 'aliveBand'), 'header', t(ctx, 'aliveNote', { date })), t(ctx, 'customers'), t(ctx, 'customerShare'),
      text(t(ctx, 'revenueToDate'), 'header', t(ctx, 'revenueNote', { date })),
    ]);
    for (const b of f.bands) {
      ctx.sheet.push([
        text(t(ctx, BAND_LABEL[b.band])),
        { v: b.customers, fmt: 'integer', style: 'value' },
        { v: b.customers / f.customers, fmt: 'percent', style: 'value' },
        { v: b.revenue, fmt: 'money', style: 'value' },
      ]);
    }
    ctx.sheet.push([]);
    ctx.sheet.push([text(t(ctx, 'fittedOn', {
      customers: groupThousands(ctx.locale, f.customers), repeat: groupThousands(ctx.locale, f.repeatCustomers), date,
    }), 'note')]);
    // Model predictions have no formula over the deal sheet: a live summary writes them as values and says so.
    if (ctx.live) for (const key of ['customers', 'meanClv', 'totalClv', 'customerShare', 'revenueToDate'] as const) valueNames.add(t(ctx, key));
  });
}
