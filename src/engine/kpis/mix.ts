/** Profit and the mix of sales: PROFIT, MARGIN, UPSELL_RATE, CROSS_SELL_RATE. */
import { SALES, type Tally } from '../definition';
import type { KpiEntry } from '../kpi';

/** Σ (amount − cost) of won deals and refunds closed in the period, over the rows with both readable (§6 Skipping). */
const PROFIT: Tally = { deals: 'revenue', date: 'closed', value: 'profit' };

/** Won deals closed in the period whose type could be read: the base of the type shares (a blank type is another type). */
const TYPED_WON: Tally = { deals: 'won', date: 'closed', value: 'count', known: ['type'] };

/** The profit and mix family of the catalog. */
export const mixKpis: readonly KpiEntry[] = [
  {
    id: 'profit', name: 'PROFIT',
    title: { en: 'Profit', ru: 'Прибыль' },
    description: 'Sum of amount − cost of won deals (and refunds) closed in the period.',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'cost', 'closed'], additive: true,
    definition: { sum: PROFIT },
  },
  {
    id: 'margin', name: 'MARGIN',
    title: { en: 'Margin', ru: 'Маржинальность' },
    description: 'Profit / sales volume of won deals closed in the period, over deals with both an amount and a cost.',
    unit: 'rate', higherIsBetter: true, needs: ['amount', 'cost', 'closed'], additive: false,
    // Over the same rows as the profit: a deal without a cost leaves the sales side too.
    definition: { ratio: [{ sum: PROFIT }, { sum: { ...SALES, readable: ['cost'] } }], ifZero: 'sales volume in {period} is 0 after refunds' },
  },
  {
    id: 'upsell_rate', name: 'UPSELL_RATE',
    title: { en: 'Upsell rate', ru: 'Доля допродаж' },
    description: 'The share of won deals closed in the period whose type is upsell.',
    unit: 'rate', higherIsBetter: true, needs: ['type', 'closed'], additive: false,
    definition: { ratio: [{ sum: { ...TYPED_WON, where: { type: 'upsell' } } }, { sum: TYPED_WON }] },
  },
  {
    id: 'cross_sell_rate', name: 'CROSS_SELL_RATE',
    title: { en: 'Cross-sell rate', ru: 'Доля кросс-продаж' },
    description: 'The share of won deals closed in the period whose type is cross-sell.',
    unit: 'rate', higherIsBetter: true, needs: ['type', 'closed'], additive: false,
    definition: { ratio: [{ sum: { ...TYPED_WON, where: { type: 'cross-sell' } } }, { sum: TYPED_WON }] },
  },
];
