/**
 * The Sheets writer on the strict stand-in: the written sheet equals the layout, the number of Spreadsheet calls is
 * fixed whatever the number of deals, user text stays text, and only the add-on's own sheet is ever replaced.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cellInput, SheetsLayoutWriter } from '../../src/addon/sheetsWriter';
import { a1, ruleFormulas, runSummary, SUMMARY_MARKER, type SheetLayout } from '../../src/engine/summary';
import { generateDeals, SAMPLE_NOW } from '../../bench/generate';
import { d, grid, NOW } from '../helpers';
import { customerDeals, PERIOD } from '../engine/summary/customerDeals';
import { fakeSheets, sumCalls, type FakeSheets } from './fakeSheets';

/** Installs the stand-in's services as globals. */
function install(options: Parameters<typeof fakeSheets>[0] = {}): FakeSheets {
  const fake = fakeSheets(options);
  for (const [name, value] of Object.entries(fake.globals)) vi.stubGlobal(name, value);
  return fake;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A summary of `values` as the Sheets face builds it: live formulas over the deal sheet "Deals" itself. */
function layoutOf(values: unknown[][], live = true): SheetLayout {
  return runSummary({
    deals: { values, sheetName: 'Deals' }, timeZone: 'UTC', now: SAMPLE_NOW, live, liveOverSource: true, locale: 'en',
    plan: [['Month', 'Rep', 'Target'], ['2025-05', 'Anna', 50000], ['2025-05', 'Boris', 40000]],
  }).layout;
}

/** A writer's call count over a generated table of `rows` deals. */
function callsFor(rows: number): number {
  const values = generateDeals({ rows, seed: 7 });
  const layout = layoutOf(values);
  const fake = install({ sheets: [{ name: 'Deals', values }] });
  const before = sumCalls(fake.calls);
  new SheetsLayoutWriter(fake.globals.SpreadsheetApp.getActiveSpreadsheet()).write(layout);
  return sumCalls(fake.calls) - before;
}

describe('cellInput', () => {
  it('keeps text as text behind an apostrophe, formulas as formulas, numbers and blanks as they are', () => {
    expect(cellInput({ v: '=1+1' })).toBe("'=1+1");
    expect(cellInput({ v: '+7 team' })).toBe("'+7 team");
    expect(cellInput({ v: '007' })).toBe("'007");
    expect(cellInput({ f: '=SUM(A1:A2)', v: 3 })).toBe('=SUM(A1:A2)');
    expect(cellInput({ v: 12.5 })).toBe(12.5);
    expect(cellInput({ v: null })).toBe('');
    expect(cellInput(undefined)).toBe('');
  });
});

describe('SheetsLayoutWriter: the written sheet is the layout', () => {
  const values = generateDeals({ rows: 300, seed: 3 });
  const layout = layoutOf(values);
  const fake = install({ sheets: [{ name: 'Deals', values }] });
  const written = new SheetsLayoutWriter(fake.globals.SpreadsheetApp.getActiveSpreadsheet()).write(layout);
  vi.unstubAllGlobals();
  const ss = fake.spreadsheet;

  it('adds one sheet with the layout\'s name, marked as the add-on\'s own, and makes it active', () => {
    expect(written.sheetName).toBe(layout.name);
    expect(ss.sheetNames()).toEqual(['Deals', layout.name]);
    expect(ss.developerMetadata(layout.name).map((m) => m.key)).toContain(SUMMARY_MARKER);
    expect(ss.activeSheet()).toBe(layout.name);
  });
  it('holds every value, formula, number format and note of the layout', () => {
    const bad: string[] = [];
    layout.rows.forEach((row, r) => row.forEach((cell, c) => {
      const got = ss.cell(layout.name, a1(r, c));
      if (cell.f) {
        if (got.formula !== cell.f) bad.push(`${a1(r, c)} formula ${got.formula}`);
      } else if ((cell.v ?? '') !== got.value) {
        bad.push(`${a1(r, c)} value ${String(got.value)} ≠ ${String(cell.v)}`);
      }
      if (cell.fmt && got.numberFormat !== layout.formats[cell.fmt as keyof SheetLayout['formats']]) bad.push(`${a1(r, c)} format ${got.numberFormat}`);
      if ((cell.note ?? '') !== got.note) bad.push(`${a1(r, c)} note`);
    }));
    expect(bad).toEqual([]);
  });
  it('draws styles and status colours: a bold title, a filled section, status fills', () => {
    expect(ss.cell(layout.name, 'A1')).toMatchObject({ fontWeight: 'bold', fontSize: 16 });
    const status = layout.rows.flatMap((row, r) => row.map((cell, c) => ({ cell, at: a1(r, c) }))).filter((x) => x.cell.status);
    expect(status.length).toBeGreaterThan(0);
    for (const { cell, at } of status) {
      expect(ss.cell(layout.name, at).background).toBe({ good: '#c6efce', warn: '#ffeb9c', bad: '#ffc7ce' }[cell.status as string]);
    }
  });
  it('merges, freezes, sizes the columns, and adds every conditional rule and chart', () => {
    expect(ss.merges(layout.name).sort()).toEqual(layout.merges.map((m) => `${a1(m.row, m.col)}:${a1(m.row + m.rows - 1, m.col + m.cols - 1)}`).sort());
    expect(ss.frozenRows(layout.name)).toBe(layout.frozenRows);
    expect(ss.columnWidths(layout.name)).toEqual(Object.fromEntries(layout.columnWidths.map((w, i) => [i + 1, w])));
    const formulas = (layout.conditional ?? []).flatMap(ruleFormulas);
    expect(ss.conditionalRules(layout.name).map((r) => r.formula)).toEqual(formulas);
    expect(ss.charts(layout.name).map((c) => c.type)).toEqual(layout.charts.map((c) => ({ bar: 'BAR', column: 'COLUMN', line: 'LINE', combo: 'COMBO' })[c.kind]));
    expect(ss.charts(layout.name).map((c) => c.options.title)).toEqual(layout.charts.map((c) => c.title));
  });
});

describe('SheetsLayoutWriter: the customer-value block', () => {
  it('writes its title, headers with their notes, and its numbers with their formats', () => {
    const values = customerDeals();
    const layout = runSummary({
      deals: { values, sheetName: 'Deals' }, timeZone: 'UTC', now: NOW, live: true, liveOverSource: true, locale: 'en', period: PERIOD,
    }).layout;
    const fake = install({ sheets: [{ name: 'Deals', values }] });
    new SheetsLayoutWriter(fake.globals.SpreadsheetApp.getActiveSpreadsheet()).write(layout);
    const ss = fake.spreadsheet;
    const block = layout.blocks.find((b) => b.id === 'customerValue');
    if (!block) throw new Error('no customer-value block');
    const at = (r: number, c: number) => ss.cell(layout.name, a1(r, c));
    expect(at(block.firstRow, 0).value).toBe('Customer value at 2024-06-30');
    expect([0, 1, 2, 3].map((c) => at(block.firstRow + 1, c).value)).toEqual([
      'Source / campaign of the first purchase', 'Customers', 'Mean predicted CLV', 'Predicted CLV total',
    ]);
    expect(at(block.firstRow + 1, 2).note).toMatch(/^Predicted CLV: the gross margin/);
    const anna = layout.rows.findIndex((r, i) => i > block.firstRow && r[0]?.v === 'Anna');
    expect(at(anna, 1)).toMatchObject({ value: 11, numberFormat: '#,##0' });
    expect(at(anna, 2)).toMatchObject({ value: layout.rows[anna][2].v, numberFormat: '#,##0.00', formula: '' });
    expect(typeof layout.rows[anna][2].v).toBe('number');
    const active = layout.rows.findIndex((r, i) => i > block.firstRow && r[0]?.v === 'Active (P ≥ 0.7)');
    expect(at(active, 2).numberFormat).toBe('0.0%');
  });
});

describe('SheetsLayoutWriter: batched calls', () => {
  it('makes at most 50 Spreadsheet calls, the same number for 100 and for 100 000 deals', () => {
    const small = callsFor(100);
    const large = callsFor(100_000);
    expect(small).toBeLessThanOrEqual(50);
    expect(large).toBe(small);
  }, 120_000);
});

describe('SheetsLayoutWriter: user text stays text', () => {
  it('writes reps named "=1+1", "+7", "-x" and "@me" as the text they are', () => {
    const reps = ['=1+1', '+7', '-x', '@me'];
    const values = grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'],
      reps.map((rep, i) => [d('2025-04-01'), d(`2025-05-0${i + 1}`), 100 * (i + 1), 'won', rep]));
    const layout = layoutOf(values, false);
    const fake = install({ sheets: [{ name: 'Deals', values }] });
    new SheetsLayoutWriter(fake.globals.SpreadsheetApp.getActiveSpreadsheet()).write(layout);
    const cells = Object.values(fake.spreadsheet.cells(layout.name));
    for (const rep of reps) expect(cells.some((c) => c.value === rep && c.formula === '')).toBe(true);
    expect(cells.filter((c) => c.formula !== '')).toEqual([]);
  });
});

