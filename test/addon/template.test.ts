/**
 * Insert template on the strict stand-in: the sheets it adds, what they hold, the dropdowns and the named range,
 * a workbook that already has a "Deals" sheet (left byte for byte as it was), batched calls whatever the sample's
 * size, bad options and failures leaving nothing behind, and the menu item.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspectTable } from '../../src/addon/server';
import { insertTemplate, insertTemplateFromMenu } from '../../src/addon/template';
import { templateSpec } from '../../src/engine/template';
import { d, grid } from '../helpers';
import { sumCalls, type FakeSheets, type FakeSheetsOptions } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';

/** 2025-06-10, noon UTC. */
const NOW = new Date(Date.UTC(2025, 5, 10, 12));
const DEALS = grid(['Deal', 'Closed', 'Amount', 'Status'], [['D1', d('2025-05-02'), 1000, 'won'], ['=1+1', '', '007', 'lost']]);

function install(options: FakeSheetsOptions = {}, now = NOW): FakeSheets {
  return installFake(options, now);
}

afterEach(restoreGlobals);

/** Everything the stand-in knows about a sheet. */
function snapshot(fake: FakeSheets, name: string): unknown {
  const s = fake.spreadsheet;
  return {
    info: s.sheetInfo(name), cells: s.cells(name), merges: s.merges(name), charts: s.charts(name), rules: s.conditionalRules(name),
    frozen: s.frozenRows(name), widths: s.columnWidths(name), metadata: s.developerMetadata(name), validations: s.dataValidations(name),
  };
}

