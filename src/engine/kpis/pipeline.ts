/** Snapshot KPIs of the open pipeline at each slice's end: PIPELINE_COUNT, PIPELINE_VALUE, PIPELINE_VELOCITY. */
import { KpiError } from '../errors';
import type { KpiEntry } from '../kpi';
import { num } from './calculator';

/** The pipeline family of the catalog. */
export const pipelineKpis: readonly KpiEntry[] = [
  {
    id: 'pipeline_count', name: 'PIPELINE_COUNT',
    title: { en: 'Open deals', ru: 'Сделки в воронке' },
    description: 'Snapshot: deals created before the period\'s end and not closed by it (without a period: the deals open now).',
    unit: 'count', higherIsBetter: true, needs: ['status'], periodNeeds: ['created'], additive: true,
    definition: { open: 'count' },
  },
  {
    id: 'pipeline_value', name: 'PIPELINE_VALUE',
    title: { en: 'Pipeline value', ru: 'Объём воронки' },
    description: 'Snapshot: sum of the amounts of the deals open at the period\'s end; weighted, amount × probability.',
    unit: 'money', higherIsBetter: true, needs: ['status', 'amount'], periodNeeds: ['created'], additive: true,
    option: {
      name: 'weighted',
      doc: {
        name: 'weighted', type: 'boolean', optional: true,
        description: 'TRUE to weight each amount by its win probability (needs a probability column); FALSE or omitted for the plain sum.',
      },
    },
    definition: { open: 'amount' },
  },
  {
    id: 'pipeline_velocity', name: 'PIPELINE_VELOCITY',
    title: { en: 'Pipeline velocity', ru: 'Скорость воронки' },
    description: 'Money the pipeline turns into per day: open deals × win rate × average deal / sales cycle.',
    unit: 'money_per_day', higherIsBetter: true, needs: ['status', 'created', 'closed', 'amount'], additive: false,
    calculator: {
      params: [
        { name: 'opportunities', type: 'number', description: 'Number of open deals in the pipeline.' },
        { name: 'win_rate', type: 'number', description: 'Win rate as a fraction (0.25 for 25 %).' },
        { name: 'avg_deal', type: 'number', description: 'Average won deal, in money.' },
        { name: 'cycle_days', type: 'number', description: 'Sales cycle in days.' },
      ],
      compute: ([n, w, a, c]) => {
        const days = num(c, 'cycle_days');
        if (days === 0) throw new KpiError('cycle_days is 0: a per-day rate needs a cycle of at least part of a day');
        return (num(n, 'opportunities') * num(w, 'win_rate') * num(a, 'avg_deal')) / days;
      },
    },
    // A zero-day cycle (every deal won the day it was created) has no per-day rate: say so rather than show ∞.
    definition: {
      ratio: [{ product: [{ open: 'count' }, { kpi: 'WIN_RATE' }, { kpi: 'AVG_DEAL' }] }, { kpi: 'SALES_CYCLE' }],
      ifZero: 'the sales cycle of deals won in {period} is 0 days',
    },
  },
];
