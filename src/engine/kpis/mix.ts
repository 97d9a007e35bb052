/** Profit and the mix of sales: PROFIT, MARGIN, UPSELL_RATE, CROSS_SELL_RATE, INCREMENTAL_SALES. */
import { DEAL_TYPES, Kind, type DealType } from '../fields';
import { bucketsBetween, describePeriod, type Bounded, type Period } from '../period';
import { noValue, type KpiDef, type KpiValue } from '../kpi';
import { previousSlicing, rowSlots, type Slicing } from '../slicing';
import type { DealTable } from '../table';
import { combine, ratio, values } from './aggregate';
import { num } from './calculator';
import { unreadableRows } from '../table';
import { salesVolume } from './sales';

/**
 * Per-slice Σ amount and Σ (amount − cost) of won deals and refunds closed in the slice, over the rows
 * whose amount and cost are both readable: a row lacking either leaves both sums (§6 Skipping).
 */
function profitSums(table: DealTable, s: Slicing): { sales: Float64Array; profit: Float64Array; rows: Float64Array } {
  const slots = rowSlots(table, s, 'closed');
  const m = s.labels.length;
  const sales = new Float64Array(m);
  const profit = new Float64Array(m);
  const rows = new Float64Array(m);
  const { kind } = table;
  const { amount, cost } = table.numbers;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0) continue;
    const k = kind[i];
    if (k !== Kind.Won && k !== Kind.Refund) continue;
    const a = amount[i];
    const c = cost[i];
    if (a !== a || c !== c) continue;
    sales[slot] += a;
    profit[slot] += a - c;
    rows[slot]++;
  }
  return { sales, profit, rows };
}

/** MARGIN per slice: profit / sales volume over the same rows. */
function margin(table: DealTable, s: Slicing): KpiValue[] {
  const { sales, profit, rows } = profitSums(table, s);
  return s.periods.map((p, k) => {
    if (rows[k] === 0) return noValue(`no won deals with an amount and a cost closed in ${describePeriod(p)}`);
    if (sales[k] === 0) return noValue(`sales volume in ${describePeriod(p)} is 0 after refunds`);
    return profit[k] / sales[k];
  });
}

/** Share of won deals closed in each slice whose type is `type`; a blank type counts as another type. */
function typeShare(table: DealTable, s: Slicing, type: DealType): KpiValue[] {
  const slots = rowSlots(table, s, 'closed');
  const hits = new Float64Array(s.labels.length);
  const won = new Float64Array(s.labels.length);
  const code = DEAL_TYPES.indexOf(type) + 1;
  // An unreadable type is not "another type": such a deal leaves the numerator and the denominator.
  const skip = unreadableRows(table, 'type');
  const { kind } = table;
  const types = table.type;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0 || kind[i] !== Kind.Won || skip[i] === 1) continue;
    won[slot]++;
    if (types[i] === code) hits[slot]++;
  }
  return ratio(s, hits, won, (p) => `no won deals closed in ${p}`);
}

/** Where each slice finds its baseline: a slicing of the baseline periods and, per slice, its slot in it (-1: none). */
interface Baseline {
  readonly slicing: Slicing;
  readonly slotOf: (k: number) => number;
}

/**
 * The baseline of each slice for an explicit `baseline_period`. Whole and category slicings take the
 * baseline as their period, each group against its own baseline volume (a campaign against its own
 * Q1). Time buckets are matched with the buckets of the same size cut from the baseline, k-th with
 * k-th (2024 by month against 2023: each month against the same month a year before); a baseline no
 * longer than one bucket is the baseline of every bucket.
 */
function explicitBaseline(s: Slicing, baseline: Bounded): Baseline {
  if (s.by !== 'time') {
    return { slicing: { ...s, period: baseline, periods: s.periods.map(() => baseline) } as Slicing, slotOf: (k) => k };
  }
  const periods = bucketsBetween(s.granularity, baseline.start, baseline.end);
  const slicing: Slicing = { ...s, period: baseline, labels: periods.map((p) => p.label), periods };
  return { slicing, slotOf: periods.length === 1 ? () => 0 : (k) => (k < periods.length ? k : -1) };
}

