import { afterEach, describe, expect, it, vi } from 'vitest';
import { customFunctions, sheetEnv, sheetTimeZone } from '../../src/addon/functions';
import { fakeAppsScript, type FakeOptions } from './fakeAppsScript';

/** Installs fake services whose time zones answer as given. */
function install(options: FakeOptions): void {
  for (const [name, value] of Object.entries(fakeAppsScript(options).globals)) vi.stubGlobal(name, value);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sheetTimeZone', () => {
  it('is the spreadsheet\'s zone', () => {
    install({ spreadsheetTimeZone: 'Europe/Moscow', scriptTimeZone: 'Asia/Kolkata' });
    expect(sheetTimeZone()).toBe('Europe/Moscow');
    expect(sheetEnv()).toEqual({ timeZone: 'Europe/Moscow' });
  });
  it('is the script\'s zone when the spreadsheet cannot be asked', () => {
    install({ spreadsheetTimeZone: new Error('no permission'), scriptTimeZone: 'Asia/Kolkata' });
    expect(sheetTimeZone()).toBe('Asia/Kolkata');
  });
  it('is UTC when neither can be asked', () => {
    install({ spreadsheetTimeZone: new Error('no permission'), scriptTimeZone: new Error('no session') });
    expect(sheetTimeZone()).toBe('UTC');
  });
});

describe('customFunctions', () => {
  /** A deal closed at 01:30 on 1 March in Moscow, which is 22:30 on 29 February in UTC. */
  const deals = [['Closed', 'Amount', 'Status'], [new Date(Date.UTC(2024, 1, 29, 22, 30)), 100, 'won']];

  it('has every KPI of the catalog, then KPI, KPI_TABLE and DEAL_SCORE', () => {
    const names = Object.keys(customFunctions());
    expect(names).toHaveLength(36);
    expect(names.slice(0, 3)).toEqual(['SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST']);
    expect(names.slice(-3)).toEqual(['KPI', 'KPI_TABLE', 'DEAL_SCORE']);
  });
  it('reads dates in the spreadsheet\'s zone: the Moscow deal is March\'s, in UTC it is February\'s', () => {
    install({ spreadsheetTimeZone: 'Europe/Moscow' });
    const f = customFunctions();
    expect(f.SALES_VOLUME(deals, '2024-03')).toBe(100);
    expect(f.KPI('sales_volume', deals, '2024-02')).toBe(0);
    expect(f.KPI_TABLE(deals, 'month', 'deals_won')).toEqual([['month', 'Deals won'], ['2024-03', 1]]);
    install({ spreadsheetTimeZone: 'UTC' });
    expect(customFunctions().SALES_VOLUME(deals, '2024-02')).toBe(100);
  });
  it('passes the raw arguments on: a calculator form, KPI_TABLE and DEAL_SCORE', () => {
    install({ spreadsheetTimeZone: 'UTC' });
    const f = customFunctions();
    expect(f.WIN_RATE(8, 2)).toBe(0.8);
    expect(f.KPI_TABLE(deals, 'month', 'deals_won')).toEqual([['month', 'Deals won'], ['2024-02', 1]]);
    expect(f.DEAL_SCORE([['Amount', 'Status', 'Probability'], [100, 'open', 0.5], [50, 'won', 1]])).toEqual([['DEAL_SCORE'], [1], ['']]);
  });
});
