/** Lead cohorts by creation date and the sales cycle: LEAD_CONVERSION, LEAD_TO_OPPORTUNITY, LOSS_RATE, SALES_CYCLE. */
import { LEADS_CREATED } from '../definition';
import { KpiError } from '../errors';
import type { KpiEntry } from '../kpi';
import { num } from './calculator';

/** A calculator rate `part / leads`; 0 leads is an error. */
function leadShare(part: number | undefined, partName: string, leads: number | undefined): number {
  const p = num(part, partName);
  const l = num(leads, 'leads');
  if (l === 0) throw new KpiError('leads is 0: a share of no leads is undefined');
  return p / l;
}

/** The cohort family of the catalog. */
export const cohortKpis: readonly KpiEntry[] = [
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
    definition: { ratio: [{ sum: { ...LEADS_CREATED, deals: 'won' } }, { sum: LEADS_CREATED }] },
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
    // A qualified cell that could not be read says neither yes nor no: the lead leaves both counts.
    definition: {
      ratio: [{ sum: { ...LEADS_CREATED, known: ['qualified'], where: { qualified: true } } }, { sum: { ...LEADS_CREATED, known: ['qualified'] } }],
    },
  },
  {
    id: 'loss_rate', name: 'LOSS_RATE',
    title: { en: 'Loss rate', ru: 'Доля отказов' },
    description: 'Cohort: the share of leads created in the period that are now lost (rejection rate).',
    unit: 'rate', higherIsBetter: false, needs: ['status', 'created'], additive: false,
    definition: { ratio: [{ sum: { ...LEADS_CREATED, deals: 'lost' } }, { sum: LEADS_CREATED }] },
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
    definition: { typical: { deals: 'won', date: 'closed', value: 'cycle_days' } },
  },
];
