import { describe, expect, it } from 'vitest';
import { findKpi } from '../../../src/engine/catalog';
import { KpiError } from '../../../src/engine/errors';
import type { KpiDef } from '../../../src/engine/kpi';
import { ALL_TIME, parsePeriodText, type Bounded } from '../../../src/engine/period';
import { readPlan } from '../../../src/engine/sideTables';
import { makeSlicing } from '../../../src/engine/slicing';
import {
  allowedKpi, computeKpi, descriptionNote, groupFilter, groupLabelCell, groupText, headerRow, kpiTitle, periodText, scopeOf,
  withSection, type SummaryContext,
} from '../../../src/engine/summary/context';
import type { Live } from '../../../src/engine/summary/liveFormulas';
import { SheetBuilder } from '../../../src/engine/summary/sheet';
import { DEFAULT_BENCHMARKS } from '../../../src/engine/summary/status';
import { d, grid, table } from '../../helpers';

/** March 2024 by Anna and a rep left blank; no customer column. */
const deals = table(grid(['Closed', 'Amount', 'Status', 'Rep'], [
  [d('2024-03-01'), 100, 'won', 'Anna'],
  [d('2024-03-02'), 50, 'lost', ''],
]));
const march = parsePeriodText('2024-03');

function context(o: Partial<SummaryContext> = {}): SummaryContext {
  return {
    table: deals, locale: 'en', period: march, prev: parsePeriodText('2024-02') as Bounded, granularity: 'month', fiscal: 1,
    benchmarks: DEFAULT_BENCHMARKS, live: null, liveAsked: false, sheet: new SheetBuilder(), ...o,
  };
}
const def = (name: string): KpiDef => findKpi(name)!;

describe('titles and texts in the summary\'s language', () => {
  it('kpiTitle and descriptionNote: the Russian summary has Russian titles and no English descriptions', () => {
    expect(kpiTitle(context(), def('WIN_RATE'))).toBe('Win rate');
    expect(kpiTitle(context({ locale: 'ru' }), def('WIN_RATE'))).toBe('Доля выигранных сделок');
    expect(descriptionNote(context(), def('DEALS_LOST'))).toBe('Number of lost deals closed in the period.');
    expect(descriptionNote(context({ locale: 'ru' }), def('DEALS_LOST'))).toBeUndefined();
  });
  it('periodText: a period\'s label, or the whole table in words', () => {
    expect(periodText(context(), march)).toBe('2024-03');
    expect(periodText(context({ locale: 'ru' }), ALL_TIME)).toBe('вся таблица');
  });
  it('groupText and groupLabelCell: the (blank) group in the summary\'s language', () => {
    const s = makeSlicing(deals, march, 'rep');
    expect(s.labels).toEqual(['Anna', '(blank)']);
    expect([groupText(context({ locale: 'ru' }), s, 0), groupText(context({ locale: 'ru' }), s, 1)]).toEqual(['Anna', '(пусто)']);
    expect(groupLabelCell(context(), s, 1)).toEqual({ v: '(blank)', style: 'label', fmt: 'text' });
  });
  it('groupLabelCell in a live summary notes that the (blank) group\'s numbers are values', () => {
    const s = makeSlicing(deals, march, 'rep');
    const live = context({ live: {} as Live, liveAsked: true });
    expect(groupLabelCell(live, s, 1).note).toBe('Rows with this column empty; their numbers are values, not formulas.');
    expect(groupLabelCell(live, s, 0).note).toBeUndefined();
  });
});