describe('SheetsLayoutWriter: only its own sheet is replaced', () => {
  const values = grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'], [[d('2025-04-01'), d('2025-05-02'), 100, 'won', 'Anna']]);
  it('a rebuild replaces the add-on\'s summary in its place', () => {
    const layout = layoutOf(values, false);
    const fake = install({ sheets: [{ name: 'Deals', values }, { name: 'Notes', values: [['mine']] }] });
    const ss = fake.globals.SpreadsheetApp.getActiveSpreadsheet();
    new SheetsLayoutWriter(ss).write(layout);
    fake.globals.SpreadsheetApp.getActiveSpreadsheet().setActiveSheet(ss.getSheetByName('Deals') as GoogleAppsScript.Spreadsheet.Sheet);
    const again = new SheetsLayoutWriter(ss).write(layout);
    expect(again.sheetName).toBe(layout.name);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Notes', layout.name]);
  });
  it('a sheet the user made with the summary\'s name is left as it is: the summary takes another name', () => {
    const layout = layoutOf(values, false);
    const fake = install({ sheets: [{ name: 'Deals', values }, { name: layout.name, values: [['my own notes', 42]] }] });
    const written = new SheetsLayoutWriter(fake.globals.SpreadsheetApp.getActiveSpreadsheet()).write(layout);
    expect(written.sheetName).toBe(`${layout.name} (2)`);
    expect(written.warnings[0]).toContain('did not make');
    expect(fake.spreadsheet.values(layout.name)).toEqual([['my own notes', 42]]);
  });
  it('a failed write leaves no half-written sheet', () => {
    const layout = layoutOf(values, false);
    // Two overlapping merges: the stand-in throws as Sheets does, in the middle of the write.
    const broken: SheetLayout = { ...layout, merges: [...layout.merges, { row: 0, col: 1, rows: 2, cols: 2 }] };
    const fake = install({ sheets: [{ name: 'Deals', values }] });
    expect(() => new SheetsLayoutWriter(fake.globals.SpreadsheetApp.getActiveSpreadsheet()).write(broken)).toThrow(/merged range/);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals']);
  });
});
