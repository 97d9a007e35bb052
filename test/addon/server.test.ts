/**
 * The sidebar's server API on the strict stand-in, as the sidebar and users' macros call it: the tables it finds,
 * a table as the engine reads it, a build with its result, live formulas over the user's own deal sheet, the
 * explanation of a cell, and bad input answered with a message and no sheet left behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildOptions } from '../../src/addon/api';
import {
  buildSummary, explainCell, explainSelected, inspectTable, openSidebar, rebuildSummary, selectRow, sidebarState,
} from '../../src/addon/server';
import type { LayoutCell, SheetLayout } from '../../src/engine/summary';
import { Evaluator } from '../engine/summary/formulaEval';
import { d, grid } from '../helpers';
import type { FakeSheets, FakeSheetsOptions } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';

/**
 * May 2025 (the last whole month before June 2025), sheet rows 2–8 of "Deals":
 *   Anna won 1 000 and 500, lost 300; Boris won 2 000 and lost 700; one open deal of Boris; an April win of Anna's 400.
 * Sales volume in May 3 500 (Anna 1 500, Boris 2 000); won 3, lost 2: win rate 0.6. Row 8's amount "n/a" is skipped.
 */
const DEALS = grid(['Deal', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Source'], [
  ['D1', d('2025-04-01'), d('2025-05-02'), 1000, 'won', 'Anna', 'Web'],
  ['D2', d('2025-04-02'), d('2025-05-10'), 500, 'won', 'Anna', 'Ads'],
  ['D3', d('2025-04-03'), d('2025-05-12'), 300, 'lost', 'Anna', 'Web'],
  ['D4', d('2025-04-04'), d('2025-05-20'), 2000, 'won', 'Boris', 'Ads'],
  ['D5', d('2025-04-05'), d('2025-05-21'), 700, 'lost', 'Boris', 'Web'],
  ['D6', d('2025-04-06'), '', 900, 'open', 'Boris', 'Web'],
  ['D7', d('2025-03-01'), d('2025-04-15'), 'n/a', 'won', 'Anna', 'Ads'],
]);
const PLAN = [['Month', 'Rep', 'Target'], ['2025-05', 'Anna', 2000], ['2025-05', 'Boris', 2000]];
const NOW = new Date(Date.UTC(2025, 5, 10, 12));

/** Installs the stand-in with the deals, a plan and a notes sheet of the user's. */
function install(options: FakeSheetsOptions = {}): FakeSheets {
  return installFake({
    sheets: [{ name: 'Deals', values: DEALS }, { name: 'Plan', values: PLAN }, { name: 'Notes', values: [['my notes']] }],
    ...options,
  }, NOW);
}

afterEach(restoreGlobals);

/** The written summary as a layout of values and formulas, for recalculating its formulas. */
function sheetAsLayout(fake: FakeSheets, name: string): SheetLayout {
  const rows: LayoutCell[][] = [];
  for (const [at, cell] of Object.entries(fake.spreadsheet.cells(name))) {
    const m = /^([A-Z]+)(\d+)$/.exec(at) as RegExpExecArray;
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const row = Number(m[2]) - 1;
    while (rows.length <= row) rows.push([]);
    rows[row][col] = cell.formula ? { f: cell.formula, v: cell.value as number } : { v: cell.value as string | number };
  }
  return { rows } as unknown as SheetLayout;
}

describe('sidebarState', () => {
  it('lists the deal and plan tables, the catalog in the user\'s language, and nothing saved yet', () => {
    install({ userLocale: 'ru' });
    const state = sidebarState();
    expect(state.locale).toBe('ru');
    expect(state.tables).toEqual([{ sheet: 'Deals', range: 'A1:G8', rows: 7, fields: expect.arrayContaining(['closed', 'amount', 'status', 'rep']) }]);
    expect(state.sideTables).toEqual([{ sheet: 'Plan', range: 'A1:C3', kind: 'plan' }]);
    expect(state.saved).toBeNull();
    expect(state.kpis.find((k) => k.id === 'win_rate')).toEqual({ id: 'win_rate', name: 'WIN_RATE', title: 'Доля выигранных сделок', unit: 'rate', needs: ['status', 'closed'] });
  });
  it('gives the selection when it is more than one cell', () => {
    install({ activeSheet: 'Deals', activeRange: 'A1:G8' });
    expect(sidebarState().selection).toEqual({ sheet: 'Deals', range: 'A1:G8' });
  });
});

