/** Sales by close date: SALES_VOLUME, DEALS_WON, DEALS_LOST, AVG_DEAL, SALES_GROWTH, PLAN_ATTAINMENT, WIN_RATE. */
import { ATTAINMENT_BANDS } from '../benchmarks';
import { relativeChange } from '../change';
import { SALES, type Tally } from '../definition';
import { KpiError } from '../errors';
import type { KpiEntry } from '../kpi';
import { num } from './calculator';

const WON: Tally = { deals: 'won', date: 'closed', value: 'count' };

/** The sales family of the catalog. */
export const salesKpis: readonly KpiEntry[] = [
  {
    id: 'sales_volume', name: 'SALES_VOLUME',
    title: { en: 'Sales volume', ru: 'Объём продаж' },
    description: 'Sum of the amounts of won deals closed in the period (refunds, as negative amounts, count).',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'closed'], additive: true,
    definition: { sum: SALES },
  },
  {
    id: 'deals_won', name: 'DEALS_WON',
    title: { en: 'Deals won', ru: 'Выигранные сделки' },
    description: 'Number of won deals closed in the period (refunds are not deals).',
    unit: 'count', higherIsBetter: true, needs: ['closed'], additive: true,
    definition: { sum: WON },
  },
  {
    id: 'deals_lost', name: 'DEALS_LOST',
    title: { en: 'Deals lost', ru: 'Проигранные сделки' },
    description: 'Number of lost deals closed in the period.',
    unit: 'count', higherIsBetter: false, needs: ['status', 'closed'], additive: true,
    definition: { sum: { deals: 'lost', date: 'closed', value: 'count' } },
  },
  {
    id: 'avg_deal', name: 'AVG_DEAL',
    title: { en: 'Average deal', ru: 'Средний чек' },
    description: 'Average check: sales volume per won deal closed in the period (net of refunds).',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'closed'], additive: false,
    definition: { ratio: [{ sum: SALES }, { sum: { ...WON, readable: ['amount'] } }] },
  },
  {
    id: 'sales_growth', name: 'SALES_GROWTH',
    title: { en: 'Sales growth', ru: 'Рост продаж' },
    description: 'Growth of sales volume against the previous period: (V − V_prev) / V_prev (divided by its size when refunds make V_prev negative).',
    unit: 'rate', higherIsBetter: true, needs: ['amount', 'closed'], additive: false,
    calculator: {
      params: [
        { name: 'current', type: 'number', description: 'Sales of this period.' },
        { name: 'previous', type: 'number', description: 'Sales of the previous period.' },
      ],
      compute: ([cur, prev]) => {
        const growth = relativeChange(num(cur, 'current'), num(prev, 'previous'));
        if (growth === undefined) throw new Error('previous is 0: growth from nothing is undefined');
        return growth;
      },
    },
    definition: { change: { sum: SALES }, against: 'previous', as: 'relative', none: 'no sales in {previous}, the period before {period}' },
  },
  {
    id: 'plan_attainment', name: 'PLAN_ATTAINMENT',
    title: { en: 'Plan attainment', ru: 'Выполнение плана' },
    description: 'Sales volume / plan target of the period; over several plan rows Σ actual / Σ target.',
    unit: 'rate', higherIsBetter: true, needs: ['amount', 'closed'], additive: false, side: 'plan',
    bands: ATTAINMENT_BANDS,
    calculator: {
      params: [
        { name: 'actual', type: 'number', description: 'Sales achieved.' },
        { name: 'plan', type: 'number', description: 'The target.' },
      ],
      compute: ([actual, plan]) => {
        const p = num(plan, 'plan');
        if (p === 0) throw new KpiError('plan is 0: attainment of a zero target is undefined');
        return num(actual, 'actual') / p;
      },
    },
    // Σ actual / Σ target of the slice, never an average of percentages.
    definition: { ratio: [{ sum: SALES }, { target: 'plan' }] },
  },
  {
    id: 'win_rate', name: 'WIN_RATE',
    title: { en: 'Win rate', ru: 'Доля выигранных сделок' },
    description: 'Opportunity-to-win rate: won / (won + lost) among deals closed in the period.',
    unit: 'rate', higherIsBetter: true, needs: ['status', 'closed'], additive: false,
    // Only a poor win rate is flagged: §4 gives no green band.
    bands: [{ op: '<', at: 'winRateRed', status: 'bad' }],
    calculator: {
      params: [
        { name: 'won', type: 'number', description: 'Number of won deals.' },
        { name: 'lost', type: 'number', description: 'Number of lost deals.' },
      ],
      compute: ([won, lost]) => {
        const w = num(won, 'won');
        const total = w + num(lost, 'lost');
        if (total === 0) throw new Error('no won or lost deals: won + lost is 0');
        return w / total;
      },
    },
    definition: { ratio: [{ sum: WON }, { sum: { ...WON, deals: 'decided' } }] },
  },
];
