/** Sales volume and deal counts by close date: SALES_VOLUME, DEALS_WON, DEALS_LOST, AVG_DEAL, WIN_RATE, SALES_GROWTH. */
import { relativeChange } from '../change';
import { Kind } from '../fields';
import { describePeriod } from '../period';
import { noValue, type KpiDef, type KpiValue } from '../kpi';
import { previousSlicing, type Slicing } from '../slicing';
import type { DealTable } from '../table';
import { countKind, ratio, values, wonAmounts } from './aggregate';
import { num } from './calculator';

/** SALES_VOLUME per slice. */
export function salesVolume(table: DealTable, s: Slicing): KpiValue[] {
  return values(wonAmounts(table, s).sum);
}

/** SALES_GROWTH per slice: against each slice's previous period, as relativeChange (from −100 to 50 is +1.5). */
function salesGrowth(table: DealTable, s: Slicing): KpiValue[] {
  const prev = previousSlicing(s);
  const now = wonAmounts(table, s).sum;
  if (!prev) return s.labels.map(() => noValue('the whole table has no previous period; give a period such as 2024-03'));
  const before = wonAmounts(table, prev).sum;
  return s.periods.map((p, k) =>
    relativeChange(now[k], before[k]) ??
    noValue(`no sales in ${describePeriod(prev.periods[k])}, the period before ${describePeriod(p)}`),
  );
}

/** The sales family of the catalog. */
export const salesKpis: readonly KpiDef[] = [
  {
    id: 'sales_volume', name: 'SALES_VOLUME',
    title: { en: 'Sales volume', ru: 'Объём продаж' },
    description: 'Sum of the amounts of won deals closed in the period (refunds, as negative amounts, count).',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'closed'], additive: true,
    compute: salesVolume,
  },
  {
    id: 'deals_won', name: 'DEALS_WON',
    title: { en: 'Deals won', ru: 'Выигранные сделки' },
    description: 'Number of won deals closed in the period (refunds are not deals).',
    unit: 'count', higherIsBetter: true, needs: ['closed'], additive: true,
    compute: (t, s) => values(countKind(t, s, 'closed', Kind.Won)),
  },
  {
    id: 'deals_lost', name: 'DEALS_LOST',
    title: { en: 'Deals lost', ru: 'Проигранные сделки' },
    description: 'Number of lost deals closed in the period.',
    unit: 'count', higherIsBetter: false, needs: ['status', 'closed'], additive: true,
    compute: (t, s) => values(countKind(t, s, 'closed', Kind.Lost)),
  },
  {
    id: 'avg_deal', name: 'AVG_DEAL',
    title: { en: 'Average deal', ru: 'Средний чек' },
    description: 'Average check: sales volume per won deal closed in the period (net of refunds).',
    unit: 'money', higherIsBetter: true, needs: ['amount', 'closed'], additive: false,
    compute: (t, s) => {
      const { sum, deals } = wonAmounts(t, s);
      return ratio(s, sum, deals, (p) => `no won deals with an amount closed in ${p}`);
    },
  },
  {
    id: 'win_rate', name: 'WIN_RATE',
    title: { en: 'Win rate', ru: 'Доля выигранных сделок' },
    description: 'Opportunity-to-win rate: won / (won + lost) among deals closed in the period.',
    unit: 'rate', higherIsBetter: true, needs: ['status', 'closed'], additive: false,
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
    compute: (t, s) => {
      const won = countKind(t, s, 'closed', Kind.Won);
      const lost = countKind(t, s, 'closed', Kind.Lost);
      const total = won.map((w, k) => w + lost[k]);
      return ratio(s, won, total, (p) => `no won or lost deals closed in ${p}`);
    },
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
    compute: salesGrowth,
  },
];
