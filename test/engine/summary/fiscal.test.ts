/** The summary over a fiscal year (issue 9, "fiscal year start"): fiscal buckets, FY periods, their labels and plans. */
import { describe, expect, it } from 'vitest';
import { runSummary } from '../../../src/engine/summary';
import { d, grid, NOW } from '../../helpers';
import { build, cellAt, rowsOf, vs } from './summaryHelpers';

/**
 * Won deals around an April fiscal year (FY2024 = April 2023 – March 2024), one per calendar quarter edge:
 *   2023-03-31  100  → FY2023-Q4 (January–March 2023)
 *   2023-04-01  200  → FY2024-Q1 (April–June 2023)
 *   2023-06-30  300  → FY2024-Q1
 *   2023-07-01  400  → FY2024-Q2 (July–September 2023)
 *   2023-12-31  500  → FY2024-Q3 (October–December 2023)
 *   2024-01-01  600  → FY2024-Q4 (January–March 2024)
 *   2024-04-01  700  → FY2025-Q1 (April–June 2024)
 * By fiscal year: FY2023 100, FY2024 200 + 300 + 400 + 500 + 600 = 2 000, FY2025 700. Calendar 2023: 1 500.
 */
const DEALS = grid(['Closed', 'Amount', 'Status'], [
  [d('2023-03-31'), 100, 'won'], [d('2023-04-01'), 200, 'won'], [d('2023-06-30'), 300, 'won'], [d('2023-07-01'), 400, 'won'],
  [d('2023-12-31'), 500, 'won'], [d('2024-01-01'), 600, 'won'], [d('2024-04-01'), 700, 'won'],
]);

/** The by-period block's label and sales volume of each row under its header. */
function byPeriod(o: Parameters<typeof build>[1]): { header: unknown; rows: unknown[][] } {
  const rows = rowsOf(build(DEALS, o), 'byPeriod');
  return { header: rows[1][0].v, rows: rows.slice(2).map((r) => vs(r).slice(0, 2)) };
}

describe('summary: by period in fiscal quarters and years', () => {
  it('cuts an April year\'s quarters: FY2023-Q4 to FY2025-Q1, each deal in its own', () => {
    expect(byPeriod({ granularity: 'quarter', fiscalYearStart: 4 })).toEqual({
      header: 'Fiscal quarter',
      rows: [['FY2023-Q4', 100], ['FY2024-Q1', 500], ['FY2024-Q2', 400], ['FY2024-Q3', 500], ['FY2024-Q4', 600], ['FY2025-Q1', 700]],
    });
  });
  it('cuts an April year\'s years: FY2023 100, FY2024 2 000, FY2025 700', () => {
    expect(byPeriod({ granularity: 'year', fiscalYearStart: 4 })).toEqual({
      header: 'Fiscal year', rows: [['FY2023', 100], ['FY2024', 2000], ['FY2025', 700]],
    });
  });
  it('keeps calendar quarters for a January year and months for any year', () => {
    expect(byPeriod({ granularity: 'year', fiscalYearStart: 1 })).toEqual({ header: 'Year', rows: [['2023', 1500], ['2024', 1300]] });
    expect(byPeriod({ granularity: 'month', fiscalYearStart: 4 }).header).toBe('Month');
  });
  it('names the fiscal year in the subtitle, in the summary\'s language', () => {
    const en = build(DEALS, { granularity: 'quarter', fiscalYearStart: 4, period: '2023-05' });
    expect(String(en.rows[1][0].v)).toContain('Period: 2023-05 (fiscal year from April)');
    const ru = build(DEALS, { granularity: 'quarter', fiscalYearStart: 10, period: '2023-05', locale: 'ru' });
    expect(String(ru.rows[1][0].v)).toContain('Период: 2023-05 (финансовый год с октября)');
    expect(rowsOf(ru, 'byPeriod')[1][0].v).toBe('Финансовый квартал');
    // Months and a calendar year need no word on the fiscal year.
    expect(String(build(DEALS, { fiscalYearStart: 4, period: '2023-05' }).rows[1][0].v)).not.toContain('fiscal');
  });
});

describe('summary: a fiscal period in the overview', () => {
  it('FY2024-Q1 against FY2023-Q4: 500 against 100', () => {
    const layout = build(DEALS, { period: 'FY2024-Q1', fiscalYearStart: 4 });
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: FY2024-Q1').v).toBe(500);
    expect(cellAt(layout, 'overview', 'Sales volume', 'Previous: FY2023-Q4').v).toBe(100);
    expect(String(layout.rows[1][0].v)).toContain('Period: FY2024-Q1 (fiscal year from April)');
  });
  it('FY2024 against FY2023, with the plan of FY2024 written as its quarters: 2 000 of 2 500', () => {
    const plan = [['Period', 'Target'], ['FY2024-Q1', 500], ['FY2024-Q2', 500], ['FY2024-Q3', 500], ['FY2024-Q4', 1000]];
    const layout = build(DEALS, { period: 'FY2024', fiscalYearStart: 4, plan });
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: FY2024').v).toBe(2000);
    expect(cellAt(layout, 'overview', 'Sales volume', 'Previous: FY2023').v).toBe(100);
    expect(cellAt(layout, 'overview', 'Plan attainment', 'Value: FY2024').v).toBe(2000 / 2500);
  });
});

describe('runSummary with a fiscal year start', () => {
  it('reads FY period text, plan rows and buckets with it', () => {
    const r = runSummary({
      deals: { values: DEALS }, timeZone: 'UTC', now: NOW, period: 'FY2024-Q4', granularity: 'quarter', fiscalYearStart: 4,
      plan: [['Period', 'Target'], ['FY2024-Q4', 1200]],
    });
    expect(r.period).toBe('FY2024-Q4');
    expect(cellAt(r.layout, 'overview', 'Sales volume', 'Value: FY2024-Q4').v).toBe(600);
    expect(cellAt(r.layout, 'overview', 'Plan attainment', 'Value: FY2024-Q4').v).toBe(0.5);
    expect(rowsOf(r.layout, 'byPeriod')[2][0].v).toBe('FY2023-Q4');
  });
  it('reads FY text of the calendar year without one, and refuses a month that is none', () => {
    const r = runSummary({ deals: { values: DEALS }, timeZone: 'UTC', now: NOW, period: 'FY2023' });
    expect(r.period).toBe('2023');
    expect(() => runSummary({ deals: { values: DEALS }, timeZone: 'UTC', now: NOW, fiscalYearStart: 13 }))
      .toThrow('fiscal year start 13 must be a month number 1..12');
  });
});
