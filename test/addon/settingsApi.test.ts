/**
 * Settings that travel with the workbook (issue 9, points 2 and 7), on the strict stand-in: written and read back,
 * copied with the workbook, a corrupted document reported and reset without a crash, and builds, inspections,
 * explanations and custom functions reading the deal sheet with the saved mapping and words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/addon/api';
import { SETTINGS_KEY } from '../../src/addon/documentSettings';
import { customFunctions, rangeSheet } from '../../src/addon/functions';
import { buildSummary, explainCell, inspectTable, sidebarState } from '../../src/addon/server';
import { saveSettings, settings } from '../../src/addon/settingsApi';
import { d, grid } from '../helpers';
import type { FakeSheets, FakeSheetsOptions } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';

/**
 * May 2025 in a CRM's own words: the outcome column is headed "Итог", which no synonym knows, and holds
 * "Сделка успешна" / "Отменена". Read with the saved mapping (status: column 2) and words: won 1 000, 500 and 2 000
 * (sales 3 500, average 1 166.67), lost 300 and 700: win rate 3 / 5 = 0.6. Read without them it is a sales log:
 * every row with an amount is a sale, 4 500.
 */
const CRM = grid(['Дата', 'Сумма', 'Итог', 'Менеджер'], [
  [d('2025-05-02'), 1000, 'Сделка успешна', 'Анна'],
  [d('2025-05-10'), 500, 'Сделка успешна', 'Анна'],
  [d('2025-05-12'), 300, 'Отменена', 'Борис'],
  [d('2025-05-20'), 2000, 'Сделка успешна', 'Борис'],
  [d('2025-05-21'), 700, 'Отменена', 'Борис'],
]);
const NOW = new Date(Date.UTC(2025, 5, 10, 12));

/** Settings with every field set. */
const SAVED: Settings = {
  version: 1,
  mappings: { Сделки: { status: 2 } },
  statusWords: { won: ['Сделка успешна'], lost: ['Отменена'] },
  typeWords: { repeat: ['Продление'] },
  fiscalYearStart: 4,
  currency: 'RUB',
  benchmarks: { winRateRed: 0.7 },
  lastBuild: { table: { sheet: 'Сделки' }, period: '2025-05', locale: 'en' },
};

/** Installs the stand-in: the CRM sheet and a sheet of the analyst's formulas. */
function install(options: FakeSheetsOptions = {}): FakeSheets {
  return installFake({
    sheets: [{ name: 'Сделки', values: CRM }, { name: 'Calc', values: [["=WIN_RATE('Сделки'!A1:D6)", '=IFERROR(SALES_VOLUME(Сделки!A:D, "2025-05"), 0)']] }],
    ...options,
  }, NOW);
}

afterEach(restoreGlobals);

