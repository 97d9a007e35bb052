/** The summary job every face runs (runSummary): a small hand-made table whose figures are worked out by hand. */
import { describe, expect, it } from 'vitest';
import { KpiError } from '../../../src/engine/errors';
import { JobInputError, localeOfHeaders, runSummary, type SummaryJobInput } from '../../../src/engine/summary';
import { d, NOW } from '../../helpers';
import { cellAt, rowsOf } from './summaryHelpers';

/**
 * A Russian CRM export with its header on sheet row 2. November 2024: won 1 000 and 2 500, one lost; December:
 * won 3 000 and 4 000, one lost, and one open deal of 6 000. Amounts and dates are text, as a CSV gives them.
 */
const DEALS: unknown[][] = [
  ['ID сделки', 'Дата создания', 'Дата закрытия', 'Сумма сделки', 'Статус', 'Менеджер', 'Источник', 'Клиент'],
  ['D1', '01.11.2024', '10.11.2024', '1 000', 'выиграна', 'Анна', 'Сайт', 'К1'],
  ['D2', '02.11.2024', '20.11.2024', '2 500', 'выиграна', 'Борис', 'Реклама', 'К2'],
  ['D3', '03.11.2024', '25.11.2024', '900', 'проиграна', 'Анна', 'Сайт', 'К3'],
  ['D4', '01.12.2024', '05.12.2024', '3 000', 'выиграна', 'Анна', 'Сайт', 'К4'],
  ['D5', '02.12.2024', '15.12.2024', '4 000', 'выиграна', 'Борис', 'Реклама', 'К5'],
  ['D6', '03.12.2024', '20.12.2024', '500', 'проиграна', 'Борис', 'Сайт', 'К6'],
  ['D7', '04.12.2024', '', '6 000', 'в работе', 'Анна', 'Сайт', 'К7'],
];
/** December's targets: 4 000 for each rep, 8 000 in all. */
const PLAN: unknown[][] = [['Период', 'Менеджер', 'План'], ['2024-12', 'Анна', 4000], ['2024-12', 'Борис', 4000]];
/** December's spend: 2 000 in all. */
const SPEND: unknown[][] = [['Дата', 'Сумма', 'Источник'], ['2024-12', 1400, 'Сайт'], ['2024-12', 600, 'Реклама']];

/** The overview's columns in Russian, as the header row names them. */
const VALUE = 'Значение: 2024-12';
const PREVIOUS = 'Предыдущий: 2024-11';
const TARGET = 'План';

function job(overrides: Partial<SummaryJobInput> = {}) {
  return runSummary({ deals: { values: DEALS, headerRow: 2, sheetName: 'CRM' }, timeZone: 'UTC', now: NOW, ...overrides });
}

