import { afterEach, describe, expect, it, vi } from 'vitest';
import { customFunctions, messageIn, sheetEnv, sheetLocale, sheetTimeZone } from '../../src/addon/functions';
import { SERVER_HELPERS, type ServerHelpers } from '../../src/addon/serverIndex';
import { KpiError } from '../../src/engine/errors';
import { fakeAppsScript, type FakeAppsScript, type FakeOptions } from './fakeAppsScript';

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
    const before = Date.now();
    const env = sheetEnv();
    expect(env.timeZone).toBe('Europe/Moscow');
    // A model fit may run for 25 of a custom function's 30 s.
    expect(env.fitDeadline! - before).toBeGreaterThanOrEqual(25_000);
    expect(env.fitDeadline! - Date.now()).toBeLessThanOrEqual(25_000);
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

  it('has every KPI of the catalog, then KPI, KPI_TABLE, DEAL_SCORE and the customer-value functions', () => {
    const names = Object.keys(customFunctions());
    expect(names).toHaveLength(33 + 3 + 4);
    expect(names.slice(0, 3)).toEqual(['SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST']);
    expect(names.slice(-7)).toEqual(['KPI', 'KPI_TABLE', 'DEAL_SCORE', 'CLV_PARAMS', 'P_ALIVE', 'EXPECTED_PURCHASES', 'CLV_TABLE']);
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

describe('the language of a custom function\'s errors', () => {
  /** A deal won on 5 March 2024. */
  const deals = [['Closed', 'Amount', 'Status'], [new Date(Date.UTC(2024, 2, 5)), 100, 'won']];

  /** Installs fake services whose spreadsheet has `locale` (or throws it), and returns them. */
  function spreadsheet(locale: string | Error): FakeAppsScript {
    const fake = fakeAppsScript({ spreadsheetTimeZone: 'UTC', spreadsheetLocale: locale });
    for (const [name, value] of Object.entries(fake.globals)) vi.stubGlobal(name, value);
    return fake;
  }
  /** Server.js loaded beside Code.js: its loader, a global function, returns the helpers (by default, the real ones). */
  function serverJs(helpers: Partial<ServerHelpers> = SERVER_HELPERS): void {
    vi.stubGlobal('salesKpiServer_', () => helpers);
  }
  /** The error a call throws. */
  function errorOf(f: () => unknown): Error {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    throw new Error('the call did not fail');
  }

  it('is Russian in a Russian spreadsheet, from Server.js: function names and what the user typed stay', () => {
    spreadsheet('ru_RU');
    serverJs();
    const f = customFunctions();
    const e = errorOf(() => f.WIN_RATE(deals, '2024-13'));
    expect(e).toBeInstanceOf(KpiError);
    expect(e.message).toBe('WIN_RATE: период «2024-13»: месяца 13 не бывает');
    expect(errorOf(() => f.WIN_RATE(deals, '2023-01')).message).toBe('WIN_RATE: нет выигранных или проигранных сделок, закрытых в 2023-01');
    expect(errorOf(() => f.KPI('nope', deals)).message).toMatch(/^KPI: неизвестный KPI «nope»; есть такие: sales_volume, deals_won, /);
    expect(errorOf(() => f.KPI_TABLE(deals, 'fortnight')).message).toBe(
      'KPI_TABLE: аргумент granularity должен быть day, week, month, quarter или year, а не «fortnight»',
    );
    expect(errorOf(() => f.DEAL_SCORE(deals, 2024)).message).toBe(
      'DEAL_SCORE: функция принимает один аргумент — таблицу сделок: она оценивает сделки, открытые сейчас, независимо от периода',
    );
    expect(errorOf(() => f.SALES_VOLUME([['Closed', 'Status']])).message).toBe(
      'SALES_VOLUME: в таблице сделок нет столбца «сумма» (`amount`; искали: amount, value, revenue, deal value, sum, total, сумма, выручка, стоимость, сумма сделки)',
    );
  });

  it('is chosen by the spreadsheet\'s locale: ru and ru_… are Russian, every other one English', () => {
    serverJs();
    for (const [locale, russian] of [['ru', true], ['ru_RU', true], ['ru_UA', true], ['en_US', false], ['en_GB', false], ['de_DE', false], ['uk_UA', false]] as const) {
      spreadsheet(locale);
      expect(sheetLocale(), locale).toBe(russian ? 'ru' : 'en');
      expect(errorOf(() => customFunctions().WIN_RATE(deals, '2024-13')).message, locale).toBe(
        russian ? 'WIN_RATE: период «2024-13»: месяца 13 не бывает' : 'WIN_RATE: period "2024-13": there is no month 13',
      );
    }
  });

  it('asks the spreadsheet for its locale only when a call fails, and never asks Server.js in English', () => {
    const fake = spreadsheet('en_US');
    const server = vi.fn(() => SERVER_HELPERS);
    vi.stubGlobal('salesKpiServer_', server);
    const f = customFunctions();
    expect(f.WIN_RATE(deals)).toBe(1);
    expect(f.SALES_VOLUME(deals, '2024-03')).toBe(100);
    expect(fake.calls.get('Spreadsheet.getSpreadsheetLocale')).toBeUndefined();
    errorOf(() => f.WIN_RATE(deals, '2024-13'));
    expect(fake.calls.get('Spreadsheet.getSpreadsheetLocale')).toBe(1);
    expect(server).not.toHaveBeenCalled();
  });

  it('is English when the locale cannot be asked, Server.js is not loaded or fails, or it has no Russian for the message', () => {
    const english = 'WIN_RATE: period "2024-13": there is no month 13';
    spreadsheet(new Error('no permission'));
    serverJs();
    expect(sheetLocale()).toBe('en');
    expect(errorOf(() => customFunctions().WIN_RATE(deals, '2024-13')).message).toBe(english);
    vi.unstubAllGlobals();
    spreadsheet('ru_RU');
    // No salesKpiServer_ at all: as in a project without Server.js.
    expect(errorOf(() => customFunctions().WIN_RATE(deals, '2024-13')).message).toBe(english);
    vi.stubGlobal('salesKpiServer_', () => {
      throw new Error('Server.js failed');
    });
    expect(errorOf(() => customFunctions().WIN_RATE(deals, '2024-13')).message).toBe(english);
    serverJs({});
    expect(errorOf(() => customFunctions().WIN_RATE(deals, '2024-13')).message).toBe(english);
    serverJs({ russianMessage_: () => undefined });
    expect(errorOf(() => customFunctions().WIN_RATE(deals, '2024-13')).message).toBe(english);
  });

  it('messageIn leaves an English message alone, and renders a known one in Russian', () => {
    serverJs();
    expect(messageIn('WIN_RATE: the moon is not a deal table', 'ru')).toBe('WIN_RATE: the moon is not a deal table');
    expect(messageIn('DEALS_WON: lost is missing', 'en')).toBe('DEALS_WON: lost is missing');
    expect(messageIn('DEALS_WON: lost is missing', 'ru')).toBe('DEALS_WON: не задан аргумент lost');
  });
});