describe('inspectTable', () => {
  it('maps the columns, previews the first rows as the engine reads them, and counts rows with issues', () => {
    install();
    const t = inspectTable({ sheet: 'Deals' });
    expect(t.headers).toEqual(['Deal', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Source']);
    expect(t.mapping).toMatchObject({ id: 0, created: 1, closed: 2, amount: 3, status: 4, rep: 5, source: 6, customer: null });
    expect(t.rows).toBe(7);
    expect(t.issues).toBe(1);
    expect(t.preview[0]).toEqual({ row: 2, values: { id: 'D1', created: '2025-04-01', closed: '2025-05-02', amount: '1000', status: 'won', rep: 'Anna', source: 'Web' }, issues: [] });
    expect(t.preview[6].issues[0]).toMatch(/^Amount: /);
    expect(t.kpis).toContain('win_rate');
    expect(t.kpis).not.toContain('new_customers');
  });
  it('takes a corrected mapping: amount read from another column', () => {
    install();
    const t = inspectTable({ sheet: 'Deals' }, { amount: null });
    expect(t.mapping.amount).toBeNull();
    expect(t.kpis).not.toContain('sales_volume');
  });
  it('answers a missing sheet, an empty table and a table without a header row with a message', () => {
    install({ sheets: [{ name: 'Deals', values: DEALS }, { name: 'Empty', values: [] }, { name: 'NoHeader', values: [[1, 2], [3, 4]] }] });
    expect(() => inspectTable({ sheet: 'Nope' })).toThrow('There is no sheet named "Nope"');
    expect(() => inspectTable({ sheet: 'Empty' })).toThrow(/is empty/);
    expect(() => inspectTable({ sheet: 'NoHeader' })).toThrow(/NoHeader: the first row must be the header/);
  });
});

describe('buildSummary', () => {
  const options: BuildOptions = { table: { sheet: 'Deals' }, plan: { sheet: 'Plan' }, locale: 'en' };

  it('writes the summary for the last whole month and reports rows and skipped cells', () => {
    const fake = install();
    const r = buildSummary(options);
    expect(r).toMatchObject({ sheet: 'KPI summary', period: '2025-05', rowsRead: 7, rowsUsed: 6, issuesTotal: 1 });
    expect(r.url).toMatch(new RegExp(`#gid=${r.sheetId}$`));
    expect(r.issues).toEqual([{ row: 8, column: 'Amount', value: 'n/a', reason: expect.stringContaining('number') }]);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Plan', 'Notes', 'KPI summary']);
    const values = fake.spreadsheet.values('KPI summary');
    const sales = values.find((row) => row[0] === 'Sales volume');
    expect(sales?.[1]).toBe(3500);
  });
  it('with live formulas, points them at the deal sheet itself, and they recalculate to the engine\'s values', () => {
    const fake = install();
    const live = buildSummary({ ...options, live: true });
    const plain = install();
    const values = buildSummary(options);
    // Every KPI figure is counted; the live ones are those built-in functions express (not the sales cycle, say).
    expect(values.liveFigures).toBe(0);
    expect(live.figures).toBe(values.figures);
    expect(live.liveFigures).toBeGreaterThan(0);
    expect(live.liveFigures).toBeLessThan(live.figures);
    const liveCells = fake.spreadsheet.cells('KPI summary');
    const formulas = Object.entries(liveCells).filter(([, c]) => c.formula);
    expect(formulas.length).toBeGreaterThan(10);
    expect(formulas.every(([, c]) => !c.formula.includes("'Deals'!") || /'Deals'!\$[A-Z]+\$2:/.test(c.formula))).toBe(true);
    const ev = new Evaluator(sheetAsLayout(fake, 'KPI summary'), { Deals: DEALS });
    const bad = formulas.filter(([at, c]) => {
      const engine = plain.spreadsheet.cell('KPI summary', at).value;
      const got = ev.formula(c.formula);
      return typeof engine === 'number' ? Math.abs((got as number) - engine) > 1e-9 : (got ?? '') !== engine;
    }).map(([at, c]) => `${at} ${c.formula}`);
    expect(bad).toEqual([]);
  });
  it('shows money in the spreadsheet locale\'s currency when the settings name none', () => {
    const fake = install({ locale: 'ru_RU' });
    buildSummary(options);
    const formats = Object.values(fake.spreadsheet.cells('KPI summary')).map((c) => c.numberFormat);
    expect(formats).toContain('#,##0.00" RUB"');
    const us = install();
    buildSummary(options);
    expect(Object.values(us.spreadsheet.cells('KPI summary')).map((c) => c.numberFormat)).toContain('#,##0.00" USD"');
  });
  it('saves the options with the document, and sidebarState gives them back', () => {
    install();
    buildSummary(options);
    expect(sidebarState().saved).toEqual(options);
  });
  it('leaves no sheet behind on bad input, and the user\'s own sheet of the same name untouched', () => {
    const fake = install({ sheets: [{ name: 'Deals', values: DEALS }, { name: 'KPI summary', values: [['mine']] }] });
    expect(() => buildSummary({ table: { sheet: 'Missing' } })).toThrow('There is no sheet named "Missing"');
    expect(() => buildSummary({ table: { sheet: 'Deals' }, period: '2025-13' })).toThrow(/2025-13/);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'KPI summary']);
    const r = buildSummary({ table: { sheet: 'Deals' } });
    expect(r.sheet).toBe('KPI summary (2)');
    expect(fake.spreadsheet.values('KPI summary')).toEqual([['mine']]);
  });
  it('answers a table without a header row, an empty table and an unreadable plan with a message, and adds no sheet', () => {
    const fake = install({ sheets: [
      { name: 'Deals', values: DEALS }, { name: 'Numbers', values: [[1, 2], [3, 4]] }, { name: 'Empty', values: [] }, { name: 'BadPlan', values: [['x', 'y'], [1, 2]] },
    ] });
    expect(() => buildSummary({ table: { sheet: 'Numbers' } })).toThrow(/^Numbers: the first row must be the header/);
    expect(() => buildSummary({ table: { sheet: 'Empty' } })).toThrow(/is empty: it needs a header row/);
    expect(() => buildSummary({ table: { sheet: 'Deals' }, plan: { sheet: 'BadPlan' } })).toThrow(/^BadPlan: /);
    expect(() => buildSummary({ table: { sheet: 'Deals', range: 'not a range' } })).toThrow(/is not a range of the sheet "Deals"/);
    expect(() => buildSummary(undefined as unknown as BuildOptions)).toThrow('Pick the deal table first.');
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Numbers', 'Empty', 'BadPlan']);
    expect(fake.spreadsheet.lockHeld()).toBe(false);
  });
  it('refuses to run while another build holds the document lock', () => {
    const fake = install({ lockBusy: true });
    expect(() => buildSummary(options)).toThrow(/Another summary is being built/);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Plan', 'Notes']);
  });
});