describe('runSummary', () => {
  it('chooses the last whole month with data, speaks the headers\' language, and reads plan and spend', () => {
    const result = job({ plan: PLAN, spend: SPEND });
    // Today is 2025-01-01: December 2024 is the latest month with data and has ended.
    expect(result.period).toBe('2024-12');
    expect(result.periodAuto).toBe(true);
    expect(result.locale).toBe('ru');
    expect(result.counts).toEqual({ read: 7, used: 7, blank: 0, withIssues: 0, issues: 0 });
    expect(result.crm).toBeUndefined();
    expect(result.table.n).toBe(7);
    const { layout } = result;
    // December's won deals 3 000 + 4 000; November's 1 000 + 2 500; the plan's 4 000 + 4 000.
    expect(cellAt(layout, 'overview', 'Объём продаж', VALUE).v).toBe(7000);
    expect(cellAt(layout, 'overview', 'Объём продаж', PREVIOUS).v).toBe(3500);
    expect(cellAt(layout, 'overview', 'Объём продаж', TARGET).v).toBe(8000);
    expect(cellAt(layout, 'overview', 'Выполнение плана', VALUE).v).toBe(7000 / 8000);
    // CAC: December's spend 2 000 over its 2 new customers (К4, К5).
    expect(cellAt(layout, 'overview', 'Стоимость привлечения клиента', VALUE).v).toBe(1000);
    // Without a copy the summary points at the deals' own sheet.
    expect(result.dealsCopy).toBeUndefined();
    expect(String(layout.rows[1][0].v)).toContain('Лист сделок: CRM');
    expect(String(layout.rows[1][0].v)).toContain('последний полный месяц с данными');
    expect(cellAt(layout, 'overview', 'Объём продаж', VALUE).f).toBeUndefined();
  });

  it('live: a typed copy of the deals, header at its sheet row, and formulas over it', () => {
    const result = job({ live: true });
    const copy = result.dealsCopy;
    expect(copy?.name).toBe('Deals');
    // One blank row above the header keeps the copy's rows at the source's row numbers.
    expect(copy?.values[0]).toEqual([]);
    expect(copy?.values[1]).toEqual(DEALS[0]);
    expect(copy?.values[2]).toEqual(['D1', d('2024-11-01'), d('2024-11-10'), 1000, 'выиграна', 'Анна', 'Сайт', 'К1']);
    const volume = cellAt(result.layout, 'overview', 'Объём продаж', VALUE);
    expect(volume.v).toBe(7000);
    // Rows 3–9 of the copy: the header is row 2.
    expect(volume.f).toContain("SUMIFS('Deals'!$D$3:$D$9,");
    expect(String(result.layout.rows[1][0].v)).toContain('Лист сделок: Deals');
  });

  it('copy without live: the copy is made (a CSV has no sheet to point at) but the figures stay values', () => {
    const result = job({ copy: true, copyName: 'Сделки' });
    expect(result.dealsCopy?.name).toBe('Сделки');
    expect(cellAt(result.layout, 'overview', 'Объём продаж', VALUE).f).toBeUndefined();
    expect(String(result.layout.rows[1][0].v)).toContain('Лист сделок: Сделки');
  });

  it('an asked period, locale and granularity are taken as given', () => {
    const result = job({ period: '2024-11', locale: 'en', granularity: 'quarter' });
    expect(result.period).toBe('2024-11');
    expect(result.periodAuto).toBe(false);
    expect(result.locale).toBe('en');
    expect(cellAt(result.layout, 'overview', 'Sales volume', 'Value: 2024-11').v).toBe(3500);
    // One quarter with data, 2024-Q4: 1 000 + 2 500 + 3 000 + 4 000.
    const byPeriod = rowsOf(result.layout, 'byPeriod').map((row) => row.map((c) => c.v));
    expect(byPeriod.find((row) => row[0] === '2024-Q4')?.[1]).toBe(10500);
  });

  it('a mapping overrides the headers', () => {
    const values = DEALS.map((row, i) => [...row, i === 0 ? 'Колонка X' : 10]);
    const result = runSummary({ deals: { values }, timeZone: 'UTC', now: NOW, mapping: { amount: 8 } });
    // Every December won deal now has the amount 10.
    expect(cellAt(result.layout, 'overview', 'Объём продаж', VALUE).v).toBe(20);
  });

  it('reads the side tables\' dates in their own zone when told (XLSX files store UTC midnights)', () => {
    // 2024-12-01 00:00 UTC is still 30 November in New York: read there, the target would be November's.
    // The plan's date is a day: its target is that day's. (Today in New York is still 2024-12-31: the period is asked.)
    const plan = [['Период', 'План'], [d('2024-12-01'), 8000]];
    const inUtc = job({ plan, period: '2024-12', timeZone: 'America/New_York', sideTimeZone: 'UTC' });
    expect(cellAt(inUtc.layout, 'overview', 'Объём продаж', TARGET).v).toBe(8000);
    const inNewYork = job({ plan, period: '2024-12', timeZone: 'America/New_York' });
    expect(cellAt(inNewYork.layout, 'overview', 'Объём продаж', TARGET).v).toBe(0);
  });

  it('marks an error with the input it is about, so the face can name the file or sheet', () => {
    const inputOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(KpiError);
        return error instanceof JobInputError ? error.input : 'options';
      }
      return undefined;
    };
    expect(inputOf(() => runSummary({ deals: { values: [['Colour', 'Size'], ['red', 3]] }, timeZone: 'UTC', now: NOW }))).toBe('deals');
    expect(inputOf(() => job({ plan: [['Colour', 'Size'], ['red', 3]] }))).toBe('plan');
    expect(inputOf(() => job({ spend: [['Colour', 'Size'], ['red', 3]] }))).toBe('spend');
    expect(inputOf(() => job({ period: '2024-13' }))).toBe('options');
    expect(() => job({ granularity: 'fortnight' as never })).toThrow('granularity "fortnight" must be one of day, week, month, quarter, year');
    expect(() => job({ locale: 'de' as never })).toThrow('locale "de" must be en or ru');
  });
});

