/** Snapshot KPIs of the open pipeline at each slice's end: PIPELINE_COUNT, PIPELINE_VALUE, PIPELINE_VELOCITY. */
import { KpiError } from '../errors';
import { describeMissingColumn } from '../fields';
import { describePeriod } from '../period';
import { noValue, type KpiArgs, type KpiDef, type KpiValue } from '../kpi';
import { forEachOpenAt, type Slicing } from '../slicing';
import type { DealTable } from '../table';
import { combine, values } from './aggregate';
import { num } from './calculator';
import { cohortKpis } from './cohort';
import { salesKpis } from './sales';

/** Per-slice number of deals open at the slice's end (§6 Snapshots; period "" = open now). */
export function pipelineCount(table: DealTable, s: Slicing): Float64Array {
  const out = new Float64Array(s.labels.length);
  forEachOpenAt(table, s, (_row, slot) => { out[slot]++; });
  return out;
}

/**
 * Per-slice Σ amount of the deals open at the slice's end; weighted, Σ amount × probability.
 * Rows whose amount (or probability, when weighted) is blank or unreadable add nothing.
 */
export function pipelineValue(table: DealTable, s: Slicing, weighted: boolean): Float64Array {
  if (weighted && !table.columns.probability) {
    throw new KpiError(`weighted TRUE needs win probabilities, but ${describeMissingColumn('probability')}`);
  }
  const out = new Float64Array(s.labels.length);
  const amount = table.numbers.amount;
  const probability = table.numbers.probability;
  if (weighted) {
    forEachOpenAt(table, s, (i, slot) => {
      const v = amount[i] * probability[i];
      if (v === v) out[slot] += v;
    });
  } else {
    forEachOpenAt(table, s, (i, slot) => {
      const a = amount[i];
      if (a === a) out[slot] += a;
    });
  }
  return out;
}

/** A catalog entry of another family, looked up when first used so that the families' load order does not matter. */
function part(family: readonly KpiDef[], name: string): KpiDef {
  const def = family.find((k) => k.name === name);
  if (!def) throw new Error(`PIPELINE_VELOCITY needs ${name}, which is not in the catalog`);
  return def;
}

/** PIPELINE_VELOCITY per slice: open deals × win rate × average deal / sales cycle, money per day. */
export function pipelineVelocity(table: DealTable, s: Slicing): KpiValue[] {
  const none: KpiArgs = {};
  const count = values(pipelineCount(table, s));
  const winRate = part(salesKpis, 'WIN_RATE').compute(table, s, none);
  const avgDeal = part(salesKpis, 'AVG_DEAL').compute(table, s, none);
  const cycle = part(cohortKpis, 'SALES_CYCLE').compute(table, s, none);
  // A zero-day cycle (every deal won the day it was created) has no per-day rate: say so rather than show ∞.
  const perDay = cycle.map((c, k): KpiValue =>
    c === 0 ? noValue(`the sales cycle of deals won in ${describePeriod(s.periods[k])} is 0 days`) : c);
  const value = combine(combine(count, winRate, (n, w) => n * w), avgDeal, (x, a) => x * a);
  return combine(value, perDay, (x, c) => x / c);
}

/** The pipeline family of the catalog. */
export const pipelineKpis: readonly KpiDef[] = [
  {
    id: 'pipeline_count', name: 'PIPELINE_COUNT',
    title: { en: 'Open deals', ru: 'Сделки в воронке' },
    description: 'Snapshot: deals created before the period\'s end and not closed by it (without a period: the deals open now).',
    unit: 'count', higherIsBetter: true, needs: ['status'], periodNeeds: ['created'], additive: true,
    compute: (t, s) => values(pipelineCount(t, s)),
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
    compute: (t, s, args) => values(pipelineValue(t, s, args.weighted === true)),
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
    compute: pipelineVelocity,
  },
];
