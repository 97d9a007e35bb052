/**
 * Customer KPIs: NEW_CUSTOMERS, ACTIVE_CUSTOMERS, ARPU, RETENTION_RATE, CHURN_RATE, REPEAT_PURCHASES,
 * REPEAT_RATE, LOYAL_CUSTOMERS, POTENTIAL_CUSTOMERS. Activity and purchases are won deals, never
 * refunds (§6); a customer's history comes from the whole table.
 */
import { REVENUE_KINDS } from '../definition';
import { Kind } from '../fields';
import { KpiError } from '../errors';
import { describePeriod } from '../period';
import { noValue, type KpiEntry, type KpiValue } from '../kpi';
import { forEachOpenAt, previousSlicing, rowSlots, snapshotEnds, type Slicing } from '../slicing';
import { upperBound } from '../search';
import type { DealTable } from '../table';
import { ratio, values } from './aggregate';
import { num } from './calculator';
import {
  activeCustomers, customerHistory, distinctOverSpans, distinctPerSlot, newCustomers, retention, wonCustomerSlots,
} from './customerHistory';

const NO_PREVIOUS = 'the whole table has no previous period; give a period such as 2024-03';

/**
 * ARPU's two sides over the same rows (§6 Skipping): revenue of won deals and refunds with a customer
 * and a readable amount, and the distinct customers of the won ones among them.
 */
function arpuParts(table: DealTable, s: Slicing): { revenue: Float64Array; customers: Float64Array } {
  const slots = rowSlots(table, s, 'closed');
  const nSlots = s.labels.length;
  const cust = table.labels.customer.codes;
  const amount = table.numbers.amount;
  const { kind } = table;
  const revenue = new Float64Array(nSlots);
  const buyerSlots = new Int32Array(table.n).fill(-1);
  for (let i = 0; i < table.n; i++) {
    const k = slots[i];
    const a = amount[i];
    if (k < 0 || cust[i] < 0 || !(a === a)) continue;
    const kd = kind[i];
    if (REVENUE_KINDS[kd] === 0) continue;
    // Refunds are revenue but not buyers (§6 Refunds).
    if (kd === Kind.Won) buyerSlots[i] = k;
    revenue[k] += a;
  }
  const customers = distinctPerSlot(buyerSlots, cust, nSlots, customerHistory(table).nCustomers);
  return { revenue, customers };
}

/** Per slice: won deals with a customer closed in it, and those whose customer had a won deal on a strictly earlier day. */
function repeatCounts(table: DealTable, s: Slicing): { repeats: Float64Array; deals: Float64Array } {
  const h = customerHistory(table);
  const slots = wonCustomerSlots(table, s);
  const cust = table.labels.customer.codes;
  const closed = table.dates.closed;
  const repeats = new Float64Array(s.labels.length);
  const deals = new Float64Array(s.labels.length);
  for (let i = 0; i < table.n; i++) {
    const k = slots[i];
    if (k < 0) continue;
    deals[k]++;
    // The first won deal is the earliest, so a strictly later day means an earlier purchase exists.
    if (closed[i] > h.firstWonDay[cust[i]]) repeats[k]++;
  }
  return { repeats, deals };
}

/** RETENTION_RATE (or, with `churn`, CHURN_RATE) per slice against each slice's previous period. */
function retentionRate(table: DealTable, s: Slicing, churn: boolean): KpiValue[] {
  const prev = previousSlicing(s);
  if (!prev) return s.labels.map(() => noValue(NO_PREVIOUS));
  const { atStart, retained } = retention(table, s, prev);
  return s.periods.map((p, k) => {
    if (atStart[k] === 0) {
      return noValue(`no customers were active in ${describePeriod(prev.periods[k])}, the period before ${describePeriod(p)}`);
    }
    return (churn ? atStart[k] - retained[k] : retained[k]) / atStart[k];
  });
}

/**
 * LOYAL_CUSTOMERS per slice: customers with ≥ 2 won deals closed before the slice's end, i.e. whose
 * second won deal closed before it; in a category slice, counted in the group of that second deal.
 */