/** DEALS as Sheets' getValues hands them over: numbers and Dates where the cells are typed. */
const TYPED: unknown[][] = [
  DEALS[0],
  ...DEALS.slice(1).map((r) => r.map((c, i) => {
    if (typeof c !== 'string' || c === '') return c;
    if (i === 1 || i === 2) return d(c.split('.').reverse().join('-'));
    return i === 3 ? Number(c.replace(/\s/g, '')) : c;
  })),
];

describe('runSummary over the user\'s own sheet (liveOverSource, the Sheets face)', () => {
  it('points the formulas at the deal sheet itself and makes no copy', () => {
    const result = job({ deals: { values: TYPED, headerRow: 2, sheetName: 'CRM' }, live: true, liveOverSource: true, locale: 'en' });
    expect(result.dealsCopy).toBeUndefined();
    const volume = cellAt(result.layout, 'overview', 'Sales volume', 'Value: 2024-12');
    // December: 3 000 + 4 000 won.
    expect(volume.v).toBe(7000);
    expect(volume.f).toContain("SUMIFS('CRM'!$D$3:$D$9,");
  });
  it('writes a value with a note where the sheet keeps amounts as text the criteria would skip', () => {
    const result = job({ live: true, liveOverSource: true, locale: 'en' });
    const volume = cellAt(result.layout, 'overview', 'Sales volume', 'Value: 2024-12');
    expect(volume.v).toBe(7000);
    expect(volume.f).toBeUndefined();
    expect(rowsOf(result.layout, 'overview')[0][0].note).toContain('Sales volume');
    expect(result.layout.rows[1][0].note).toContain('Сумма сделки: "1 000"');
  });
});

describe('runSummary: the KPIs asked for', () => {
  it('shows only those in the overview', () => {
    const result = job({ kpis: ['sales_volume', 'win_rate'], locale: 'en' });
    const labels = rowsOf(result.layout, 'overview').slice(2).map((r) => r[0].v);
    expect(labels).toEqual(['Sales volume', 'Win rate']);
  });
});

describe('runSummary: the source of each value cell', () => {
  it('names the KPI, the period and the group, so a cell can be explained', () => {
    const result = job({ locale: 'en' });
    const sources = result.layout.sources ?? [];
    const overviewTop = rowsOf(result.layout, 'overview');
    expect(overviewTop.length).toBeGreaterThan(0);
    expect(sources).toContainEqual(expect.objectContaining({ kpi: 'SALES_VOLUME', period: '2024-12', col: 1 }));
    expect(sources).toContainEqual(expect.objectContaining({ kpi: 'SALES_VOLUME', period: '2024-11', col: 2 }));
    expect(sources).toContainEqual(expect.objectContaining({ kpi: 'SALES_VOLUME', period: '2024-12', group: { field: 'rep', label: 'Анна' } }));
  });
});

describe('localeOfHeaders', () => {
  it('is ru when most of the found columns have Cyrillic headers', () => {
    expect(localeOfHeaders(['Дата закрытия', 'Сумма сделки', 'Статус', 'Менеджер'])).toBe('ru');
    expect(localeOfHeaders(['Closed', 'Amount', 'Статус'])).toBe('en');
    expect(localeOfHeaders(['Colour', 'Размер'])).toBe('en');
  });
});