describe('insertTemplate', () => {
  it('adds Deals, Plan, Spend, KPI and Lists after the existing sheets, and shows the KPI sheet', () => {
    const fake = install();
    expect(insertTemplate({ locale: 'en' })).toEqual({ sheets: ['Deals', 'Plan', 'Spend', 'KPI', 'Lists'] });
    expect(fake.spreadsheet.sheetNames()).toEqual(['Sheet1', 'Deals', 'Plan', 'Spend', 'KPI', 'Lists']);
    expect(fake.spreadsheet.activeSheet()).toBe('KPI');
    expect(fake.spreadsheet.values('Deals')).toEqual([
      ['Deal ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'],
    ]);
    // Plan and spend: this month's first day as a date cell shown as yyyy-mm.
    expect(fake.spreadsheet.values('Plan')).toEqual([
      ['Period', 'Rep', 'Target'],
      [new Date(Date.UTC(2025, 5, 1)), 'Anna Petrova', 25000],
      [new Date(Date.UTC(2025, 5, 1)), 'Boris Ivanov', 30000],
      [new Date(Date.UTC(2025, 5, 1)), 'Carla Mendes', 20000],
    ]);
    expect(fake.spreadsheet.displayValues('Spend')).toEqual([
      ['Period', 'Source', 'Amount'], ['2025-06', 'Website', '1,500.00'], ['2025-06', 'Referral', '800.00'], ['2025-06', 'Google Ads', '2,700.00'],
    ]);
    expect(fake.spreadsheet.values('Lists')).toEqual([['Reps'], ['Anna Petrova'], ['Boris Ivanov'], ['Carla Mendes']]);
    // The user's sheet is untouched.
    expect(fake.spreadsheet.cells('Sheet1')).toEqual({});
  });

  it('formats the deal columns down the sheet, freezes and bolds the headers, sets the widths', () => {
    const fake = install();
    insertTemplate({ locale: 'en' });
    const s = fake.spreadsheet;
    expect(s.cell('Deals', 'B2').numberFormat).toBe('yyyy-mm-dd');
    expect(s.cell('Deals', 'E1000').numberFormat).toBe('#,##0.00');
    expect(s.cell('Deals', 'I500').numberFormat).toBe('0.0%');
    expect(s.cell('Deals', 'A2').numberFormat).toBe('@');
    expect(s.cell('Deals', 'A1').fontWeight).toBe('bold');
    expect(s.cell('Deals', 'M1').fontWeight).toBe('bold');
    expect(s.cell('Deals', 'A2').fontWeight).toBeNull();
    expect(s.frozenRows('Deals')).toBe(1);
    expect(s.frozenRows('Plan')).toBe(1);
    expect(s.frozenRows('KPI')).toBe(0);
    expect(s.columnWidths('Deals')).toEqual(Object.fromEntries(templateSpec({ today: 0 }).sheets[0].widths.map((w, i) => [i + 1, w])));
    expect(s.cell('Plan', 'A2').numberFormat).toBe('yyyy-mm');
    expect(s.cell('KPI', 'B2').numberFormat).toBe('yyyy-mm-dd');
    expect(s.cell('KPI', 'B9').numberFormat).toBe('0.0%');
  });

  it('puts dropdowns on status, rep (from the Lists sheet) and type, and names A:M "Deals"', () => {
    const fake = install();
    insertTemplate({ locale: 'en' });
    expect(fake.spreadsheet.dataValidations('Deals')).toEqual([
      {
        ranges: ['G2:G1000'], criteria: 'VALUE_IN_LIST', values: ['won', 'lost', 'open'], source: null, showDropdown: true, allowInvalid: false,
        helpText: 'Pick won, lost or open: the KPI sheet counts these words.',
      },
      {
        ranges: ['J2:J1000'], criteria: 'VALUE_IN_RANGE', values: null, source: "'Lists'!A2:A1000", showDropdown: true, allowInvalid: true,
        helpText: 'Pick a rep from the Lists sheet, or add the rep there first.',
      },
      {
        ranges: ['M2:M1000'], criteria: 'VALUE_IN_LIST', values: ['new', 'repeat', 'upsell', 'cross-sell'], source: null, showDropdown: true,
        allowInvalid: false, helpText: 'Pick new, repeat, upsell or cross-sell.',
      },
    ]);
    for (const other of ['Plan', 'Spend', 'KPI', 'Lists']) expect(fake.spreadsheet.dataValidations(other)).toEqual([]);
    expect(fake.spreadsheet.namedRanges()).toEqual([{ name: 'Deals', sheet: 'Deals', a1: 'A1:M1000' }]);
  });

  it('writes the KPI sheet: the month\'s first day, then label, formula and note per KPI', () => {
    const fake = install();
    insertTemplate({ locale: 'en' });
    const formulas = fake.spreadsheet.formulas('KPI');
    const values = fake.spreadsheet.values('KPI');
    expect(formulas[1][1]).toBe('=EOMONTH(TODAY(),-1)+1');
    expect(formulas[2][1]).toBe('=EOMONTH(B2,0)+1');
    expect(values[0][0]).toBe('Sales KPIs for the month');
    expect(values[4]).toEqual(['KPI', 'Value', 'Note']);
    expect(values[5][0]).toBe('Sales volume');
    expect(formulas[5][1]).toBe(`=SUMIFS('Deals'!$E:$E,'Deals'!$G:$G,"won",'Deals'!$D:$D,">="&$B$2,'Deals'!$D:$D,"<"&$B$3)`);
    const addOn = values.filter((r) => r[2] === 'needs the Sales KPI add-on').map((r) => r[0]);
    expect(addOn).toEqual(['Sales growth', 'New customers', 'Customer acquisition cost', 'Customer lifetime value', 'Sales cycle']);
  });

  it('in a workbook that already has "Deals", leaves it byte for byte and writes "Deals (2)", every formula pointing at it', () => {
    const fake = install({ sheets: [{ name: 'Deals', values: DEALS }, { name: 'kpi', values: [['mine']] }], namedRanges: [{ name: 'deals', sheet: 'Deals', a1: 'A1:D3' }] });
    const before = snapshot(fake, 'Deals');
    const kpiBefore = snapshot(fake, 'kpi');
    expect(insertTemplate({ locale: 'en', sample: true })).toEqual({ sheets: ['Deals (2)', 'Plan', 'Spend', 'KPI (2)', 'Lists'] });
    expect(snapshot(fake, 'Deals')).toEqual(before);
    expect(snapshot(fake, 'kpi')).toEqual(kpiBefore);
    expect(fake.spreadsheet.formulas('Deals')[2][0]).toBe('=1+1');
    expect(fake.spreadsheet.values('Deals')[2].slice(2)).toEqual(['007', 'lost']);
    const formulas = fake.spreadsheet.formulas('KPI (2)').flat().filter((f) => f.includes('!')).join('\n');
    expect(formulas).toContain("'Deals (2)'!$E:$E");
    expect(formulas).toContain("=LTV('Deals (2)'!A:M,$B$2)");
    expect(formulas).not.toMatch(/'Deals'!/);
    // The user's named range keeps its name: the template's is Deals_2, over the template's sheet.
    expect(fake.spreadsheet.namedRanges()).toEqual([
      { name: 'deals', sheet: 'Deals', a1: 'A1:D3' },
      { name: 'Deals_2', sheet: 'Deals (2)', a1: 'A1:M1000' },
    ]);
    expect(fake.spreadsheet.dataValidations('Deals (2)').map((v) => v.ranges)).toEqual([['G2:G1000'], ['J2:J1000'], ['M2:M1000']]);
  });

  it('the sample deals: typed cells the engine reads with no issue, the reps all on the Lists sheet', () => {
    const fake = install();
    insertTemplate({ locale: 'en', sample: true });
    const values = fake.spreadsheet.values('Deals');
    expect(values).toHaveLength(29);
    expect(values[1].slice(0, 5)).toEqual(['D-001', d('2025-02-13'), d('2025-02-20'), d('2025-03-05'), 8000]);
    expect(fake.spreadsheet.displayValues('Deals')[1][1]).toBe('2025-02-13');
    const inspected = inspectTable({ sheet: 'Deals' });
    expect(inspected).toMatchObject({ rows: 28, issues: 0 });
    expect(Object.values(inspected.mapping)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const reps = fake.spreadsheet.values('Lists').slice(1).map((r) => r[0]);
    for (const row of values.slice(1)) expect(reps).toContain(row[9]);
  });

  it('makes the same calls with or without the sample: one setValues and one setNumberFormats per sheet', () => {
    const without = install();
    insertTemplate({ locale: 'en', sample: false });
    vi.unstubAllGlobals();
    const withSample = install();
    insertTemplate({ locale: 'en', sample: true });
    expect(Object.fromEntries(withSample.calls)).toEqual(Object.fromEntries(without.calls));
    expect(withSample.calls.get('Range.setValues')).toBe(5);
    expect(withSample.calls.get('Range.setNumberFormats')).toBe(5);
    expect(withSample.calls.get('Range.setDataValidation')).toBe(3);
    expect(withSample.calls.get('Spreadsheet.setNamedRange')).toBe(1);
    // Widths in runs of equal columns, one call each; nothing per row or per cell.
    expect(withSample.calls.get('Sheet.setColumnWidths')).toBe(7 + 3 + 3 + 3 + 1);
    expect(sumCalls(withSample.calls)).toBe(sumCalls(without.calls));
    expect(sumCalls(withSample.calls)).toBeLessThan(100);
  });

  it('in Russian: Russian sheet names, headers, status words and formulas over "Сделки"', () => {
    const fake = install();
    expect(insertTemplate({ locale: 'ru', sample: true }).sheets).toEqual(['Сделки', 'План', 'Расходы', 'KPI', 'Списки']);
    expect(fake.spreadsheet.values('Сделки')[0].slice(0, 4)).toEqual(['ID сделки', 'Дата создания', 'Дата квалификации', 'Дата закрытия']);
    expect(fake.spreadsheet.dataValidations('Сделки')[0].values).toEqual(['выиграна', 'проиграна', 'в работе']);
    expect(fake.spreadsheet.dataValidations('Сделки')[1].source).toBe("'Списки'!A2:A1000");
    expect(fake.spreadsheet.cell('Сделки', 'B2').numberFormat).toBe('dd.mm.yyyy');
    expect(fake.spreadsheet.formulas('KPI')[7][1]).toContain(`'Сделки'!$G:$G,"проиграна"`);
    expect(fake.spreadsheet.namedRanges()).toEqual([{ name: 'Deals', sheet: 'Сделки', a1: 'A1:M1000' }]);
    expect(inspectTable({ sheet: 'Сделки' })).toMatchObject({ rows: 28, issues: 0 });
  });

  it('takes the user\'s language by default, and today in the spreadsheet\'s time zone', () => {
    // 22:00 UTC on 30 June is 1 July in Moscow: the template's month is July.
    const fake = install({ userLocale: 'ru_RU', timeZone: 'Europe/Moscow' }, new Date(Date.UTC(2025, 5, 30, 22)));
    expect(insertTemplate().sheets[0]).toBe('Сделки');
    expect(fake.spreadsheet.displayValues('План')[1][0]).toBe('2025-07');
    expect(fake.spreadsheet.values('Сделки')).toHaveLength(1);
  });

  it('refuses bad options with a message, adding nothing', () => {
    const fake = install();
    expect(() => insertTemplate({ locale: 'de' as 'en' })).toThrow('insertTemplate: locale must be "en" or "ru", not "de".');
    expect(() => insertTemplate({ sample: 'yes' as unknown as boolean })).toThrow('insertTemplate: sample must be true or false, not "yes".');
    expect(() => insertTemplate('en' as unknown as { locale: 'en' })).toThrow(/options must be an object/);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Sheet1']);
  });

  it('a failure half-way removes the sheets it added, and releases the lock', () => {
    const fake = install({ sheets: [{ name: 'Deals', values: DEALS }] });
    const app = fake.globals.SpreadsheetApp as unknown as Record<string, unknown>;
    vi.stubGlobal('SpreadsheetApp', new Proxy(app, {
      get: (target, p) => (p === 'newDataValidation' ? () => { throw new Error('boom'); } : target[p as string]),
    }));
    expect(() => insertTemplate({ sample: true })).toThrow('boom');
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals']);
    expect(fake.spreadsheet.namedRanges()).toEqual([]);
    expect(fake.spreadsheet.lockHeld()).toBe(false);
  });

  it('waits for no one: another insertion or build holding the document lock is an error', () => {
    const fake = install({ lockBusy: true });
    expect(() => insertTemplate()).toThrow(/busy/);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Sheet1']);
  });
});

describe('insertTemplateFromMenu', () => {
  it('adds the template with the sample deals and says what it added', () => {
    const fake = install({ sheets: [{ name: 'Deals', values: DEALS }] });
    insertTemplateFromMenu();
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Deals (2)', 'Plan', 'Spend', 'KPI', 'Lists']);
    expect(fake.spreadsheet.values('Deals (2)')).toHaveLength(29);
    expect(fake.ui.alerts).toEqual([
      'Template added: sheets "Deals (2)", "Plan", "Spend", "KPI", "Lists". "Deals (2)" holds 28 sample deals dated around today, ' +
        'and "KPI" shows their KPIs for this month. Delete them and enter your own deals.',
    ]);
  });
  it('in Russian, and an error as an alert', () => {
    const fake = install({ userLocale: 'ru' });
    insertTemplateFromMenu();
    expect(fake.ui.alerts[0]).toMatch(/^Шаблон добавлен: листы «Сделки», «План», «Расходы», «KPI», «Списки»\. На листе «Сделки» — 28 примеров/);
    vi.unstubAllGlobals();
    const busy = install({ lockBusy: true });
    insertTemplateFromMenu();
    expect(busy.ui.alerts).toEqual(['The add-on is busy in this spreadsheet: try again in a minute.']);
    expect(busy.spreadsheet.sheetNames()).toEqual(['Sheet1']);
  });
});
