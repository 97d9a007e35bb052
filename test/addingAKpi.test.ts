/**
 * Adding a KPI is one entry (issue 7): a definition appended to one family of the catalog shows up in the
 * custom functions and their declarations, the autocomplete docs and the README reference, KPI() and
 * KPI_TABLE, the summary, and its live formulas — with no other file touched. The README's "Adding a KPI"
 * shows the same entry.
 */
import { describe, expect, it, vi } from 'vitest';
import type { KpiEntry } from '../src/engine/kpi';
import { callByName, callKpiTable } from '../src/engine/call';
import { findKpi } from '../src/engine/catalog';
import { functionDocs } from '../src/engine/docs';
import { customFunctions } from '../src/addon/functions';
import { customFunctionDeclaration, publicNames } from '../scripts/build';
import { renderReference } from '../scripts/docs';
import { typedDealsSheet } from '../src/engine/summary/typedSheet';
import { Evaluator } from './engine/summary/formulaEval';
import { build, cellAt } from './engine/summary/summaryHelpers';
import { d, grid, table } from './helpers';

vi.mock('../src/engine/kpis/mix', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/engine/kpis/mix')>();
  // The entry exactly as the README shows it: the money lost deals took away.
  const lostValue: KpiEntry = {
    id: 'lost_value', name: 'LOST_VALUE',
    title: { en: 'Lost value', ru: 'Упущенная выручка' },
    description: 'Sum of the amounts of lost deals closed in the period.',
    unit: 'money', higherIsBetter: false, needs: ['status', 'amount', 'closed'], additive: true,
    definition: { sum: { deals: 'lost', date: 'closed', value: 'amount' } },
  };
  return { ...original, mixKpis: [...original.mixKpis, lostValue] };
});

/**
 * March 2024: Anna loses 300 and 200, Boris loses 400 and wins 1000; April: Boris loses 50.
 * Lost value in March: 300 + 200 + 400 = 900 (Anna 500, Boris 400); in April 50.
 */
const deals = grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'], [
  [d('2024-02-01'), d('2024-03-05'), 300, 'lost', 'Anna'],
  [d('2024-02-02'), d('2024-03-06'), 200, 'lost', 'Anna'],
  [d('2024-02-03'), d('2024-03-07'), 400, 'lost', 'Boris'],
  [d('2024-02-04'), d('2024-03-08'), 1000, 'won', 'Boris'],
  [d('2024-03-01'), d('2024-04-02'), 50, 'lost', 'Boris'],
]);
const ENV = { timeZone: 'UTC' };

describe('adding a KPI is one entry', () => {
  it('is a custom function, declared for Apps Script with its autocomplete help', () => {
    expect(customFunctions().LOST_VALUE(deals, '2024-03')).toBe(900);
    expect(customFunctions().LOST_VALUE(deals, '2024-03', 'rep')).toEqual([['rep', 'Lost value'], ['Anna', 500], ['Boris', 400]]);
    expect(publicNames()).toContain('LOST_VALUE');
    const doc = functionDocs().find((f) => f.name === 'LOST_VALUE');
    expect(doc?.description).toContain('Sum of the amounts of lost deals closed in the period.');
    const declaration = customFunctionDeclaration(doc!);
    expect(declaration).toContain('@customfunction');
    expect(declaration).toContain('function LOST_VALUE(deals, period, group_by)');
  });

  it('is in the README reference and in KPI()\'s list of names', () => {
    expect(renderReference()).toContain('LOST_VALUE(deals, [period], [group_by])');
    expect(functionDocs().find((f) => f.name === 'KPI')?.params[0].description).toContain('lost_value');
    expect(callByName(['lost_value', deals, '2024-04'], ENV)).toBe(50);
  });

  it('is a column of KPI_TABLE: February 0 (the table starts with February\'s creation dates), March 900, April 50', () => {
    const out = callKpiTable([deals, 'month'], ENV) as unknown[][];
    const col = out[0].indexOf('Lost value');
    expect(col).toBeGreaterThan(0);
    expect(out.map((r) => [r[0], r[col]])).toEqual([['month', 'Lost value'], ['2024-02', 0], ['2024-03', 900], ['2024-04', 50]]);
  });

  it('is a row of the summary, whose live formula recalculates to the engine\'s value', () => {
    expect(findKpi('LOST_VALUE')?.title.en).toBe('Lost value');
    const layout = build(deals, { period: '2024-03', live: true });
    const cell = cellAt(layout, 'overview', 'Lost value', 'Value: 2024-03');
    expect(cell.v).toBe(900);
    expect(cell.f).toMatch(/^=SUMIFS\(/);
    const ev = new Evaluator(layout, { Deals: typedDealsSheet(table(deals), deals) });
    expect(ev.formula(cell.f as string)).toBe(900);
    expect(cellAt(layout, 'overview', 'Lost value', 'Previous: 2024-02').v).toBe(0);
  });
});
