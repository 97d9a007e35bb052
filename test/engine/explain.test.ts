import { describe, expect, it } from 'vitest';
import { findKpi } from '../../src/engine/catalog';
import { definitionOf, type KpiDef } from '../../src/engine/kpi';
import { definitionWords, explainValue } from '../../src/engine/explain';
import { parsePeriodText } from '../../src/engine/period';
import { d, grid, table } from '../helpers';

const kpi = (name: string): KpiDef => findKpi(name) as KpiDef;

/**
 * March 2024, sheet rows 2–7:
 *   row 2 Anna won 100, row 3 Anna refund −30, row 4 Anna lost 50, row 5 Boris won 200,
 *   row 6 Boris open 400 (created in March), row 7 Anna won 70 closed on 1 April.
 * Sales volume March: 100 − 30 + 200 = 270; Anna 70, Boris 200. Deals won 2, lost 1: win rate 2/3.
 */
const deals = table(grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'], [
  [d('2024-02-01'), d('2024-03-01'), 100, 'won', 'Anna'],
  [d('2024-02-02'), d('2024-03-02'), -30, 'won', 'Anna'],
  [d('2024-02-03'), d('2024-03-03'), 50, 'lost', 'Anna'],
  [d('2024-02-04'), d('2024-03-04'), 200, 'won', 'Boris'],
  [d('2024-03-05'), '', 400, 'open', 'Boris'],
  [d('2024-03-06'), d('2024-04-01'), 70, 'won', 'Anna'],
]));
const march = parsePeriodText('2024-03');

describe('definitionWords', () => {
  it('names tallies by the KPI that is exactly that tally, and writes ratios and changes in words', () => {
    expect(definitionWords(definitionOf(kpi('WIN_RATE'))!, 'en')).toBe('Deals won / Won or lost deals closed in the period');
    expect(definitionWords(definitionOf(kpi('AVG_DEAL'))!, 'en')).toBe('Sales volume / Won deals with an amount closed in the period');
    expect(definitionWords(definitionOf(kpi('SALES_GROWTH'))!, 'en'))
      .toBe('(Sales volume − Sales volume of the previous period) / |Sales volume of the previous period|');
    expect(definitionWords(definitionOf(kpi('PLAN_ATTAINMENT'))!, 'ru')).toBe('Объём продаж / План');
    expect(definitionWords(definitionOf(kpi('WIN_RATE'))!, 'ru')).toBe('Выигранные сделки / Выигранные и проигранные сделки, закрытые в периоде');
    expect(definitionWords(definitionOf(kpi('SALES_GROWTH'))!, 'ru')).toBe('(Объём продаж − Объём продаж предыдущего периода) / |Объём продаж предыдущего периода|');
  });
});

describe('explainValue', () => {
  it('sales volume in March: 270 from rows 2, 3 and 5 (the refund in, the April deal out)', () => {
    const e = explainValue(deals, { def: kpi('SALES_VOLUME'), period: march }, {}, 'en');
    expect(e).toEqual({ value: 270, formula: 'Sales volume', parts: [{ label: 'Sales volume', value: 270 }], rows: [2, 3, 5] });
  });
  it('win rate for Anna: 1 won of 2 decided, from rows 2 and 4', () => {
    const e = explainValue(deals, { def: kpi('WIN_RATE'), period: march, group: { field: 'rep', label: 'Anna' } }, {}, 'en');
    expect(e.value).toBe(0.5);
    expect(e.parts).toEqual([{ label: 'Deals won', value: 1 }, { label: 'Won or lost deals closed in the period', value: 2 }]);
    expect(e.rows).toEqual([2, 4]);
  });
  it('pipeline count at the end of March: the open deal of row 6 and the deal of row 7, closed after March', () => {
    const e = explainValue(deals, { def: kpi('PIPELINE_COUNT'), period: march }, {}, 'en');
    expect(e.value).toBe(2);
    expect(e.rows).toEqual([6, 7]);
  });
  it('a group that is not in the table has no value, and says so', () => {
    const e = explainValue(deals, { def: kpi('SALES_VOLUME'), period: march, group: { field: 'rep', label: 'Clara' } }, {}, 'en');
    expect(e.value).toBeNull();
    expect(e.reason).toBe('no rep "Clara" in the table');
    expect(e.rows).toEqual([]);
  });
  it('a value with no number gives the engine\'s reason', () => {
    const e = explainValue(deals, { def: kpi('WIN_RATE'), period: parsePeriodText('2024-05') }, {}, 'en');
    expect(e).toMatchObject({ value: null, reason: 'no won or lost deals closed in 2024-05', rows: [] });
  });
  it('a hand-written KPI gives its description, and the won deals of the period as its rows', () => {
    const e = explainValue(deals, { def: kpi('ACTIVE_CUSTOMERS'), period: march }, {}, 'en');
    expect(e.formula).toBe(kpi('ACTIVE_CUSTOMERS').description);
    expect(e.parts).toEqual([]);
  });
  it('keeps at most maxRows rows, the first ones', () => {
    expect(explainValue(deals, { def: kpi('SALES_VOLUME'), period: march }, {}, 'en', 2).rows).toEqual([2, 3]);
  });
});
