/** Customer value and the return on spend: CAC, LTV, NET_LTV, LTV_CAC, CAC_PAYBACK, INCREMENTAL_SALES. */
import { SALES } from '../definition';
import { KpiError } from '../errors';
import { noValue, type KpiArgs, type KpiEntry, type KpiValue } from '../kpi';
import { describePeriod } from '../period';
import { assertSplittable, sideKeyOfSlice, spendFor, type SpendTable } from '../sideTables';
import type { Slicing } from '../slicing';
import type { DealTable } from '../table';
import { combine } from './aggregate';
import { num, opt } from './calculator';
import { newCustomers } from './customerHistory';
import { ltvWindows, type LtvWindow } from './ltvWindow';
import { bgnbdLtv } from '../clv/index';

/** The spend of a call. */
function spendOf(args: KpiArgs): SpendTable {
  if (!args.spend) throw new KpiError('spend is missing: give a number or a spend table (date or period, amount, [source]) with a header row');
  return args.spend;
}

/** CAC per slice: the slice's spend / its new customers; by source, a source's spend / the customers it brought. */
function cac(table: DealTable, s: Slicing, args: KpiArgs): KpiValue[] {
  const spend = spendOf(args);
  assertSplittable(spend, s);
  const fresh = newCustomers(table, s);
  return s.periods.map((p, k) => {
    const cost = spendFor(spend, p, sideKeyOfSlice(s, k));
    return fresh[k] === 0 ? noValue(`no new customers in ${describePeriod(p)} to divide the spend by`) : cost / fresh[k];
  });
}

/** LTV of one window: ARPA × margin / churn. */
function ltvOf(w: LtvWindow): KpiValue {
  if (typeof w.arpa !== 'number') return w.arpa;
  if (typeof w.churn !== 'number') return w.churn;
  if (w.churn === 0) return noValue(`no customers were lost in the 12 months to ${w.lastMonth}, so churn is 0 and LTV is unbounded`);
  if (typeof w.margin !== 'number') return w.margin;
  return (w.arpa * w.margin) / w.churn;
}

/** LTV per slice over each slice's 12-month window. */
function ltv(table: DealTable, s: Slicing): KpiValue[] {
  return ltvWindows(table, s).map(ltvOf);
}

/** LTV per slice by the method asked: the 12-month window (§3), or the customer-value models (§8). */
function ltvByMethod(table: DealTable, s: Slicing, args: KpiArgs): KpiValue[] {
  return args.method === 'bgnbd' ? bgnbdLtv(table, s, args.fitting) : ltv(table, s);
}

/** Monthly gross profit per customer (ARPA × margin) per slice, CAC_PAYBACK's denominator. */
function monthlyProfit(table: DealTable, s: Slicing): KpiValue[] {
  return ltvWindows(table, s).map((w): KpiValue => {
    if (typeof w.arpa !== 'number') return w.arpa;
    if (typeof w.margin !== 'number') return w.margin;
    const g = w.arpa * w.margin;
    return g > 0 ? g : noValue(`customers brought no gross profit in the 12 months to ${w.lastMonth}, so CAC is never paid back`);
  });
}

/** CAC_PAYBACK per slice: months of a customer's gross profit that repay their acquisition cost. */
function cacPayback(table: DealTable, s: Slicing, args: KpiArgs): KpiValue[] {
  return combine(cac(table, s, args), monthlyProfit(table, s), (c, g) => c / g);
}

/** LTV_CAC per slice. */
function ltvCac(table: DealTable, s: Slicing, args: KpiArgs): KpiValue[] {
  const l = ltv(table, s);
  const c = cac(table, s, args);
  return s.periods.map((p, k) => {
    const a = l[k];
    const x = c[k];
    if (typeof a !== 'number') return a;
    if (typeof x !== 'number') return x;
    return x === 0 ? noValue(`the spend in ${describePeriod(p)} is 0, so CAC is 0 and LTV:CAC is unbounded`) : a / x;
  });
}

const SPEND_PARAM_DOC = 'Marketing spend: a number, or a table (date or period, amount, [source]) with a header row.';