describe('explainCell', () => {
  it('explains the overview\'s sales volume: its parts and the deal rows behind it', () => {
    const fake = install();
    buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
    const values = fake.spreadsheet.values('KPI summary');
    const row = values.findIndex((r) => r[0] === 'Win rate') + 1;
    const e = explainCell({ sheet: 'KPI summary', a1: `B${row}` });
    expect(e).toMatchObject({ kpi: 'win_rate', title: 'Win rate', period: '2025-05', group: null, value: 0.6, sheet: 'Deals' });
    expect(e.formula).toBe('Deals won / Won or lost deals closed in the period');
    expect(e.parts).toEqual([{ label: 'Deals won', value: 3 }, { label: 'Won or lost deals closed in the period', value: 5 }]);
    expect(e.rows).toEqual([2, 3, 4, 5, 6]);
  });
  it('says what to do on a cell that holds no KPI value, or on a sheet the add-on did not build', () => {
    install();
    buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
    expect(() => explainCell({ sheet: 'KPI summary', a1: 'A1' })).toThrow(/holds no KPI value/);
    expect(() => explainCell({ sheet: 'Notes', a1: 'A1' })).toThrow(/summary sheet the add-on built/);
  });
  it('says that the customer-value block\'s cells are the models\' predictions, which it cannot explain', () => {
    const fake = install();
    buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
    // The deals have no customer column: the block is its title and the line that says why.
    const values = fake.spreadsheet.values('KPI summary');
    const title = values.findIndex((r) => String(r[0]).startsWith('Customer value')) + 1;
    expect(values[title][0]).toMatch(/^Customer value cannot be predicted: the deal table has no `customer` column/);
    for (const a1 of [`A${title}`, `A${title + 1}`, `B${title + 1}`]) {
      expect(() => explainCell({ sheet: 'KPI summary', a1 })).toThrow(/prediction of the customer-value models .* CLV_TABLE/);
    }
  });
});

describe('menu actions', () => {
  it('selectRow selects a deal row', () => {
    const fake = install();
    selectRow('Deals', 4);
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'Deals', a1: 'A4:G4' });
    expect(() => selectRow('Deals', 0)).toThrow(/not a row/);
  });
  it('rebuildSummary runs the last build again, or says to build first', () => {
    const fake = install();
    rebuildSummary();
    expect(fake.ui.alerts).toEqual(['Build a summary from the sidebar first.']);
    buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
    rebuildSummary();
    expect(fake.ui.alerts[1]).toMatch(/^Summary "KPI summary" rebuilt for 2025-05/);
    expect(fake.spreadsheet.sheetNames().filter((n) => n.startsWith('KPI summary'))).toEqual(['KPI summary']);
  });
  it('explainSelected shows the active cell\'s explanation, escaped', () => {
    const fake = install();
    buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
    explainSelected();
    expect(fake.ui.dialogs).toHaveLength(1);
    expect(fake.ui.dialogs[0].html).toMatch(/Select a KPI value|holds no KPI value/);
  });
  it('openSidebar shows the built Sidebar.html', () => {
    const fake = install();
    openSidebar();
    expect(fake.ui.sidebars).toHaveLength(1);
    expect(fake.ui.sidebars[0].title).toBe('Sales KPI');
    expect(fake.ui.sidebars[0].html).toContain('<script>');
  });
});