function loyalCustomers(table: DealTable, s: Slicing): Float64Array {
  const h = customerHistory(table);
  const ends = snapshotEnds(s);
  const out = new Float64Array(s.labels.length);
  if (ends.length === 0) return out;
  if (s.by === 'time') {
    // A customer who became loyal before bucket k's end stays loyal at every later end: count, then accumulate.
    for (let c = 0; c < h.nCustomers; c++) {
      const k = upperBound(ends, h.secondWonDay[c]);
      if (k < ends.length) out[k]++;
    }
    for (let k = 1; k < out.length; k++) out[k] += out[k - 1];
    return out;
  }
  const group = s.by === 'category' ? s.slotOfRow : null;
  for (let c = 0; c < h.nCustomers; c++) {
    if (!(h.secondWonDay[c] < ends[0])) continue;
    const slot = group ? group[h.secondWon[c]] : 0;
    if (slot >= 0) out[slot]++;
  }
  return out;
}

/**
 * POTENTIAL_CUSTOMERS per slice: distinct customers with a deal open at the slice's end (§6 Snapshots)
 * and no won deal closed before that end; in a category slice, per group of their open deals.
 */
function potentialCustomers(table: DealTable, s: Slicing): Float64Array {
  const h = customerHistory(table);
  const ends = snapshotEnds(s);
  const cust = table.labels.customer.codes;
  // A deal is open at consecutive slice ends and its customer stays potential until the end after their first
  // win, so the slices where a row counts are one span [lo, hi).
  const lo = new Int32Array(table.n).fill(-1);
  const hi = new Int32Array(table.n);
  forEachOpenAt(table, s, (row, slot) => {
    const c = cust[row];
    if (c < 0 || h.firstWonDay[c] < ends[slot]) return;
    if (lo[row] < 0) lo[row] = slot;
    hi[row] = slot + 1;
  });
  return distinctOverSpans(lo, hi, cust, s.labels.length, h.nCustomers);
}

/** A calculator denominator that must not be 0. */
function nonZero(v: number | undefined, name: string, why: string): number {
  const x = num(v, name);
  if (x === 0) throw new KpiError(`${name} is 0: ${why}`);
  return x;
}