/** The customer value family of the catalog. */
export const valueKpis: readonly KpiEntry[] = [
  {
    id: 'cac', name: 'CAC',
    title: { en: 'Customer acquisition cost', ru: 'Стоимость привлечения клиента' },
    description: `Marketing spend of the period / new customers of the period. ${SPEND_PARAM_DOC}`,
    unit: 'money', higherIsBetter: false, needs: ['customer', 'closed'], additive: false, side: 'spend',
    calculator: {
      params: [
        { name: 'spend', type: 'number', description: 'Marketing and sales spend.' },
        { name: 'new_customers', type: 'number', description: 'Customers acquired with it.' },
      ],
      compute: ([spend, fresh]) => {
        const n = num(fresh, 'new_customers');
        if (n === 0) throw new KpiError('new_customers is 0: the cost per customer is undefined');
        return num(spend, 'spend') / n;
      },
    },
    handWritten: 'new customers come from each customer\'s first won deal in the whole table, and the spend table splits by period and source',
    compute: cac,
  },
  {
    id: 'ltv', name: 'LTV',
    title: { en: 'Customer lifetime value', ru: 'Пожизненная ценность клиента' },
    description: 'ARPA × margin / monthly churn over the 12 months ending with the period’s last month.',
    unit: 'money', higherIsBetter: true, needs: ['customer', 'closed', 'amount'], additive: false,
    calculator: {
      params: [
        { name: 'arpa', type: 'number', description: 'Revenue per customer per period.' },
        { name: 'churn_rate', type: 'number', description: 'Share of customers lost per period.' },
        { name: 'gross_margin', type: 'number', description: 'Gross margin, default 1.', optional: true },
        { name: 'discount_rate', type: 'number', description: 'Discount rate per period, default 0.', optional: true },
        { name: 'cac', type: 'number', description: 'Acquisition cost to subtract, default 0.', optional: true },
      ],
      compute: ([arpa, churn, margin, discount, acq]) => {
        const c = num(churn, 'churn_rate');
        const d = opt(discount, 0);
        if (c + d === 0) throw new KpiError('churn_rate + discount_rate is 0: LTV is unbounded');
        return (num(arpa, 'arpa') * opt(margin, 1) * (1 + d)) / (d + c) - opt(acq, 0);
      },
    },
    option: {
      name: 'method',
      doc: {
        name: 'method', type: 'string',
        description: 'Optional. "simple" (default): ARPA × margin / churn; "bgnbd": the mean 12-month CLV by BG/NBD and Gamma-Gamma of the customers whose first purchase is in the period, calibrated at its end.',
      },
    },
    handWritten: 'the 12-month window of customer history (ltvWindow.ts): ARPA, margin and monthly churn of the customers; or, by method, the BG/NBD and Gamma-Gamma models',
    compute: ltvByMethod,
  },
  {
    id: 'net_ltv', name: 'NET_LTV',
    title: { en: 'Net LTV', ru: 'Чистая LTV' },
    description: 'LTV − CAC for the same period: what a customer is worth after the cost of winning them.',
    unit: 'money', higherIsBetter: true, needs: ['customer', 'closed', 'amount'], additive: false, side: 'spend',
    handWritten: 'LTV and CAC, both from customer history',
    compute: (t, s, a) => combine(ltv(t, s), cac(t, s, a), (l, c) => l - c),
  },
  {
    id: 'ltv_cac', name: 'LTV_CAC',
    title: { en: 'LTV : CAC', ru: 'LTV : CAC' },
    description: 'LTV / CAC for the same period (3 or more is healthy).',
    unit: 'ratio', higherIsBetter: true, needs: ['customer', 'closed', 'amount'], additive: false, side: 'spend',
    bands: [{ op: '>=', at: 'ltvCacGreen', status: 'good' }, { op: '<', at: 'ltvCacRed', status: 'bad' }, { op: '>=', at: 'ltvCacRed', status: 'warn' }],
    calculator: {
      params: [
        { name: 'ltv', type: 'number', description: 'Customer lifetime value.' },
        { name: 'cac', type: 'number', description: 'Customer acquisition cost.' },
      ],
      compute: ([l, c]) => {
        const x = num(c, 'cac');
        if (x === 0) throw new KpiError('cac is 0: LTV:CAC is unbounded');
        return num(l, 'ltv') / x;
      },
    },
    handWritten: 'LTV and CAC, both from customer history',
    compute: ltvCac,
  },
  {
    id: 'cac_payback', name: 'CAC_PAYBACK',
    title: { en: 'CAC payback', ru: 'Окупаемость CAC' },
    description: 'Months of gross profit per customer that repay CAC: CAC / (ARPA × margin).',
    unit: 'months', higherIsBetter: false, needs: ['customer', 'closed', 'amount'], additive: false, side: 'spend',
    bands: [{ op: '<', at: 'cacPaybackGreen', status: 'good' }, { op: '>=', at: 'cacPaybackGreen', status: 'warn' }],
    calculator: {
      params: [
        { name: 'cac', type: 'number', description: 'Customer acquisition cost.' },
        { name: 'arpa', type: 'number', description: 'Revenue per customer per month.' },
        { name: 'gross_margin', type: 'number', description: 'Gross margin, default 1.', optional: true },
      ],
      compute: ([c, arpa, margin]) => {
        const g = num(arpa, 'arpa') * opt(margin, 1);
        if (g === 0) throw new KpiError('arpa × gross_margin is 0: CAC is never paid back');
        return num(c, 'cac') / g;
      },
    },
    handWritten: 'CAC and the LTV window\'s monthly gross profit per customer',
    compute: cacPayback,
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
    // With a baseline_period, each group against its own baseline volume; time buckets k-th against k-th (evaluate.ts).
    definition: { change: { sum: SALES }, against: 'baseline', as: 'difference' },
  },
];
