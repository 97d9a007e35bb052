/** Lead cohorts by creation date and the sales cycle: LEAD_CONVERSION, LEAD_TO_OPPORTUNITY, LOSS_RATE, SALES_CYCLE. */
import { KpiError } from '../errors';
import { Kind } from '../fields';
import { describePeriod } from '../period';
import { noValue, type KpiDef, type KpiValue } from '../kpi';
import { rowSlots, type Slicing } from '../slicing';
import { unreadableRows, type DealTable } from '../table';
import { ratio } from './aggregate';
import { num } from './calculator';

/**
 * True when a row of kind `k` is a lead: won, lost or open; refunds and rows of unknown status are not
 * (§6). A table without `status` says nothing about outcomes, so there every row but a refund is a lead.
 */
export function isLead(k: number, salesLog: boolean): boolean {
  return k === Kind.Won || k === Kind.Lost || k === Kind.Open || (salesLog && k !== Kind.Refund);
}

/** What a cohort KPI counts among the leads of a cohort. */
type CohortHit = 'won' | 'lost' | 'qualified';

/** Per-slice count of leads created in the slice, and of those among them that are `hit`. */
function cohortCounts(table: DealTable, s: Slicing, hit: CohortHit): { hits: Float64Array; leads: Float64Array } {
  const slots = rowSlots(table, s, 'created');
  const hits = new Float64Array(s.labels.length);
  const leads = new Float64Array(s.labels.length);
  const { kind, qualifiedFlag, isSalesLog } = table;
  // A qualified cell that could not be read says neither yes nor no: the lead leaves both counts.
  const skip = hit === 'qualified' ? unreadableRows(table, 'qualified') : null;
  const want = hit === 'won' ? Kind.Won : Kind.Lost;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0 || !isLead(kind[i], isSalesLog) || (skip !== null && skip[i] === 1)) continue;
    leads[slot]++;
    if (hit === 'qualified' ? qualifiedFlag[i] === 1 : kind[i] === want) hits[slot]++;
  }
  return { hits, leads };
}

/** Per-slice count of leads created in the slice (the denominator of every cohort rate). */
export function leadsCreated(table: DealTable, s: Slicing): Float64Array {
  return cohortCounts(table, s, 'won').leads;
}

/** A cohort rate per slice: leads that are `hit` / leads created in the slice. */
function cohortRate(table: DealTable, s: Slicing, hit: CohortHit): KpiValue[] {
  const { hits, leads } = cohortCounts(table, s, hit);
  return ratio(s, hits, leads, (p) => `no leads created in ${p}`);
}

/** Days from creation to close of won row `i`, or NaN when a date is missing or it closed before it was created. */
function cycleDays(created: Float64Array, closed: Float64Array, i: number): number {
  const days = closed[i] - created[i];
  return days >= 0 ? days : NaN;
}

/** SALES_CYCLE per slice: mean or median days from creation to close of won deals closed in the slice. */
function salesCycle(table: DealTable, s: Slicing, stat: 'mean' | 'median'): KpiValue[] {
  const slots = rowSlots(table, s, 'closed');
  const m = s.labels.length;
  const count = new Float64Array(m);
  const sum = new Float64Array(m);
  const { kind } = table;
  const { created, closed } = table.dates;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0 || kind[i] !== Kind.Won) continue;
    const days = cycleDays(created, closed, i);
    if (days !== days) continue;
    count[slot]++;
    sum[slot] += days;
  }
  const why = (p: string): string => `no won deals with a creation date closed in ${p}`;
  if (stat === 'mean') return ratio(s, sum, count, why);
  return medians(table, s, slots, count).map((v, k) => (count[k] === 0 ? noValue(why(describePeriod(s.periods[k]))) : v));
}

/** Median cycle per slice: the rows' days laid out slice by slice in one buffer, each run sorted. */
function medians(table: DealTable, s: Slicing, slots: Int32Array, count: Float64Array): number[] {
  const start = new Int32Array(count.length + 1);
  for (let k = 0; k < count.length; k++) start[k + 1] = start[k] + count[k];
  const fill = start.slice(0, count.length);
  const buf = new Float64Array(start[count.length]);
  const { kind } = table;
  const { created, closed } = table.dates;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0 || kind[i] !== Kind.Won) continue;
    const days = cycleDays(created, closed, i);
    if (days === days) buf[fill[slot]++] = days;
  }
  return s.labels.map((_, k) => {
    const run = buf.subarray(start[k], start[k + 1]).sort();
    const mid = run.length >> 1;
    return run.length % 2 === 1 ? run[mid] : (run[mid - 1] + run[mid]) / 2;
  });
}

/** A calculator rate `part / leads`; 0 leads is an error. */
function leadShare(part: number | undefined, partName: string, leads: number | undefined): number {
  const p = num(part, partName);
  const l = num(leads, 'leads');
  if (l === 0) throw new KpiError('leads is 0: a share of no leads is undefined');
  return p / l;
}

/** The cohort family of the catalog. */
export const cohortKpis: readonly KpiDef[] = [
  {
    id: 'lead_conversion', name: 'LEAD_CONVERSION',
    title: { en: 'Lead conversion', ru: 'Конверсия лидов' },
    description: 'Cohort: the share of leads created in the period that are now won.',
    unit: 'rate', higherIsBetter: true, needs: ['status', 'created'], additive: false,
    calculator: {
      params: [
        { name: 'won', type: 'number', description: 'Number of leads that became won deals.' },
        { name: 'leads', type: 'number', description: 'Number of leads.' },
      ],
      compute: ([won, leads]) => leadShare(won, 'won', leads),
    },
    compute: (t, s) => cohortRate(t, s, 'won'),
  },
  {
    id: 'lead_to_opportunity', name: 'LEAD_TO_OPPORTUNITY',
    title: { en: 'Lead to opportunity', ru: 'Конверсия лидов в возможности' },
    description: 'Cohort: the share of leads created in the period that were qualified (have a `qualified` date or TRUE).',
    unit: 'rate', higherIsBetter: true, needs: ['created', 'qualified'], additive: false,
    calculator: {
      params: [
        { name: 'opportunities', type: 'number', description: 'Number of leads that became opportunities.' },
        { name: 'leads', type: 'number', description: 'Number of leads.' },
      ],
      compute: ([opportunities, leads]) => leadShare(opportunities, 'opportunities', leads),
    },
    compute: (t, s) => cohortRate(t, s, 'qualified'),
  },
  {
    id: 'loss_rate', name: 'LOSS_RATE',
    title: { en: 'Loss rate', ru: 'Доля отказов' },
    description: 'Cohort: the share of leads created in the period that are now lost (rejection rate).',
    unit: 'rate', higherIsBetter: false, needs: ['status', 'created'], additive: false,
    compute: (t, s) => cohortRate(t, s, 'lost'),
  },
  {
    id: 'sales_cycle', name: 'SALES_CYCLE',
    title: { en: 'Sales cycle', ru: 'Цикл продаж' },
    description: 'Mean (or median) days from creation to close of won deals closed in the period.',
    unit: 'days', higherIsBetter: false, needs: ['created', 'closed'], additive: false,
    option: {
      name: 'stat',
      doc: { name: 'stat', type: 'string', description: '"mean" (the default) or "median".', optional: true },
    },
    compute: (t, s, args) => salesCycle(t, s, args.stat ?? 'mean'),
  },
];