/** The customer family of the catalog. */
export const customerKpis: readonly KpiEntry[] = [
  {
    id: 'new_customers', name: 'NEW_CUSTOMERS',
    title: { en: 'New customers', ru: 'Новые клиенты' },
    description: 'Customers whose first won deal in the whole table closed in the period (grouped: by the group of that deal).',
    unit: 'count', higherIsBetter: true, needs: ['customer', 'closed'], additive: true,
    handWritten: "a customer's first won deal in the whole table (customer history)",
    compute: (t, s) => values(newCustomers(t, s)),
  },
  {
    id: 'active_customers', name: 'ACTIVE_CUSTOMERS',
    title: { en: 'Active customers', ru: 'Активные клиенты' },
    description: 'Distinct customers with a won deal closed in the period (refunds are not activity).',
    unit: 'count', higherIsBetter: true, needs: ['customer', 'closed'], additive: false,
    handWritten: 'distinct customers per slice (customer history)',
    compute: (t, s) => values(activeCustomers(t, s)),
  },
  {
    id: 'arpu', name: 'ARPU',
    title: { en: 'Revenue per customer', ru: 'Выручка на клиента' },
    description: 'Average revenue per user: sales volume / active customers of the period.',
    unit: 'money', higherIsBetter: true, needs: ['customer', 'closed', 'amount'], additive: false,
    calculator: {
      params: [
        { name: 'revenue', type: 'number', description: 'Revenue of the period.' },
        { name: 'customers', type: 'number', description: 'Number of customers who bought in the period.' },
      ],
      compute: ([revenue, customers]) =>
        num(revenue, 'revenue') / nonZero(customers, 'customers', 'revenue per customer needs at least one customer'),
    },
    handWritten: 'revenue over distinct customers (customer history)',
    compute: (t, s) => {
      const { revenue, customers } = arpuParts(t, s);
      return ratio(s, revenue, customers, (p) => `no customers with a won deal closed in ${p}`);
    },
  },
  {
    id: 'retention_rate', name: 'RETENTION_RATE',
    title: { en: 'Retention rate', ru: 'Удержание клиентов' },
    description: 'Of the customers active in the previous period, the share also active in this one.',
    unit: 'rate', higherIsBetter: true, needs: ['customer', 'closed'], additive: false,
    calculator: {
      params: [
        { name: 'customers_at_start', type: 'number', description: 'Customers at the start of the period.' },
        { name: 'customers_at_end', type: 'number', description: 'Customers at the end of the period.' },
        { name: 'new_customers', type: 'number', description: 'Customers acquired during the period.' },
      ],
      compute: ([start, end, added]) => {
        const s0 = nonZero(start, 'customers_at_start', 'retention of no customers is undefined');
        return (num(end, 'customers_at_end') - num(added, 'new_customers')) / s0;
      },
    },
    handWritten: 'the customers of each slice against those of the period before (customer history)',
    compute: (t, s) => retentionRate(t, s, false),
  },
  {
    id: 'churn_rate', name: 'CHURN_RATE',
    title: { en: 'Churn rate', ru: 'Отток клиентов' },
    description: 'Of the customers active in the previous period, the share not active in this one (1 − retention).',
    unit: 'rate', higherIsBetter: false, needs: ['customer', 'closed'], additive: false,
    calculator: {
      params: [
        { name: 'customers_at_start', type: 'number', description: 'Customers at the start of the period.' },
        { name: 'customers_lost', type: 'number', description: 'Customers lost during the period.' },
      ],
      compute: ([start, lost]) =>
        num(lost, 'customers_lost') / nonZero(start, 'customers_at_start', 'churn of no customers is undefined'),
    },
    handWritten: 'the customers of each slice against those of the period before (customer history)',
    compute: (t, s) => retentionRate(t, s, true),
  },
  {
    id: 'repeat_purchases', name: 'REPEAT_PURCHASES',
    title: { en: 'Repeat purchases', ru: 'Повторные покупки' },
    description: 'Won deals closed in the period whose customer had a won deal on an earlier day.',
    unit: 'count', higherIsBetter: true, needs: ['customer', 'closed'], additive: true,
    handWritten: "each won deal against its customer's first won day (customer history)",
    compute: (t, s) => values(repeatCounts(t, s).repeats),
  },
  {
    id: 'repeat_rate', name: 'REPEAT_RATE',
    title: { en: 'Repeat purchase rate', ru: 'Доля повторных покупок' },
    description: 'Repeat purchases / won deals closed in the period (deals with a customer).',
    unit: 'rate', higherIsBetter: true, needs: ['customer', 'closed'], additive: false,
    handWritten: "each won deal against its customer's first won day (customer history)",
    compute: (t, s) => {
      const { repeats, deals } = repeatCounts(t, s);
      return ratio(s, repeats, deals, (p) => `no won deals with a customer closed in ${p}`);
    },
  },
  {
    id: 'loyal_customers', name: 'LOYAL_CUSTOMERS',
    title: { en: 'Loyal customers', ru: 'Постоянные клиенты' },
    description: 'Snapshot: customers with at least 2 won deals closed before the end of the period.',
    unit: 'count', higherIsBetter: true, needs: ['customer', 'closed'], additive: false,
    handWritten: "each customer's second won deal (customer history)",
    compute: (t, s) => values(loyalCustomers(t, s)),
  },
  {
    id: 'potential_customers', name: 'POTENTIAL_CUSTOMERS',
    title: { en: 'Potential customers', ru: 'Потенциальные клиенты' },
    description: 'Snapshot: customers with an open deal at the end of the period and no won deal before it.',
    unit: 'count', higherIsBetter: true, needs: ['customer', 'closed', 'status', 'created'], additive: false,
    handWritten: 'open deals of customers with no win yet (customer history)',
    compute: (t, s) => values(potentialCustomers(t, s)),
  },
];