/** INCREMENTAL_SALES per slice: sales volume minus that of the baseline (default: the previous period). */
function incrementalSales(table: DealTable, s: Slicing, baseline: Period | undefined): KpiValue[] {
  if (baseline && baseline.kind !== 'all' && s.period.kind === 'all') {
    return s.labels.map(() => noValue('a baseline_period is compared with a period: give one too, such as 2024-03'));
  }
  const prev = previousSlicing(s);
  const base: Baseline | null = baseline && baseline.kind !== 'all'
    ? explicitBaseline(s, baseline)
    : prev && { slicing: prev, slotOf: (k) => k };
  if (!base) {
    return s.labels.map(() => noValue('the whole table has no previous period; give a period such as 2024-03'));
  }
  const before = salesVolume(table, base.slicing);
  const unit = s.by === 'time' ? s.granularity : 'period';
  const baselines = s.periods.map((p, k): KpiValue => {
    const b = base.slotOf(k);
    return b >= 0 ? before[b] : noValue(`the baseline ${describePeriod(base.slicing.period)} has no ${unit} to match ${describePeriod(p)}`);
  });
  return combine(salesVolume(table, s), baselines, (now, then) => now - then);
}

/** The profit and mix family of the catalog. */
export const mixKpis: readonly KpiDef[] = [
  {
    id: 'profit', name: 'PROFIT',
    title: { en: 'Profit', ru: 'Прибыль' },
    description: 'Sum of amount − cost of won deals (and refunds) closed in the period.',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'cost', 'closed'], additive: true,
    compute: (t, s) => values(profitSums(t, s).profit),
  },
  {
    id: 'margin', name: 'MARGIN',
    title: { en: 'Margin', ru: 'Маржинальность' },
    description: 'Profit / sales volume of won deals closed in the period, over deals with both an amount and a cost.',
    unit: 'rate', higherIsBetter: true, needs: ['amount', 'cost', 'closed'], additive: false,
    compute: margin,
  },
  {
    id: 'upsell_rate', name: 'UPSELL_RATE',
    title: { en: 'Upsell rate', ru: 'Доля допродаж' },
    description: 'The share of won deals closed in the period whose type is upsell.',
    unit: 'rate', higherIsBetter: true, needs: ['type', 'closed'], additive: false,
    compute: (t, s) => typeShare(t, s, 'upsell'),
  },
  {
    id: 'cross_sell_rate', name: 'CROSS_SELL_RATE',
    title: { en: 'Cross-sell rate', ru: 'Доля кросс-продаж' },
    description: 'The share of won deals closed in the period whose type is cross-sell.',
    unit: 'rate', higherIsBetter: true, needs: ['type', 'closed'], additive: false,
    compute: (t, s) => typeShare(t, s, 'cross-sell'),
  },
  {
    id: 'incremental_sales', name: 'INCREMENTAL_SALES',
    title: { en: 'Incremental sales', ru: 'Дополнительные продажи' },
    description: 'Sales volume of the period minus that of the baseline period (by default the previous period).',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'closed'], additive: false,
    option: {
      name: 'baseline_period',
      doc: {
        name: 'baseline_period', type: 'string',
        description: 'The period to compare with, such as "2023-03" (default: the period before).', optional: true,
      },
    },
    calculator: {
      params: [
        { name: 'sales', type: 'number', description: 'Sales in the period.' },
        { name: 'baseline', type: 'number', description: 'Sales in the baseline period.' },
      ],
      compute: ([sales, baseline]) => num(sales, 'sales') - num(baseline, 'baseline'),
    },
    compute: (t, s, args) => incrementalSales(t, s, args.baseline),
  },
];