/** Writes `text` under the settings key with the service, as a damaged or hand-edited document would hold it. */
function storeRaw(text: string): void {
  SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata(SETTINGS_KEY, text, SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
}

/** The overview's value of a KPI row ("Sales volume") and its cell, in the built summary. */
function overview(fake: FakeSheets, label: string): { value: unknown; numberFormat: string | null; background: string | null } {
  const row = fake.spreadsheet.values('KPI summary').findIndex((r) => r[0] === label) + 1;
  const cell = fake.spreadsheet.cell('KPI summary', `B${row}`);
  return { value: cell.value, numberFormat: cell.numberFormat, background: cell.background };
}

describe('settings', () => {
  it('gives the defaults, with no problems, in a document without settings', () => {
    install();
    expect(settings()).toEqual({ version: 1 });
  });

  it('reports a corrupted settings document and resets it, without a crash anywhere', () => {
    const fake = install();
    storeRaw('{"version":1,"mappings":{"Сделки":');
    expect(settings()).toEqual({
      version: 1,
      problems: ['settings: "{\\"version\\":1,\\"mappings\\":{\\"Сделки\\":" is not JSON; every setting is back to its default'],
    });
    expect(sidebarState().saved).toBeNull();
    expect(customFunctions().SALES_VOLUME(CRM, '2025-05')).toBe(4500);
    // The build reads with the defaults (a sales log) and stores the settings anew, valid, with its options.
    expect(buildSummary({ table: { sheet: 'Сделки' }, locale: 'en' })).toMatchObject({ rowsUsed: 5, issuesTotal: 0 });
    expect(overview(fake, 'Sales volume').value).toBe(4500);
    expect(settings()).toEqual({ version: 1, lastBuild: { table: { sheet: 'Сделки' }, locale: 'en' } });
    expect(fake.spreadsheet.developerMetadata(null)).toHaveLength(1);
  });

  it('drops a broken field and an unknown key, keeping the rest', () => {
    install();
    storeRaw('{"version":1,"colour":"red","currency":"rub","fiscalYearStart":4}');
    expect(settings()).toEqual({
      version: 1, fiscalYearStart: 4,
      problems: [
        'colour: unknown setting, dropped (it was "red")',
        'currency: "rub" is not an ISO 4217 currency code (three capital letters, such as USD or RUB); the default is used',
      ],
    });
  });

  it('resets a document of another version', () => {
    install();
    storeRaw(JSON.stringify({ ...SAVED, version: 2 }));
    expect(settings()).toEqual({ version: 1, problems: ['version: 2 is not 1, the version this add-on reads; every setting is back to its default'] });
  });
});

describe('saveSettings', () => {
  it('stores the settings in the document\'s developer metadata, and settings() reads them back', () => {
    const fake = install();
    expect(saveSettings(SAVED)).toEqual(SAVED);
    expect(settings()).toEqual(SAVED);
    expect(fake.spreadsheet.developerMetadata(null)).toEqual([{ key: SETTINGS_KEY, value: JSON.stringify(SAVED), visibility: 'DOCUMENT' }]);
    expect(fake.spreadsheet.lockHeld()).toBe(false);
  });

  it('replaces the stored settings: saving again leaves one entry, with what was saved last', () => {
    const fake = install();
    saveSettings(SAVED);
    expect(saveSettings({ version: 1, currency: 'USD' })).toEqual({ version: 1, currency: 'USD' });
    expect(settings()).toEqual({ version: 1, currency: 'USD' });
    expect(fake.spreadsheet.developerMetadata(null)).toHaveLength(1);
  });

  it('stores the valid fields of a partly broken input and says what it dropped', () => {
    install();
    const input = { version: 1, currency: 'rub', fiscalYearStart: 4 } as unknown as Settings;
    expect(saveSettings(input)).toEqual({
      version: 1, fiscalYearStart: 4,
      problems: ['currency: "rub" is not an ISO 4217 currency code (three capital letters, such as USD or RUB); the default is used'],
    });
    expect(settings()).toEqual({ version: 1, fiscalYearStart: 4 });
  });

  it('takes back what settings() gave, its problems ignored', () => {
    install();
    storeRaw('{"version":1,"currency":"rub","fiscalYearStart":4}');
    const shown = settings();
    expect(shown.problems).toHaveLength(1);
    expect(saveSettings(shown)).toEqual({ version: 1, fiscalYearStart: 4 });
    expect(settings()).toEqual({ version: 1, fiscalYearStart: 4 });
  });

  it('throws, storing nothing, when the input is no settings document at all', () => {
    const fake = install();
    for (const bad of [null, undefined, 'nope', { currency: 'USD' }, { version: 2, currency: 'USD' }]) {
      expect(() => saveSettings(bad as unknown as Settings)).toThrow(/^The settings were not saved: /);
    }
    expect(() => saveSettings({ version: 2 } as unknown as Settings))
      .toThrow('The settings were not saved: version: 2 is not 1, the version this add-on reads; every setting is back to its default.');
    expect(fake.spreadsheet.developerMetadata(null)).toEqual([]);
  });

  it('refuses while a build holds the document lock', () => {
    const fake = install({ lockBusy: true });
    expect(() => saveSettings(SAVED)).toThrow(/A summary is being built/);
    expect(fake.spreadsheet.developerMetadata(null)).toEqual([]);
  });
});

describe('settings copied with the workbook', () => {
  it('a copy whose document metadata is the original\'s reads the same settings and builds the same summary', () => {
    const original = install();
    saveSettings(SAVED);
    buildSummary({ table: { sheet: 'Сделки' }, locale: 'en' });
    const saved = settings();
    const metadata = original.spreadsheet.developerMetadata(null);
    expect(metadata.map((m) => m.key)).toEqual([SETTINGS_KEY]);

    // The copy: the same sheets, and the spreadsheet's metadata as the original's (the stand-in starts with none).
    const copy = install();
    expect(settings()).toEqual({ version: 1 });
    for (const m of metadata) {
      SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata(m.key, m.value, SpreadsheetApp.DeveloperMetadataVisibility[m.visibility]);
    }
    expect(settings()).toEqual(saved);
    expect(sidebarState().saved).toEqual({ table: { sheet: 'Сделки' }, locale: 'en' });
    buildSummary({ table: { sheet: 'Сделки' }, locale: 'en' });
    expect(overview(copy, 'Sales volume')).toEqual(overview(original, 'Sales volume'));
    expect(overview(copy, 'Win rate').value).toBe(0.6);
  });
});

describe('buildSummary with the settings', () => {
  it('reads the deal sheet with its saved mapping and status words; money in the currency; win rate against the benchmark', () => {
    // Without settings: the spreadsheet locale's currency (the stand-in's en_US).
    const plain = install();
    buildSummary({ table: { sheet: 'Сделки' }, locale: 'en' });
    expect(overview(plain, 'Sales volume')).toEqual({ value: 4500, numberFormat: '#,##0.00" USD"', background: null });

    const fake = install();
    saveSettings(SAVED);
    const r = buildSummary({ table: { sheet: 'Сделки' }, locale: 'en' });
    expect(r).toMatchObject({ period: '2025-05', rowsRead: 5, rowsUsed: 5, issuesTotal: 0 });
    expect(overview(fake, 'Sales volume')).toEqual({ value: 3500, numberFormat: '#,##0.00" RUB"', background: null });
    expect(overview(fake, 'Deals won').value).toBe(3);
    expect(overview(fake, 'Deals lost').value).toBe(2);
    // 0.6 is below the saved winRateRed 0.7: red (the default 0.15 would leave it uncoloured).
    expect(overview(fake, 'Win rate')).toEqual({ value: 0.6, numberFormat: '0.0%', background: '#ffc7ce' });
  });

  it('takes the mapping the options carry over the saved one', () => {
    const fake = install();
    saveSettings(SAVED);
    // Status mapped to nothing: the table is a sales log again, though the words are there.
    buildSummary({ table: { sheet: 'Сделки' }, mapping: { status: null }, locale: 'en' });
    expect(overview(fake, 'Sales volume').value).toBe(4500);
  });
});

describe('inspectTable and explainCell with the settings', () => {
  it('inspectTable shows the saved mapping and reads the words', () => {
    install();
    expect(inspectTable({ sheet: 'Сделки' }).mapping.status).toBeNull();
    saveSettings(SAVED);
    const t = inspectTable({ sheet: 'Сделки' });
    expect(t.mapping).toMatchObject({ closed: 0, amount: 1, status: 2, rep: 3 });
    expect(t.issues).toBe(0);
    expect(t.preview.map((p) => p.values.status)).toEqual(['won', 'won', 'lost', 'won', 'lost']);
    expect(t.kpis).toContain('win_rate');
  });

  it('explainCell rebuilds the summary with them', () => {
    const fake = install();
    saveSettings(SAVED);
    buildSummary({ table: { sheet: 'Сделки' }, locale: 'en' });
    const row = fake.spreadsheet.values('KPI summary').findIndex((r) => r[0] === 'Win rate') + 1;
    const e = explainCell({ sheet: 'KPI summary', a1: `B${row}` });
    expect(e).toMatchObject({ kpi: 'win_rate', value: 0.6, rows: [2, 3, 4, 5, 6] });
    expect(e.parts).toEqual([{ label: 'Deals won', value: 3 }, { label: 'Won or lost deals closed in the period', value: 5 }]);
  });
});

describe('custom functions with the settings', () => {
  it('use the saved words always, and the mapping saved for the range\'s sheet, read from the calling formula', () => {
    const fake = install({ activeSheet: 'Calc', activeRange: 'A1' });
    const f = customFunctions();
    expect(() => f.WIN_RATE(CRM)).toThrow(/WIN_RATE: the deal table has no `status` column/);
    saveSettings(SAVED);
    fake.calls.clear();
    // =WIN_RATE('Сделки'!A1:D6) in Calc!A1.
    expect(f.WIN_RATE(CRM)).toBe(0.6);
    expect(fake.calls.get('Spreadsheet.getDeveloperMetadata')).toBe(1);
    expect(fake.calls.get('Spreadsheet.getActiveRange')).toBe(1);
    expect(fake.calls.get('Range.getFormulas')).toBe(1);
  });

  it('read an unquoted sheet name inside another function\'s formula', () => {
    install({ activeSheet: 'Calc', activeRange: 'B1' });
    saveSettings(SAVED);
    // =IFERROR(SALES_VOLUME(Сделки!A:D, "2025-05"), 0) in Calc!B1.
    expect(customFunctions().SALES_VOLUME(CRM, '2025-05')).toBe(3500);
  });

  it('do not ask for the range\'s sheet when the headers name every saved column', () => {
    const fake = install({ activeSheet: 'Calc', activeRange: 'A1' });
    saveSettings(SAVED);
    const named = grid(['Дата', 'Сумма', 'Статус', 'Менеджер'], CRM.slice(1));
    fake.calls.clear();
    expect(customFunctions().WIN_RATE(named)).toBe(0.6);
    expect(fake.calls.get('Spreadsheet.getDeveloperMetadata')).toBe(1);
    expect(fake.calls.get('Spreadsheet.getActiveRange')).toBeUndefined();
    expect(fake.calls.get('Range.getFormulas')).toBeUndefined();
  });

  it('use no mapping saved for another sheet', () => {
    install({ activeSheet: 'Calc', activeRange: 'A1' });
    saveSettings({ ...SAVED, mappings: { Архив: { status: 2 } } });
    expect(customFunctions().SALES_VOLUME(CRM, '2025-05')).toBe(4500);
  });
});

describe('rangeSheet', () => {
  /** The sheet rangeSheet names for a custom function in Calc!A1 holding `formula`. */
  const sheetOf = (formula: string): string | undefined => {
    install({ sheets: [{ name: 'Сделки', values: CRM }, { name: 'Calc', values: [[formula]] }], activeSheet: 'Calc', activeRange: 'A1' });
    return rangeSheet(SpreadsheetApp.getActiveSpreadsheet());
  };
  it('is the first sheet-qualified reference of the calling cell\'s formula, quoted or not', () => {
    expect(sheetOf("=WIN_RATE('Сделки'!A1:D6)")).toBe('Сделки');
    expect(sheetOf('=WIN_RATE(Deals!A1:M, "2025-05")')).toBe('Deals');
    expect(sheetOf("=KPI(\"win_rate\", 'Q1 ''25 deals'!A:M)")).toBe("Q1 '25 deals");
    expect(sheetOf('=IFERROR(PLAN_ATTAINMENT(Deals!A:M, Plan!A:C), "")')).toBe('Deals');
  });
  it('is the calling cell\'s own sheet for a reference without a sheet', () => {
    expect(sheetOf('=WIN_RATE(A1:D6)')).toBe('Calc');
  });
});