describe('allowedKpi: a KPI the table\'s columns and the side tables allow', () => {
  it('needs the KPI\'s columns, over a period too', () => {
    expect(allowedKpi(context(), 'win_rate')?.name).toBe('WIN_RATE');
    expect(allowedKpi(context(), 'NEW_CUSTOMERS')).toBeUndefined(); // no customer column
    expect(allowedKpi(context(), 'PIPELINE_COUNT')).toBeUndefined(); // a period's snapshot needs `created`
    expect(allowedKpi(context(), 'nonsense')).toBeUndefined();
  });
  it('needs a plan for PLAN_ATTAINMENT', () => {
    expect(allowedKpi(context(), 'PLAN_ATTAINMENT')).toBeUndefined();
    expect(allowedKpi(context({ plan: readPlan(500, deals.dayOf) }), 'PLAN_ATTAINMENT')?.name).toBe('PLAN_ATTAINMENT');
  });
});

describe('computeKpi', () => {
  it('turns a KpiError into no value in every slice, with its message', () => {
    const s = makeSlicing(deals, march, 'rep');
    // A single plan number cannot be split by rep.
    expect(computeKpi(def('PLAN_ATTAINMENT'), deals, s, { plan: readPlan(500, deals.dayOf) })).toEqual([
      { reason: 'a single plan number cannot be split by rep: give a plan table (period, [rep], target) with a header row' },
      { reason: 'a single plan number cannot be split by rep: give a plan table (period, [rep], target) with a header row' },
    ]);
  });
  it('lets any other error through', () => {
    const broken = { ...def('SALES_VOLUME'), compute: () => { throw new TypeError('bug'); } };
    expect(() => computeKpi(broken, deals, makeSlicing(deals, march, ''), {})).toThrow(TypeError);
    const refused = { ...def('SALES_VOLUME'), compute: () => { throw new KpiError('no'); } };
    expect(computeKpi(refused, deals, makeSlicing(deals, march, ''), {})).toEqual([{ reason: 'no' }]);
  });
});

describe('scopeOf and groupFilter: what a live formula selects', () => {
  it('scopeOf: the period\'s days, open-ended for the whole table', () => {
    const day = Date.UTC(2024, 2, 1) / 86400000;
    expect(scopeOf(march)).toEqual({ start: day, end: day + 31, group: undefined });
    expect(scopeOf(ALL_TIME, { field: 'rep', label: 'Anna' })).toEqual({ start: null, end: null, group: { field: 'rep', label: 'Anna' } });
  });
  it('groupFilter: a rep or source label; none for the (blank) group or other fields', () => {
    const byRep = makeSlicing(deals, march, 'rep');
    expect(groupFilter(byRep, 0)).toEqual({ field: 'rep', label: 'Anna' });
    expect(groupFilter(byRep, 1)).toBeUndefined();
    expect(groupFilter(makeSlicing(deals, march, 'month'), 0)).toBeUndefined();
  });
});

describe('withSection: a block is its section row, its rows and a blank row after it', () => {
  it('records the block from its section row to its last row', () => {
    const ctx = context();
    ctx.sheet.push([]);
    withSection(ctx, 'byRep', 'By rep', () => { headerRow(ctx, ['Rep', 'Sales']); ctx.sheet.push([{ v: 'Anna' }, { v: 100 }]); });
    expect(ctx.sheet.blocks).toEqual([{ id: 'byRep', title: 'By rep', firstRow: 1, lastRow: 3 }]);
    expect(ctx.sheet.rows).toEqual([
      [],
      [{ v: 'By rep', style: 'section' }],
      [{ v: 'Rep', style: 'header' }, { v: 'Sales', style: 'header' }],
      [{ v: 'Anna' }, { v: 100 }],
      [],
    ]);
  });
  it('notes on the section row which numbers are values when live formulas were asked for', () => {
    const live = context({ live: {} as Live, liveAsked: true });
    withSection(live, 'byRep', 'By rep', (values) => { values.add('Sales cycle'); values.add('Margin'); });
    expect(live.sheet.rows[0][0].note).toBe('Written as values, not formulas: Sales cycle, Margin.');
    const noCells = context({ liveAsked: true });
    withSection(noCells, 'byRep', 'By rep', () => undefined);
    expect(noCells.sheet.rows[0][0].note).toBe('Live formulas need the deal sheet\'s cells; every number is written as a value.');
  });
});
