/**
 * The document's fiscal year start (issue 9, point 2) on the strict stand-in: a build's quarters and FY periods follow
 * it, a summary sheet remembers the one it was built with for Explain, and custom functions read FY text with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readSheetBuild } from '../../src/addon/documentSettings';
import { customFunctions } from '../../src/addon/functions';
import { buildSummary, explainCell } from '../../src/addon/server';
import { saveSettings } from '../../src/addon/settingsApi';
import { d, grid } from '../helpers';
import type { FakeSheets, FakeSheetsOptions } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';

/**
 * Won deals around a July fiscal year (FY2025 = July 2024 – June 2025):
 *   2024-06-15 Anna 100 → FY2024-Q4 (April–June 2024)
 *   2024-07-10 Anna 200 → FY2025-Q1 (July–September 2024)
 *   2024-09-30 Boris 300 → FY2025-Q1
 *   2024-10-01 Boris 400 → FY2025-Q2 (October–December 2024)
 * FY2025-Q1: 500 from two deals, against FY2024-Q4's 100.
 */
const DEALS = grid(['Closed', 'Amount', 'Status', 'Rep'], [
  [d('2024-06-15'), 100, 'won', 'Anna'], [d('2024-07-10'), 200, 'won', 'Anna'],
  [d('2024-09-30'), 300, 'won', 'Boris'], [d('2024-10-01'), 400, 'won', 'Boris'],
]);
const NOW = new Date(Date.UTC(2025, 0, 15, 12));

function install(options: FakeSheetsOptions = {}): FakeSheets {
  return installFake({ sheets: [{ name: 'Deals', values: DEALS }, { name: 'Calc', values: [['=SALES_VOLUME(Deals!A:D, "FY2025-Q1")']] }], ...options }, NOW);
}

afterEach(restoreGlobals);

/** The by-period block's rows of the built summary: label and sales volume, from its header row on. */
function byPeriodRows(fake: FakeSheets): unknown[][] {
  const values = fake.spreadsheet.values('KPI summary');
  const top = values.findIndex((r) => r[0] === 'By period') + 1;
  const rows: unknown[][] = [];
  for (let r = top; r < values.length && values[r][0] !== ''; r++) rows.push(values[r].slice(0, 2));
  return rows;
}

describe('buildSummary with the document\'s fiscal year', () => {
  it('cuts the by-period block in fiscal quarters of a July year and reads a FY period', () => {
    const fake = install();
    saveSettings({ version: 1, fiscalYearStart: 7 });
    const r = buildSummary({ table: { sheet: 'Deals' }, period: 'FY2025-Q1', granularity: 'quarter', locale: 'en' });
    expect(r.period).toBe('FY2025-Q1');
    expect(byPeriodRows(fake)).toEqual([['Fiscal quarter', 'Sales volume'], ['FY2024-Q4', 100], ['FY2025-Q1', 500], ['FY2025-Q2', 400]]);
    expect(String(fake.spreadsheet.values('KPI summary')[1][0])).toContain('Period: FY2025-Q1 (fiscal year from July)');
  });

  it('takes the build options\' fiscal year over the document\'s, and the calendar without either', () => {
    const fake = install();
    buildSummary({ table: { sheet: 'Deals' }, granularity: 'quarter', locale: 'en' });
    expect(byPeriodRows(fake).slice(1).map((r) => r[0])).toEqual(['2024-Q2', '2024-Q3', '2024-Q4']);
    saveSettings({ version: 1, fiscalYearStart: 7 });
    buildSummary({ table: { sheet: 'Deals' }, granularity: 'year', locale: 'en', fiscalYearStart: 10 });
    // An October year: FY2024 ends in September 2024, FY2025 holds October's 400.
    expect(byPeriodRows(fake)).toEqual([['Fiscal year', 'Sales volume'], ['FY2024', 600], ['FY2025', 400]]);
  });

  it('stores the fiscal year a summary was built with, and Explain keeps to it after the settings change', () => {
    const fake = install();
    saveSettings({ version: 1, fiscalYearStart: 7 });
    buildSummary({ table: { sheet: 'Deals' }, period: 'FY2025-Q1', granularity: 'quarter', locale: 'en' });
    expect(readSheetBuild(SpreadsheetApp.getActiveSpreadsheet().getSheetByName('KPI summary')!)).toMatchObject({ period: 'FY2025-Q1', fiscalYearStart: 7 });
    saveSettings({ version: 1, fiscalYearStart: 1 });
    const values = fake.spreadsheet.values('KPI summary');
    const row = values.findIndex((r) => r[0] === 'Sales volume') + 1;
    const e = explainCell({ sheet: 'KPI summary', a1: `B${row}` });
    expect(e).toMatchObject({ kpi: 'sales_volume', period: 'FY2025-Q1', value: 500, rows: [3, 4] });
  });
});

describe('custom functions with the document\'s fiscal year', () => {
  it('read FY2025-Q1 as July–September 2024 once the setting is saved, and as 2025-Q1 before', () => {
    install({ activeSheet: 'Calc', activeRange: 'A1' });
    const f = customFunctions();
    // No setting: FY2025-Q1 is the calendar's 2025-Q1, which sold nothing.
    expect(f.SALES_VOLUME(DEALS, 'FY2025-Q1')).toBe(0);
    saveSettings({ version: 1, fiscalYearStart: 7 });
    expect(f.SALES_VOLUME(DEALS, 'FY2025-Q1')).toBe(500);
    expect(f.SALES_VOLUME(DEALS, 'FY2025', 'quarter')).toEqual([
      ['quarter', 'Sales volume'], ['FY2025-Q1', 500], ['FY2025-Q2', 400], ['FY2025-Q3', 0], ['FY2025-Q4', 0],
    ]);
    // Calendar text stays calendar (§2).
    expect(f.SALES_VOLUME(DEALS, '2024-Q3')).toBe(500);
  });
});
