/**
 * Tests of the stand-in itself: the add-on's tests trust it to throw where Apps Script throws and to
 * convert values as Sheets does, so each rule it enforces and each conversion it makes is pinned here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSheets, sumCalls, type FakeSheetsOptions } from './fakeSheets';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A fresh stand-in with its spreadsheet and first sheet at hand. */
function setup(options?: FakeSheetsOptions) {
  const fake = fakeSheets(options);
  const app = fake.globals.SpreadsheetApp;
  const ss = app.getActiveSpreadsheet();
  return { fake, app, ss, sheet: ss.getSheets()[0] };
}

/** Calls a member with arguments the typings would reject, as untyped Apps Script code can. */
function call(obj: object, member: string, ...args: unknown[]): unknown {
  return (obj as Record<string, (...a: unknown[]) => unknown>)[member](...args);
}

/** Reads a member the typings may not know, to check the fake refuses it. */
function read(obj: object, member: string): unknown {
  return (obj as Record<string, unknown>)[member];
}

const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi));

describe('strict objects and call counting', () => {
  it('throws on any member the fake does not have, naming it', () => {
    const { app, ss, sheet } = setup();
    expect(() => read(app, 'getActive')).toThrow('fake SpreadsheetApp: getActive is not part of the fake');
    expect(() => read(ss, 'getRange')).toThrow('fake Spreadsheet: getRange is not part of the fake');
    expect(() => read(sheet, 'deleteRows')).toThrow('fake Sheet: deleteRows is not part of the fake');
    expect(() => read(sheet.getRange('A1'), 'getValue')).toThrow('fake Range: getValue is not part of the fake');
    expect(() => read(app.BorderStyle, 'THICK')).toThrow('fake BorderStyle: THICK is not part of the fake');
  });
  it('refuses assignments to service objects', () => {
    const { sheet } = setup();
    expect(() => { (sheet as unknown as Record<string, unknown>).getName = () => 'x'; }).toThrow(/cannot set getName/);
  });
  it('prints objects as their class and lets vitest and promises probe them', async () => {
    const { sheet } = setup();
    expect(String(sheet)).toBe('Sheet');
    expect(`${sheet.getRange('A1')}`).toBe('Range');
    await expect(Promise.resolve(sheet)).resolves.toBe(sheet);
  });
  it('counts every call by Class.method, including failed ones', () => {
    const { fake, sheet } = setup();
    const range = sheet.getRange(1, 1, 2, 2);
    range.getValues();
    range.getValues();
    expect(() => range.setValues([[1]])).toThrow();
    expect(fake.calls.get('Range.getValues')).toBe(2);
    expect(fake.calls.get('Range.setValues')).toBe(1);
    expect(fake.calls.get('Sheet.getRange')).toBe(1);
    expect(fake.calls.get('Spreadsheet.getSheets')).toBe(1);
    expect(fake.calls.get('SpreadsheetApp.getActiveSpreadsheet')).toBe(1);
  });
  it('sums the round trips on Spreadsheet, Sheet, Range and RangeList objects', () => {
    const { fake, app, sheet } = setup();
    sheet.getRangeList(['A1', 'B2']).setFontWeight('bold');
    app.flush();
    // getSheets, getRangeList, setFontWeight; the SpreadsheetApp calls are not round trips on a sheet.
    expect(sumCalls(fake.calls)).toBe(3);
    expect(sumCalls(fake.calls, ['SpreadsheetApp'])).toBe(2);
  });
  it('lets tests inspect the state without counting calls', () => {
    const { fake, sheet } = setup();
    sheet.getRange('A1').setValue('x');
    const before = new Map(fake.calls);
    expect(fake.spreadsheet.cells('Sheet1').A1.value).toBe('x');
    expect(fake.spreadsheet.values('Sheet1')).toEqual([['x']]);
    fake.spreadsheet.sheetNames();
    fake.spreadsheet.activeRange();
    expect(fake.calls).toEqual(before);
  });
  it('reads enum values without counting, and they print as their names', () => {
    const { fake, app } = setup();
    const before = new Map(fake.calls);
    expect(String(app.WrapStrategy.CLIP)).toBe('CLIP');
    expect(String(fake.globals.Charts.ChartType.COLUMN)).toBe('COLUMN');
    expect(JSON.stringify(app.BorderStyle.SOLID_MEDIUM)).toBe('"SOLID_MEDIUM"');
    expect(fake.calls).toEqual(before);
  });
  it('checks argument counts and types with Apps Script\'s signature message', () => {
    const { sheet } = setup();
    expect(() => call(sheet, 'getRange', '1', 2)).toThrow("The parameters (String,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.");
    expect(() => call(sheet, 'getName', 1)).toThrow(/don't match the method signature for SpreadsheetApp\.Sheet\.getName/);
    expect(() => call(sheet, 'getRange', 1.5, 1)).toThrow(/not an integer/);
  });
});

describe('Spreadsheet', () => {
  it('answers its id, url, name, time zone and locale from the options', () => {
    const { ss } = setup({ id: 'abc', name: 'Pipeline', timeZone: 'Europe/Moscow', locale: 'ru_RU' });
    expect(ss.getId()).toBe('abc');
    expect(ss.getUrl()).toBe('https://docs.google.com/spreadsheets/d/abc/edit');
    expect(ss.getName()).toBe('Pipeline');
    expect(ss.getSpreadsheetTimeZone()).toBe('Europe/Moscow');
    expect(ss.getSpreadsheetLocale()).toBe('ru_RU');
  });
  it('defaults to one empty Sheet1 in UTC and en_US', () => {
    const { ss, sheet } = setup();
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Sheet1']);
    expect(ss.getSpreadsheetTimeZone()).toBe('UTC');
    expect(ss.getSpreadsheetLocale()).toBe('en_US');
    expect([sheet.getMaxRows(), sheet.getMaxColumns(), sheet.getSheetId()]).toEqual([1000, 26, 0]);
  });
  it('refuses unknown locales and time zones', () => {
    expect(() => fakeSheets({ locale: 'xx_XX' })).toThrow(/locale xx_XX is not modelled/);
    expect(() => fakeSheets({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
  it('finds sheets by name (null when none, case-insensitively as names are unique that way) and by id', () => {
    const { ss } = setup({ sheets: [{ name: 'Deals', values: [] }, { name: 'Plan', values: [] }] });
    expect(ss.getSheetByName('Plan')?.getIndex()).toBe(2);
    expect(ss.getSheetByName('plan')?.getName()).toBe('Plan');
    expect(ss.getSheetByName('Spend')).toBeNull();
    const plan = ss.getSheetByName('Plan') as Sheet;
    expect(ss.getSheetById(plan.getSheetId())?.getName()).toBe('Plan');
    expect(ss.getSheetById(12345)).toBeNull();
  });
  it('inserts a 1000×26 sheet after the active one, or at a 0-based index, and activates it', () => {
    const { fake, ss } = setup({ sheets: [{ name: 'A', values: [] }, { name: 'B', values: [] }] });
    const s = ss.insertSheet('Summary');
    expect([s.getMaxRows(), s.getMaxColumns(), s.getIndex()]).toEqual([1000, 26, 2]);
    expect(fake.spreadsheet.sheetNames()).toEqual(['A', 'Summary', 'B']);
    expect(ss.getActiveSheet().getName()).toBe('Summary');
    ss.insertSheet('First', 0);
    expect(fake.spreadsheet.sheetNames()).toEqual(['First', 'A', 'Summary', 'B']);
    expect(() => ss.insertSheet('Far', 9)).toThrow(/index 9 is outside 0..4/);
  });
  it('gives each sheet a unique id, the first 0 and later ones unlike indexes', () => {
    const { ss } = setup();
    const ids = [0, 1, 2, 3].map((i) => ss.insertSheet(`S${i}`).getSheetId());
    expect(new Set([0, ...ids]).size).toBe(5);
    for (const id of ids) expect(id).toBeGreaterThan(1000);
  });
  it('refuses a taken name case-insensitively with Sheets\' message', () => {
    const { ss } = setup({ sheets: [{ name: 'Summary', values: [] }] });
    expect(() => ss.insertSheet('SUMMARY')).toThrow('A sheet with the name "SUMMARY" already exists. Please enter another name.');
    expect(() => ss.insertSheet('  ')).toThrow(/cannot be empty/);
    expect(() => call(ss, 'insertSheet')).toThrow(/only the \(name\) and \(name, index\) forms/);
  });
  it('deletes a sheet but never the only (visible) one', () => {
    const { ss, sheet } = setup();
    expect(() => ss.deleteSheet(sheet)).toThrow("You can't remove all the sheets in a document.");
    const other = ss.insertSheet('Other');
    ss.deleteSheet(other);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Sheet1']);
    expect(ss.getActiveSheet().getName()).toBe('Sheet1');
    expect(() => call(ss, 'deleteSheet', 'Sheet1')).toThrow(/don't match the method signature/);
  });
  it('starts from the active sheet and selection of the options, and moves them', () => {
    const { fake, ss } = setup({ sheets: [{ name: 'A', values: [] }, { name: 'B', values: [] }], activeSheet: 'B', activeRange: 'C3:D4' });
    expect(ss.getActiveSheet().getName()).toBe('B');
    expect(ss.getActiveRange()?.getA1Notation()).toBe('C3:D4');
    const a = ss.getSheetByName('A') as Sheet;
    ss.setActiveSheet(a);
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'A', a1: 'A1' });
    ss.setActiveRange(a.getRange('B2:B5'));
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'A', a1: 'B2:B5' });
    ss.getSheetByName('B')?.activate();
    expect(ss.getActiveRange()?.getA1Notation()).toBe('C3:D4');
    a.getRange('E5').activate();
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'A', a1: 'E5' });
  });
  it('serves named ranges, and null for an unknown name', () => {
    const { ss } = setup({ sheets: [{ name: 'Deals', values: [] }], namedRanges: [{ name: 'deals', sheet: 'Deals', a1: 'A1:M120' }] });
    const [n] = ss.getNamedRanges();
    expect(n.getName()).toBe('deals');
    expect(n.getRange().getA1Notation()).toBe('A1:M120');
    expect(n.getRange().getSheet().getName()).toBe('Deals');
    expect(ss.getRangeByName('deals')?.getNumRows()).toBe(120);
    expect(ss.getRangeByName('plan')).toBeNull();
  });
});

describe('Sheet', () => {
  const deals = [['Deal', 'Amount'], ['A', 10], ['B', 20]];
  it('knows its name, index, parent, grid and data extent', () => {
    const { ss, sheet } = setup({ sheets: [{ name: 'Deals', values: deals }] });
    expect(sheet.getName()).toBe('Deals');
    expect(sheet.getIndex()).toBe(1);
    expect(sheet.getParent()).toBe(ss);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([3, 2]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:B3');
  });
  it('sizes initial sheets to their values, at least 1000×26', () => {
    const wide = [Array.from({ length: 30 }, (_, i) => i)];
    const { fake } = setup({ sheets: [{ name: 'Wide', values: wide }, { name: 'Long', values: Array.from({ length: 1500 }, () => [1]) }] });
    expect(fake.spreadsheet.sheetInfo('Wide')).toMatchObject({ maxRows: 1000, maxColumns: 30 });
    expect(fake.spreadsheet.sheetInfo('Long')).toMatchObject({ maxRows: 1500, maxColumns: 26 });
  });
  it('reports 0 as the last row and column of an empty sheet, and A1 as its data range', () => {
    const { sheet } = setup();
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1');
  });
  it('counts formulas as content for the last row and column, formatting not', () => {
    const { sheet } = setup();
    sheet.getRange('C5').setFormulas([['=1']]);
    sheet.getRange('Z900').setBackground('#ff0000');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([5, 3]);
  });
  it('takes ranges by row/column and counts, and by the A1 forms', () => {
    const { sheet } = setup();
    expect(sheet.getRange(2, 3).getA1Notation()).toBe('C2');
    expect(sheet.getRange(2, 3, 4).getA1Notation()).toBe('C2:C5');
    expect(sheet.getRange(2, 3, 4, 2).getA1Notation()).toBe('C2:D5');
    const r = sheet.getRange('A1:M120');
    expect([r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns(), r.getLastRow(), r.getLastColumn()]).toEqual([1, 1, 120, 13, 120, 13]);
    expect(sheet.getRange('B2').getA1Notation()).toBe('B2');
    expect(sheet.getRange('A:M').getA1Notation()).toBe('A1:M1000');
    expect(sheet.getRange('A2:M').getA1Notation()).toBe('A2:M1000');
    expect(sheet.getRange('3:4').getA1Notation()).toBe('A3:Z4');
    expect(sheet.getRange('$B$2:$C$3').getA1Notation()).toBe('B2:C3');
    expect(sheet.getRange('c3:b2').getA1Notation()).toBe('B2:C3');
    expect(sheet.getRange("'Sheet1'!B2").getA1Notation()).toBe('B2');
  });
  it('throws on bad A1 notation, and does not guess at another sheet\'s range', () => {
    const { sheet } = setup();
    for (const bad of ['', 'A', '12', 'A0', 'A1:', '1A', 'A1:B2:C3', 'A:M5', 'AAAA1']) expect(() => sheet.getRange(bad), bad).toThrow('Range not found');
    expect(() => sheet.getRange('Other!A1')).toThrow(/another sheet.*not modelled/);
  });
  it('throws outside the grid and on rows, columns or counts below 1, with Apps Script\'s messages', () => {
    const { sheet } = setup();
    const outside = 'The coordinates of the range are outside the dimensions of the sheet.';
    expect(() => sheet.getRange(1001, 1)).toThrow(outside);
    expect(() => sheet.getRange(1, 1, 1, 27)).toThrow(outside);
    expect(() => sheet.getRange('A1:A1001')).toThrow(outside);
    expect(() => sheet.getRange('AA1')).toThrow(outside);
    expect(() => sheet.getRangeList(['A1', 'B1:B2000'])).toThrow(outside);
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1, 1, 1, 0)).toThrow('The number of columns in the range must be at least 1.');
  });
  it('takes a range list of A1 notations only', () => {
    const { sheet } = setup();
    const list = sheet.getRangeList(['A1:B2', 'D4']);
    expect(list.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B2', 'D4']);
    expect(() => call(sheet, 'getRangeList', 'A1')).toThrow(/signature/);
    expect(() => call(sheet, 'getRangeList', [1])).toThrow(/signature/);
  });
  it('grows with insertRowsAfter, moving cells, formats, merges and named ranges below the insert', () => {
    const { fake, sheet } = setup({ sheets: [{ name: 'S', values: [['h'], ['a'], ['b']] }], namedRanges: [{ name: 'body', sheet: 'S', a1: 'A2:A3' }] });
    sheet.getRange('A3:B3').merge();
    sheet.getRange('A3').setFontWeight('bold');
    sheet.insertRowsAfter(2, 5);
    expect(sheet.getMaxRows()).toBe(1005);
    expect(fake.spreadsheet.values('S')).toEqual([['h'], ['a'], [''], [''], [''], [''], [''], ['b']]);
    expect(fake.spreadsheet.cell('S', 'A8').fontWeight).toBe('bold');
    expect(fake.spreadsheet.merges('S')).toEqual(['A8:B8']);
    // A range spanning the insert point stretches, as Sheets does.
    expect(fake.spreadsheet.namedRanges()).toEqual([{ name: 'body', sheet: 'S', a1: 'A2:A8' }]);
    sheet.insertRowsAfter(1005, 10);
    expect(sheet.getRange('A1015').getA1Notation()).toBe('A1015');
    expect(() => sheet.insertRowsAfter(2000, 1)).toThrow('Those rows are out of bounds.');
    expect(() => sheet.insertRowsAfter(1, 0)).toThrow(/at least 1/);
  });
  it('grows with insertColumnsAfter, moving cells and column widths right of the insert', () => {
    const { fake, sheet } = setup({ sheets: [{ name: 'S', values: [['a', 'b', 'c']] }] });
    sheet.setColumnWidth(3, 150);
    sheet.insertColumnsAfter(1, 2);
    expect(sheet.getMaxColumns()).toBe(28);
    expect(fake.spreadsheet.values('S')).toEqual([['a', '', '', 'b', 'c']]);
    expect(fake.spreadsheet.columnWidths('S')).toEqual({ 5: 150 });
  });
  it('refuses to pass the 10 million cell limit', () => {
    const { sheet } = setup();
    expect(() => sheet.insertRowsAfter(1000, 400_000)).toThrow('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
    sheet.insertRowsAfter(1000, 383_000); // 384 000 × 26 = 9 984 000 cells; a new sheet adds 26 000
    expect(() => sheet.getParent().insertSheet('More')).toThrow(/above the limit of 10000000 cells/);
  });
  it('freezes rows, but not all rows nor through a merge', () => {
    const { fake, sheet } = setup();
    sheet.setFrozenRows(2);
    expect(sheet.getFrozenRows()).toBe(2);
    expect(fake.spreadsheet.frozenRows('Sheet1')).toBe(2);
    expect(() => sheet.setFrozenRows(1000)).toThrow(/cannot freeze 1000 of 1000 rows/);
    sheet.setFrozenRows(0);
    sheet.getRange('A1:A3').merge();
    expect(() => sheet.setFrozenRows(2)).toThrow(/part of a merged cell/);
  });
  it('sets column widths one by one or in a run, within the grid', () => {
    const { fake, sheet } = setup();
    sheet.setColumnWidth(1, 200).setColumnWidths(2, 3, 90);
    expect(fake.spreadsheet.columnWidths('Sheet1')).toEqual({ 1: 200, 2: 90, 3: 90, 4: 90 });
    expect(() => sheet.setColumnWidth(27, 100)).toThrow(/outside the dimensions/);
    expect(() => sheet.setColumnWidths(25, 3, 100)).toThrow(/outside the dimensions/);
  });
  it('renames with the same uniqueness rule', () => {
    const { ss, sheet } = setup();
    ss.insertSheet('Plan');
    sheet.setName('sheet1'); // its own name in another case is fine
    expect(sheet.getName()).toBe('sheet1');
    expect(() => sheet.setName('PLAN')).toThrow('A sheet with the name "PLAN" already exists. Please enter another name.');
  });
  it('hides and shows, never hiding the last visible sheet', () => {
    const { ss, sheet } = setup();
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    const other = ss.insertSheet('Other');
    other.hideSheet();
    expect(other.isSheetHidden()).toBe(true);
    expect(() => ss.deleteSheet(sheet)).toThrow("You can't remove all the sheets in a document.");
    other.showSheet();
    expect(other.isSheetHidden()).toBe(false);
  });
  it('clears contents and formats of the whole sheet, keeping notes', () => {
    const { fake, sheet } = setup({ sheets: [{ name: 'S', values: [['a', 1]] }] });
    sheet.getRange('A1:B1').setBackground('#ff0000').setNotes([['n', null]]);
    sheet.clear();
    expect(sheet.getLastRow()).toBe(0);
    expect(fake.spreadsheet.cells('S')).toEqual({ A1: expect.objectContaining({ value: '', background: null, note: 'n' }) });
  });
});

describe('Range: shapes, reading and writing', () => {
  it('refuses 2-D data whose rows or any row\'s columns differ from the range, with Apps Script\'s messages', () => {
    const { sheet } = setup();
    const r = sheet.getRange('A1:B2');
    expect(() => r.setValues([[1, 2]])).toThrow('The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.');
    expect(() => r.setValues([[1, 2], [3]])).toThrow('The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.');
    expect(() => r.setValues([[1, 2, 3], [4, 5, 6]])).toThrow('The data has 3 but the range has 2.');
    expect(() => call(r, 'setValues', 'x')).toThrow("The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.");
    expect(() => call(r, 'setValues', [1, 2])).toThrow(/don't match the method signature/);
    expect(() => call(r, 'setValues')).toThrow(/don't match the method signature/);
  });
  it('applies the same shape rule to every 2-D setter', () => {
    const { sheet } = setup();
    const r = sheet.getRange('A1:B2');
    const setters = ['setFormulas', 'setNumberFormats', 'setNotes', 'setFontWeights', 'setFontColors', 'setBackgrounds', 'setFontSizes', 'setFontStyles', 'setHorizontalAlignments', 'setWrapStrategies'];
    for (const m of setters) {
      expect(() => call(r, m, [[null, null]]), m).toThrow('The number of rows in the data does not match');
      expect(() => call(r, m, [[null], [null]]), m).toThrow('The number of columns in the data does not match');
      expect(() => call(r, m, null), m).toThrow(/don't match the method signature/);
    }
  });
  it('writes nothing when any value is refused', () => {
    const { fake, sheet } = setup();
    expect(() => sheet.getRange('A1:B1').setValues([[1, { a: 1 }]])).toThrow(/don't match the method signature/);
    expect(fake.spreadsheet.cells('Sheet1')).toEqual({});
  });
  it('reads back values, formulas and blanks as \'\' over the whole range', () => {
    const { sheet } = setup({ sheets: [{ name: 'S', values: [['a', 1, true], [utc(2024, 1, 15), null, '=A1']] }] });
    const r = sheet.getRange('A1:D2');
    expect(r.getValues()).toEqual([['a', 1, true, ''], [utc(2024, 1, 15), '', '', '']]);
    expect(r.getFormulas()).toEqual([['', '', '', ''], ['', '', '=A1', '']]);
  });
  it('hands out copies of Dates, so mutating one changes no cell', () => {
    const { sheet } = setup({ sheets: [{ name: 'S', values: [[utc(2024, 1, 15)]]}] });
    (sheet.getRange('A1').getValues()[0][0] as Date).setUTCFullYear(1999);
    expect(sheet.getRange('A1').getValues()[0][0]).toEqual(utc(2024, 1, 15));
  });
  it('fills every cell of the range with setValue', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B2').setValue(7);
    expect(sheet.getRange('A1:B2').getValues()).toEqual([[7, 7], [7, 7]]);
  });
  it('writes formulas with setFormulas; \'\' clears a cell', () => {
    const { sheet } = setup({ sheets: [{ name: 'S', values: [['x', 'y']] }] });
    sheet.getRange('A1:B1').setFormulas([['=SUM(C1:C9)', '']]);
    expect(sheet.getRange('A1:B1').getFormulas()).toEqual([['=SUM(C1:C9)', '']]);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['', '']]);
    expect(() => call(sheet.getRange('A1'), 'setFormulas', [[1]])).toThrow(/signature/);
  });
  it('answers a formula cell\'s value from the evaluate hook, with the formula and its sheet', () => {
    const seen: string[] = [];
    const { sheet } = setup({ evaluate: (f, s) => { seen.push(`${s}:${f}`); return f === '=1+1' ? 2 : utc(2024, 3, 1); } });
    sheet.getRange('A1:B1').setValues([['=1+1', '=TODAY()']]);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([[2, utc(2024, 3, 1)]]);
    expect(seen).toEqual(['Sheet1:=1+1', 'Sheet1:=TODAY()']);
  });
  it('refuses what the evaluate hook returns when no cell can hold it', () => {
    const { sheet } = setup({ evaluate: () => ({ x: 1 }) });
    sheet.getRange('A1').setValue('=X()');
    expect(() => sheet.getRange('A1').getValues()).toThrow(/fake evaluate: Object is not a value a cell can hold/);
  });
  it('refuses values other than string, number, boolean, Date and null', () => {
    const { sheet } = setup();
    const a1 = sheet.getRange('A1');
    for (const bad of [undefined, {}, [1], () => 1]) expect(() => a1.setValues([[bad]])).toThrow(/don't match the method signature/);
    expect(() => a1.setValues([[NaN]])).toThrow(/NaN is not a value/);
    expect(() => a1.setValues([[Infinity]])).toThrow(/Infinity is not a value/);
    expect(() => a1.setValues([[new Date('nope')]])).toThrow(/invalid Date/);
    expect(() => a1.setValue(undefined)).toThrow(/signature/);
  });
  it('clears a range\'s contents and formats but not its notes', () => {
    const { fake, sheet } = setup({ sheets: [{ name: 'S', values: [['a', 'b']] }] });
    sheet.getRange('A1').setNotes([['keep']]).setFontWeight('bold');
    sheet.getRange('A1').clear();
    expect(fake.spreadsheet.cell('S', 'A1')).toMatchObject({ value: '', fontWeight: null, note: 'keep' });
    expect(fake.spreadsheet.cell('S', 'B1').value).toBe('b');
  });
});

describe('setValues reads strings as typed input', () => {
  /** Writes one value and returns what getValues, getFormulas and the cell's number format then say. */
  function typed(value: unknown, options?: FakeSheetsOptions) {
    const { fake, sheet } = setup(options);
    sheet.getRange('A1').setValues([[value]]);
    const r = sheet.getRange('A1');
    return { value: r.getValues()[0][0], formula: r.getFormulas()[0][0], numberFormat: fake.spreadsheet.cell('Sheet1', 'A1').numberFormat };
  }
  it('turns "=…" into a formula', () => {
    expect(typed('=SUM(A2:A9)')).toEqual({ value: '', formula: '=SUM(A2:A9)', numberFormat: null });
  });
  it('stores the text after a leading apostrophe', () => {
    expect(typed("'007").value).toBe('007');
    expect(typed("'=A1")).toMatchObject({ value: '=A1', formula: '' });
    expect(typed("'2024-03").value).toBe('2024-03');
  });
  it('turns "+text" and "-text" that are not numbers into a formula that shows #ERROR!', () => {
    expect(typed('-n/a')).toEqual({ value: '#ERROR!', formula: '=-n/a', numberFormat: null });
    expect(typed('+1 (555) 010-9999')).toMatchObject({ value: '#ERROR!', formula: '=+1 (555) 010-9999' });
    expect(typed('-').value).toBe('-');
  });
  it('turns numeric strings into numbers, losing the tail of long digit strings', () => {
    expect(typed('007').value).toBe(7);
    expect(typed('1.5').value).toBe(1.5);
    expect(typed('-2').value).toBe(-2);
    expect(typed('+3').value).toBe(3);
    expect(typed(' 42 ').value).toBe(42);
    expect(typed('1e3').value).toBe(1000);
    expect(typed('1,234,567.5').value).toBe(1234567.5);
    expect(typed('12345678901234567890').value).toBe(12345678901234567890);
    expect(String(typed('12345678901234567890').value)).not.toBe('12345678901234567890');
    expect(typed('1.1%').value).toBe(0.011);
  });
  it('reads numbers in the spreadsheet locale\'s notation', () => {
    expect(typed('1,5', { locale: 'ru_RU' }).value).toBe(1.5);
    expect(typed('1 234,5', { locale: 'ru_RU' }).value).toBe(1234.5);
    expect(typed('1.234,5', { locale: 'de_DE' }).value).toBe(1234.5);
  });
  it('turns percents into fractions with a percent format', () => {
    expect(typed('15%')).toMatchObject({ value: 0.15, numberFormat: '0%' });
    expect(typed('12.5%')).toMatchObject({ value: 0.125, numberFormat: '0.00%' });
  });
  it('turns TRUE and FALSE in any case into booleans', () => {
    expect(typed('true').value).toBe(true);
    expect(typed('FALSE').value).toBe(false);
  });
  it('turns ISO and locale dates into Dates at midnight in the spreadsheet\'s time zone', () => {
    expect(typed('2024-03-01', { timeZone: 'Europe/Moscow' })).toMatchObject({ value: new Date('2024-02-29T21:00:00Z'), numberFormat: 'yyyy-mm-dd' });
    expect(typed('2024-03-01 13:30').value).toEqual(utc(2024, 3, 1, 13, 30));
    expect(typed('3/15/2024').value).toEqual(utc(2024, 3, 15));
    expect(typed('15/03/2024', { locale: 'en_GB' }).value).toEqual(utc(2024, 3, 15));
    expect(typed('15.03.2024', { locale: 'ru_RU', timeZone: 'America/New_York' }).value).toEqual(new Date('2024-03-15T04:00:00Z'));
  });
  it('throws on strings Sheets may read as dates, times or numbers by rules the fake does not model', () => {
    for (const s of ['2024-03', '1/2', '15.03.2024', '13:45', '$5', '1,2', 'Mar 2024', '2024-02-30']) {
      expect(() => typed(s), s).toThrow(/is not modelled .*write "'/);
    }
  });
  it('keeps other strings, numbers, booleans, Dates and \'\' as they are; null blanks the cell', () => {
    expect(typed('Acme, Inc.').value).toBe('Acme, Inc.');
    expect(typed('Q1 2024').value).toBe('Q1 2024');
    expect(typed(0.1 + 0.2).value).toBe(0.1 + 0.2);
    expect(typed(false).value).toBe(false);
    expect(typed(utc(2024, 1, 1, 9)).value).toEqual(utc(2024, 1, 1, 9));
    expect(typed('').value).toBe('');
    expect(typed(null).value).toBe('');
  });
  it('applies the same reading to setValue and non-formula setFormulas', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setValue('007');
    sheet.getRange('A2').setFormulas([['2024-01-31']]);
    expect(sheet.getRange('A1:A2').getValues()).toEqual([[7], [utc(2024, 1, 31)]]);
  });
  it('refuses more than 50 000 characters in a cell', () => {
    expect(() => typed('x'.repeat(50_001))).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
    expect(typed('x'.repeat(50_000)).value).toHaveLength(50_000);
  });
  it('stores initial sheet values as they are, not as typed input', () => {
    const { sheet } = setup({ sheets: [{ name: 'S', values: [['007', '2024-03', '-x']] }] });
    expect(sheet.getRange('A1:C1').getValues()).toEqual([['007', '2024-03', '-x']]);
  });
});

describe('getDisplayValues', () => {
  /** What one value shows under one number format. */
  function shown(value: unknown, format: string | null, options?: FakeSheetsOptions): string {
    const { sheet } = setup(options);
    const r = sheet.getRange('A1');
    r.setValues([[value]]);
    if (format !== null) r.setNumberFormat(format);
    return r.getDisplayValues()[0][0];
  }
  it('shows unformatted numbers with up to 10 significant digits', () => {
    expect(shown(123, null)).toBe('123');
    expect(shown(1 / 3, null)).toBe('0.3333333333');
    expect(shown(100 / 3, null)).toBe('33.33333333');
    expect(shown(0.1 + 0.2, null)).toBe('0.3');
    expect(shown(1e20, null)).toBe('1.00E+20');
    expect(shown(1.5, null, { locale: 'ru_RU' })).toBe('1,5');
  });
  it('shows booleans, text and blanks as Sheets does', () => {
    const { sheet } = setup({ sheets: [{ name: 'S', values: [[true, false, 'x', null]] }] });
    expect(sheet.getRange('A1:D1').getDisplayValues()).toEqual([['TRUE', 'FALSE', 'x', '']]);
  });
  it('applies number formats: decimals, grouping, percent, literals and sections', () => {
    expect(shown(1234.567, '#,##0.00')).toBe('1,234.57');
    expect(shown(1234.5, '#,##0')).toBe('1,235');
    expect(shown(0.1234, '0.0%')).toBe('12.3%');
    expect(shown(0.5, '0%')).toBe('50%');
    expect(shown(7, '000')).toBe('007');
    expect(shown(2.5, '0.##')).toBe('2.5');
    expect(shown(-5, '$#,##0')).toBe('-$5');
    expect(shown(-5, '#,##0;(#,##0)')).toBe('(5)');
    expect(shown(0, '0;-0;"none"')).toBe('none');
    expect(shown(1500, '#,##0 "₽"')).toBe('1,500 ₽');
    expect(shown(1500, '[$€]#,##0.00')).toBe('€1,500.00');
    expect(shown(1234.5, '#,##0.00', { locale: 'ru_RU' })).toBe('1\u00a0234,50');
    expect(shown(1234.5, '#,##0.00', { locale: 'de_DE' })).toBe('1.234,50');
  });
  it('shows dates in the spreadsheet\'s time zone, unformatted in the locale\'s way', () => {
    expect(shown(utc(2024, 1, 15), null)).toBe('1/15/2024');
    expect(shown(utc(2024, 1, 15, 13, 45), null)).toBe('1/15/2024 13:45:00');
    expect(shown(utc(2024, 1, 15), null, { locale: 'ru_RU' })).toBe('15.01.2024');
    // Midnight in Moscow is 21:00 UTC the day before.
    expect(shown(new Date('2024-02-29T21:00:00Z'), null, { timeZone: 'Europe/Moscow' })).toBe('3/1/2024');
  });
  it('applies date formats, telling months from minutes by context', () => {
    const at = utc(2024, 3, 5, 14, 7, );
    expect(shown(at, 'yyyy-mm-dd')).toBe('2024-03-05');
    expect(shown(at, 'yyyy-MM-dd HH:mm')).toBe('2024-03-05 14:07');
    expect(shown(at, 'h:mm AM/PM')).toBe('2:07 PM');
    expect(shown(at, 'mmm yyyy')).toBe('Mar 2024');
    expect(shown(at, 'mmmm d, yyyy')).toBe('March 5, 2024');
    expect(shown(at, 'ddd dd.mm.yy')).toBe('Tue 05.03.24');
  });
  it('converts between dates and serial numbers when the format asks for the other', () => {
    expect(shown(45000, 'yyyy-mm-dd')).toBe('2023-03-15');
    expect(shown(utc(2023, 3, 15, 12), '0.00')).toBe('45000.50');
  });
  it('shows a formula cell\'s value, and #ERROR! for a bad one', () => {
    const { sheet } = setup({ evaluate: () => 0.256 });
    sheet.getRange('A1:B1').setValues([['=X()', '-x']]);
    sheet.getRange('A1').setNumberFormat('0.0%');
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['25.6%', '#ERROR!']]);
  });
  it('throws rather than guessing at formats it does not model', () => {
    expect(() => shown(1234, '0.00E+00')).toThrow(/scientific number format .* is not modelled/);
    expect(() => shown(5551234, '000-0000')).toThrow(/text inside the digits.* is not modelled/);
  });
});

describe('Range formatting', () => {
  it('records each 2-D format per cell', () => {
    const { fake, app, sheet } = setup();
    const r = sheet.getRange('A1:B1');
    r.setNumberFormats([['0.00', '@']])
      .setNotes([['why', null]])
      .setFontWeights([['bold', null]])
      .setFontColors([['#FF0000', null]])
      .setBackgrounds([['#abc', 'white']])
      .setFontSizes([[12, 10]])
      .setFontStyles([['italic', 'normal']])
      .setHorizontalAlignments([['right', 'center']])
      .setWrapStrategies([[app.WrapStrategy.WRAP, app.WrapStrategy.CLIP]]);
    expect(fake.spreadsheet.cell('Sheet1', 'A1')).toMatchObject({
      numberFormat: '0.00', note: 'why', fontWeight: 'bold', fontColor: '#ff0000', background: '#aabbcc',
      fontSize: 12, fontStyle: 'italic', horizontalAlignment: 'right', wrap: 'WRAP',
    });
    expect(fake.spreadsheet.cell('Sheet1', 'B1')).toMatchObject({
      numberFormat: '@', note: '', fontWeight: null, fontColor: null, background: '#ffffff',
      fontSize: 10, fontStyle: 'normal', horizontalAlignment: 'center', wrap: 'CLIP',
    });
  });
  it('sets one format on every cell, and null resets it', () => {
    const { fake, sheet } = setup();
    const r = sheet.getRange('A1:B2').setFontWeight('bold').setBackground('red').setNumberFormat('#,##0');
    expect(fake.spreadsheet.cell('Sheet1', 'B2')).toMatchObject({ fontWeight: 'bold', background: '#ff0000', numberFormat: '#,##0' });
    r.setFontWeight(null).setBackground(null).setNumberFormat('');
    expect(fake.spreadsheet.cells('Sheet1')).toEqual({});
  });
  it('refuses values outside each setter\'s domain', () => {
    const { sheet } = setup();
    const a1 = sheet.getRange('A1');
    expect(() => a1.setFontWeights([['heavy' as 'bold']])).toThrow(/Invalid argument: heavy/);
    expect(() => a1.setFontStyles([['oblique' as 'italic']])).toThrow(/Invalid argument: oblique/);
    expect(() => a1.setHorizontalAlignments([['justify' as 'left']])).toThrow(/Invalid argument: justify/);
    expect(() => a1.setFontSizes([[0]])).toThrow(/font size 0/);
    expect(() => a1.setFontSizes([[10.5]])).toThrow(/signature/);
    expect(() => call(a1, 'setWrapStrategies', [['WRAP']])).toThrow(/signature/);
    expect(() => call(a1, 'setNumberFormats', [[1]])).toThrow(/signature/);
    expect(() => call(a1, 'setNotes', [[1]])).toThrow(/signature/);
    expect(() => a1.setBackground('rgb(1,2,3)')).toThrow(/color "rgb\(1,2,3\)" is not one the fake knows/);
    expect(() => a1.setFontColors([['#12345']])).toThrow(/color/);
  });
  it('draws borders on a range\'s outer and inner edges, with color and style', () => {
    const { fake, app, sheet } = setup();
    sheet.getRange('A1:B2').setBorder(true, null, true, null, null, true, '#FF0000', app.BorderStyle.SOLID_MEDIUM);
    const cell = (a1: string) => fake.spreadsheet.cell('Sheet1', a1).border;
    expect(cell('A1')).toEqual({ top: 'SOLID_MEDIUM #ff0000', left: null, bottom: 'SOLID_MEDIUM #ff0000', right: null });
    expect(cell('B2')).toEqual({ top: 'SOLID_MEDIUM #ff0000', left: null, bottom: 'SOLID_MEDIUM #ff0000', right: null });
    sheet.getRange('A1:B2').setBorder(false, true, null, null, null, null);
    expect(cell('A1')).toEqual({ top: null, left: 'SOLID #000000', bottom: 'SOLID_MEDIUM #ff0000', right: null });
    expect(cell('B1').left).toBeNull();
  });
  it('refuses border arguments of the wrong kind or count', () => {
    const { sheet } = setup();
    const r = sheet.getRange('A1');
    expect(() => call(r, 'setBorder', true, true, true, true)).toThrow(/signature/);
    expect(() => call(r, 'setBorder', true, true, true, true, true, true, '#000000')).toThrow(/signature/);
    expect(() => call(r, 'setBorder', 'yes', true, true, true, true, true)).toThrow(/signature/);
    expect(() => call(r, 'setBorder', true, true, true, true, true, true, '#000000', 'SOLID')).toThrow(/signature/);
  });
  it('formats every range of a range list and activates its last range', () => {
    const { fake, app, sheet } = setup();
    sheet.getRangeList(['A1', 'C3:C4'])
      .setFontWeight('bold')
      .setBackground('#eeeeee')
      .setNumberFormat('0.0')
      .setBorder(true, true, true, true, null, null, null, app.BorderStyle.DOTTED)
      .activate();
    expect(Object.keys(fake.spreadsheet.cells('Sheet1'))).toEqual(['A1', 'C3', 'C4']);
    expect(fake.spreadsheet.cell('Sheet1', 'C4')).toMatchObject({ fontWeight: 'bold', background: '#eeeeee', numberFormat: '0.0' });
    expect(fake.spreadsheet.cell('Sheet1', 'A1').border.top).toBe('DOTTED #000000');
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'Sheet1', a1: 'C3:C4' });
  });
});

describe('merges', () => {
  it('merges a block, keeping only the top-left content, and lists it', () => {
    const { fake, sheet } = setup({ sheets: [{ name: 'S', values: [['title', 'x'], ['y', 'z']] }] });
    sheet.getRange('A1:B2').merge();
    expect(fake.spreadsheet.merges('S')).toEqual(['A1:B2']);
    expect(sheet.getRange('A1:B2').getValues()).toEqual([['title', ''], ['', '']]);
    expect(sheet.getRange('B2:C3').getMergedRanges().map((r) => r.getA1Notation())).toEqual(['A1:B2']);
  });
  it('allows a 1×1 merge, which does nothing', () => {
    const { fake, sheet } = setup();
    sheet.getRange('B2').merge();
    expect(fake.spreadsheet.merges('Sheet1')).toEqual([]);
  });
  it('refuses a merge overlapping a merge it does not cover, and absorbs merges it covers', () => {
    const { fake, sheet } = setup();
    sheet.getRange('A1:B1').merge();
    expect(() => sheet.getRange('B1:C1').merge()).toThrow('You must select all cells in a merged range to merge or unmerge them.');
    sheet.getRange('A1:C2').merge();
    expect(fake.spreadsheet.merges('Sheet1')).toEqual(['A1:C2']);
  });
  it('refuses to merge across the frozen rows', () => {
    const { sheet } = setup();
    sheet.setFrozenRows(1);
    expect(() => sheet.getRange('A1:A2').merge()).toThrow("You can't merge frozen and non-frozen rows.");
  });
  it('breaks apart merges wholly inside the range, refusing a partial one', () => {
    const { fake, sheet } = setup();
    sheet.getRange('A1:B2').merge();
    expect(() => sheet.getRange('A1:A2').breakApart()).toThrow('You must select all cells in a merged range to merge or unmerge them.');
    sheet.getRange('A1:D4').breakApart();
    expect(fake.spreadsheet.merges('Sheet1')).toEqual([]);
  });
});

describe('conditional format rules', () => {
  it('sets rules built by the builder and reads them back', () => {
    const { fake, app, sheet } = setup();
    const rule = app.newConditionalFormatRule()
      .whenFormulaSatisfied('=$B2<0')
      .setBackground('#F4CCCC')
      .setFontColor('#990000')
      .setRanges([sheet.getRange('A2:C10'), sheet.getRange('E2:E10')])
      .build();
    sheet.setConditionalFormatRules([rule]);
    expect(fake.spreadsheet.conditionalRules('Sheet1')).toEqual([{ formula: '=$B2<0', background: '#f4cccc', fontColor: '#990000', ranges: ['A2:C10', 'E2:E10'] }]);
    // The usual read-modify-write keeps existing rules.
    sheet.setConditionalFormatRules([...sheet.getConditionalFormatRules(), rule]);
    expect(fake.spreadsheet.conditionalRules('Sheet1')).toHaveLength(2);
    expect(fake.calls.get('ConditionalFormatRuleBuilder.build')).toBe(1);
  });
  it('refuses to build a rule without ranges or without a condition', () => {
    const { app, sheet } = setup();
    expect(() => app.newConditionalFormatRule().whenFormulaSatisfied('=A1').build()).toThrow(/no ranges/);
    expect(() => app.newConditionalFormatRule().setRanges([]).whenFormulaSatisfied('=A1').build()).toThrow(/no ranges/);
    expect(() => app.newConditionalFormatRule().setRanges([sheet.getRange('A1')]).setBackground('#ffffff').build()).toThrow(/no condition/);
    expect(() => app.newConditionalFormatRule().whenFormulaSatisfied('A1>0')).toThrow(/starts with "="/);
  });
  it('takes only the builder\'s rules, on this sheet\'s ranges', () => {
    const { app, ss, sheet } = setup();
    expect(() => call(sheet, 'setConditionalFormatRules', [{ formula: '=A1' }])).toThrow(/signature/);
    expect(() => call(app.newConditionalFormatRule(), 'setRanges', ['A1'])).toThrow(/signature/);
    const other = ss.insertSheet('Other');
    const rule = app.newConditionalFormatRule().whenFormulaSatisfied('=A1').setRanges([other.getRange('A1')]).build();
    expect(() => sheet.setConditionalFormatRules([rule])).toThrow(/ranges must be on sheet "Sheet1"/);
  });
});

describe('charts', () => {
  it('inserts a chart built by this sheet\'s builder and reports it', () => {
    const { fake, sheet } = setup();
    const ChartType = fake.globals.Charts.ChartType;
    const chart = sheet.newChart()
      .setChartType(ChartType.COLUMN)
      .addRange(sheet.getRange('A1:B13'))
      .setPosition(2, 5, 10, 0)
      .setOption('title', 'Sales by month')
      .setNumHeaders(1)
      .build();
    sheet.insertChart(chart);
    expect(fake.spreadsheet.charts('Sheet1')).toEqual([{
      type: 'COLUMN', ranges: ['A1:B13'], position: { row: 2, column: 5, offsetX: 10, offsetY: 0 },
      options: { title: 'Sales by month' }, numHeaders: 1,
    }]);
    expect(sheet.getCharts()).toHaveLength(1);
    expect(fake.calls.get('EmbeddedChartBuilder.addRange')).toBe(1);
  });
  it('names a range on another sheet with its sheet', () => {
    const { fake, ss, sheet } = setup();
    const data = ss.insertSheet("Q1 'deals'");
    sheet.insertChart(sheet.newChart().setChartType(fake.globals.Charts.ChartType.PIE).addRange(data.getRange('A1:B5')).build());
    expect(fake.spreadsheet.charts('Sheet1')[0].ranges).toEqual(["'Q1 ''deals'''!A1:B5"]);
  });
  it('refuses a chart with no ranges, no type, from another sheet, or inserted twice', () => {
    const { fake, ss, sheet } = setup();
    const { COLUMN } = fake.globals.Charts.ChartType;
    expect(() => sheet.insertChart(sheet.newChart().setChartType(COLUMN).build())).toThrow(/no data ranges/);
    expect(() => sheet.newChart().addRange(sheet.getRange('A1')).build()).toThrow(/no chart type/);
    const other = ss.insertSheet('Other');
    const foreign = other.newChart().setChartType(COLUMN).addRange(other.getRange('A1')).build();
    expect(() => sheet.insertChart(foreign)).toThrow(/another sheet's newChart/);
    const chart = sheet.newChart().setChartType(COLUMN).addRange(sheet.getRange('A1')).build();
    sheet.insertChart(chart);
    expect(() => sheet.insertChart(chart)).toThrow(/already inserted/);
    expect(() => call(sheet, 'insertChart', {})).toThrow(/signature/);
  });
  it('checks the builder\'s arguments', () => {
    const { sheet } = setup();
    const b = sheet.newChart();
    expect(() => call(b, 'setChartType', 'COLUMN')).toThrow(/signature/);
    expect(() => call(b, 'addRange', 'A1:B2')).toThrow(/signature/);
    expect(() => b.setPosition(0, 1, 0, 0)).toThrow(/outside the dimensions/);
    expect(() => b.setPosition(1, 1, -5, 0)).toThrow(/not negative/);
    expect(() => b.setNumHeaders(-1)).toThrow(/header rows/);
  });
});

describe('developer metadata', () => {
  it('keeps metadata on the spreadsheet and on sheets apart, with visibility', () => {
    const { fake, app, ss, sheet } = setup();
    ss.addDeveloperMetadata('settings', '{"version":1}');
    sheet.addDeveloperMetadata('summary', 'v1', app.DeveloperMetadataVisibility.PROJECT);
    expect(fake.spreadsheet.developerMetadata(null)).toEqual([{ key: 'settings', value: '{"version":1}', visibility: 'DOCUMENT' }]);
    expect(fake.spreadsheet.developerMetadata('Sheet1')).toEqual([{ key: 'summary', value: 'v1', visibility: 'PROJECT' }]);
    const [m] = ss.getDeveloperMetadata();
    expect([m.getKey(), m.getValue(), String(m.getVisibility())]).toEqual(['settings', '{"version":1}', 'DOCUMENT']);
    expect(sheet.getDeveloperMetadata()[0].getVisibility()).toBe(app.DeveloperMetadataVisibility.PROJECT);
  });
  it('updates and removes an entry; a removed entry throws', () => {
    const { fake, ss } = setup();
    ss.addDeveloperMetadata('k', 'a');
    const [m] = ss.getDeveloperMetadata();
    m.setValue('b');
    expect(fake.spreadsheet.developerMetadata(null)[0].value).toBe('b');
    m.remove();
    expect(ss.getDeveloperMetadata()).toEqual([]);
    expect(() => m.getValue()).toThrow(/has been removed/);
  });
  it('checks key, value and visibility', () => {
    const { ss } = setup();
    expect(() => ss.addDeveloperMetadata('', 'v')).toThrow(/key/);
    expect(() => ss.addDeveloperMetadata('k'.repeat(257), 'v')).toThrow(/key/);
    ss.addDeveloperMetadata('k'.repeat(256), 'v');
    expect(() => call(ss, 'addDeveloperMetadata', 'k', 5)).toThrow(/signature/);
    expect(() => call(ss, 'addDeveloperMetadata', 'k', 'v', 'PROJECT')).toThrow(/signature/);
    expect(() => call(ss, 'addDeveloperMetadata', 'k')).toThrow(/only the \(key, value\)/);
  });
  it('holds at most 30 000 characters of values per spreadsheet, sheets included', () => {
    const { ss, sheet } = setup();
    ss.addDeveloperMetadata('a', 'x'.repeat(20_000));
    sheet.addDeveloperMetadata('b', 'x'.repeat(10_000));
    expect(() => ss.addDeveloperMetadata('c', 'x')).toThrow(/limit of 30000 characters/);
    const [a] = ss.getDeveloperMetadata();
    expect(() => a.setValue('x'.repeat(20_001))).toThrow(/limit of 30000 characters/);
    a.setValue('x'.repeat(19_999));
    ss.addDeveloperMetadata('c', 'x');
  });
});

describe('a deleted sheet', () => {
  it('throws on any member of the sheet, its ranges, range lists, builders and metadata', () => {
    const { ss } = setup();
    const s = ss.insertSheet('Gone');
    const range = s.getRange('A1');
    const list = s.getRangeList(['A1']);
    const builder = s.newChart();
    s.addDeveloperMetadata('k', 'v');
    const [meta] = s.getDeveloperMetadata();
    ss.deleteSheet(s);
    for (const [obj, m] of [[s, 'getName'], [range, 'getValues'], [list, 'getRanges'], [builder, 'build'], [meta, 'getKey']] as [object, string][]) {
      expect(() => read(obj, m), m).toThrow('This sheet ("Gone") has been deleted.');
    }
  });
  it('cannot be passed to the spreadsheet, and takes its named ranges with it', () => {
    const { ss } = setup({ sheets: [{ name: 'A', values: [] }, { name: 'B', values: [] }], namedRanges: [{ name: 'b', sheet: 'B', a1: 'A1' }] });
    const b = ss.getSheetByName('B') as Sheet;
    const range = b.getRange('A1');
    const [n] = ss.getNamedRanges();
    ss.deleteSheet(b);
    expect(() => ss.deleteSheet(b)).toThrow(/has been deleted/);
    expect(() => ss.setActiveRange(range)).toThrow(/has been deleted/);
    expect(ss.getRangeByName('b')).toBeNull();
    expect(() => n.getRange()).toThrow(/was removed with its sheet/);
  });
});

describe('LockService', () => {
  it('acquires and releases the document lock', () => {
    const { fake } = setup();
    const lock = fake.globals.LockService.getDocumentLock();
    expect(lock.hasLock()).toBe(false);
    lock.waitLock(30_000);
    expect([lock.hasLock(), fake.spreadsheet.lockHeld()]).toEqual([true, true]);
    lock.releaseLock();
    expect(fake.spreadsheet.lockHeld()).toBe(false);
    expect(lock.tryLock(100)).toBe(true);
    expect(fake.calls.get('Lock.tryLock')).toBe(1);
  });
  it('times out when another process holds it', () => {
    const { fake } = setup({ lockBusy: true });
    const lock = fake.globals.LockService.getDocumentLock();
    expect(() => lock.waitLock(10_000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(lock.tryLock(10_000)).toBe(false);
    expect(lock.hasLock()).toBe(false);
  });
  it('checks the timeout', () => {
    const { fake } = setup();
    const lock = fake.globals.LockService.getDocumentLock();
    expect(() => call(lock, 'waitLock')).toThrow(/signature/);
    expect(() => lock.waitLock(-1)).toThrow(/negative timeout/);
  });
});

describe('HtmlService and the Ui', () => {
  const root = mkdtempSync(join(tmpdir(), 'fake-sheets-'));
  writeFileSync(join(root, 'Sidebar.html'), '<p>hi</p>');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads <name>.html from the html root, and throws when it is missing', () => {
    const { fake } = setup({ htmlRoot: root });
    const html = fake.globals.HtmlService;
    expect(html.createHtmlOutputFromFile('Sidebar').getContent()).toBe('<p>hi</p>');
    expect(html.createHtmlOutputFromFile('Sidebar.html').getContent()).toBe('<p>hi</p>');
    expect(() => html.createHtmlOutputFromFile('Nope')).toThrow('No HTML file named Nope was found.');
  });
  it('reads from the project\'s dist/ by default', () => {
    const { fake } = setup();
    expect(() => fake.globals.HtmlService.createHtmlOutputFromFile('NoSuchPage')).toThrow('No HTML file named NoSuchPage was found.');
  });
  it('shows sidebars and dialogs with their title and size, and records alerts', () => {
    const { fake, app } = setup({ htmlRoot: root });
    const html = fake.globals.HtmlService;
    const ui = app.getUi();
    ui.showSidebar(html.createHtmlOutputFromFile('Sidebar').setTitle('Sales KPI'));
    ui.showModalDialog(html.createHtmlOutput('<b>x</b>').setWidth(640).setHeight(480), 'Help');
    ui.alert('Done');
    expect(fake.ui.sidebars).toEqual([{ title: 'Sales KPI', html: '<p>hi</p>', width: null, height: null }]);
    expect(fake.ui.dialogs).toEqual([{ title: 'Help', html: '<b>x</b>', width: 640, height: 480 }]);
    expect(fake.ui.alerts).toEqual(['Done']);
  });
  it('refuses what is not an HtmlOutput, bad sizes and other alert forms', () => {
    const { fake, app } = setup();
    const ui = app.getUi();
    expect(() => call(ui, 'showSidebar', '<p>x</p>')).toThrow(/signature/);
    expect(() => fake.globals.HtmlService.createHtmlOutput('x').setWidth(0)).toThrow(/0 pixels/);
    expect(() => call(ui, 'alert', 'T', 'p', null)).toThrow(/only the alert\(prompt\) form/);
  });
  it('records the add-on menu with its items and separators, added once', () => {
    const { fake, app } = setup();
    app.getUi().createAddonMenu().addItem('Open', 'showSidebar').addSeparator().addItem('Help', 'showHelp').addToUi();
    expect(fake.ui.menus).toEqual([{ kind: 'addon', items: [{ caption: 'Open', functionName: 'showSidebar' }, 'separator', { caption: 'Help', functionName: 'showHelp' }], added: true }]);
    expect(() => call(app.getUi().createAddonMenu(), 'addItem', 'Open', () => 1)).toThrow(/signature/);
  });
});

describe('Session and Charts', () => {
  it('answers the user\'s locale and the script\'s time zone from the options', () => {
    expect(setup().fake.globals.Session.getActiveUserLocale()).toBe('en');
    const { fake } = setup({ userLocale: 'ru', scriptTimeZone: 'Europe/Moscow' });
    expect(fake.globals.Session.getActiveUserLocale()).toBe('ru');
    expect(fake.globals.Session.getScriptTimeZone()).toBe('Europe/Moscow');
  });
  it('has exactly the chart types the add-on uses', () => {
    const { fake } = setup();
    const types = fake.globals.Charts.ChartType;
    expect(['COLUMN', 'BAR', 'LINE', 'COMBO', 'PIE', 'AREA'].map((t) => String(read(types, t)))).toEqual(['COLUMN', 'BAR', 'LINE', 'COMBO', 'PIE', 'AREA']);
    expect(() => read(types, 'SCATTER')).toThrow(/SCATTER is not part of the fake/);
  });
});

describe('data validation and named ranges', () => {
  it('builds list and range rules and sets them on every cell of a range, reporting them by column run', () => {
    const { fake, app, ss, sheet } = setup({ sheets: [{ name: 'Deals', values: [['Status', 'Rep']] }, { name: 'Lists', values: [['Reps'], ['Anna']] }] });
    const lists = ss.getSheetByName('Lists') as Sheet;
    const status = app.newDataValidation().requireValueInList(['won', 'lost', 'open'], true).setAllowInvalid(false).setHelpText('Pick one').build();
    sheet.getRange('A2:A').setDataValidation(status);
    sheet.getRange('B2:B10').setDataValidation(app.newDataValidation().requireValueInRange(lists.getRange('A2:A')).build());
    expect(fake.spreadsheet.dataValidations('Deals')).toEqual([
      { ranges: ['A2:A1000'], criteria: 'VALUE_IN_LIST', values: ['won', 'lost', 'open'], source: null, showDropdown: true, allowInvalid: false, helpText: 'Pick one' },
      { ranges: ['B2:B10'], criteria: 'VALUE_IN_RANGE', values: null, source: "'Lists'!A2:A1000", showDropdown: true, allowInvalid: true, helpText: null },
    ]);
    expect(fake.spreadsheet.dataValidations('Lists')).toEqual([]);
    expect(fake.calls.get('Range.setDataValidation')).toBe(2);
    expect(fake.calls.get('DataValidationBuilder.requireValueInList')).toBe(1);
  });
  it('reads a cell\'s rule back, null where there is none; null removes a rule', () => {
    const { app, sheet, fake } = setup();
    sheet.getRange('C3:C4').setDataValidation(app.newDataValidation().requireValueInList(['a', 'b'], false).build());
    const rule = sheet.getRange('C4').getDataValidation() as GoogleAppsScript.Spreadsheet.DataValidation;
    expect(String(rule.getCriteriaType())).toBe('VALUE_IN_LIST');
    expect(rule.getCriteriaValues()).toEqual([['a', 'b'], false]);
    expect(rule.getAllowInvalid()).toBe(true);
    expect(rule.getHelpText()).toBeNull();
    expect(sheet.getRange('C2').getDataValidation()).toBeNull();
    // A rule read back can be set elsewhere.
    sheet.getRange('D1').setDataValidation(rule);
    sheet.getRange('C3').setDataValidation(null);
    expect(fake.spreadsheet.dataValidations('Sheet1').map((v) => v.ranges)).toEqual([['C4', 'D1']]);
  });
  it('refuses a builder without criteria, bad lists, bad flags and anything but a built rule', () => {
    const { app, sheet } = setup();
    expect(() => app.newDataValidation().build()).toThrow(/no criteria/);
    expect(() => call(app.newDataValidation(), 'requireValueInList', [])).toThrow(/an empty list/);
    expect(() => call(app.newDataValidation(), 'requireValueInList', ['a', 1])).toThrow(/signature/);
    expect(() => call(app.newDataValidation(), 'requireValueInList', 'a,b')).toThrow(/signature/);
    expect(() => call(app.newDataValidation(), 'requireValueInList', ['a'], 'yes')).toThrow(/signature/);
    expect(() => call(app.newDataValidation(), 'requireValueInRange', 'A1:A5')).toThrow(/signature/);
    expect(() => call(app.newDataValidation(), 'setAllowInvalid', 0)).toThrow(/signature/);
    expect(() => call(sheet.getRange('A1'), 'setDataValidation', app.newDataValidation().requireValueInList(['a']))).toThrow(/signature/);
    expect(() => call(sheet.getRange('A1'), 'setDataValidation', { criteria: 'VALUE_IN_LIST' })).toThrow(/signature/);
    expect(() => read(app.newDataValidation(), 'requireNumberBetween')).toThrow(/requireNumberBetween is not part of the fake/);
  });
  it('moves rules, and a range rule\'s source, with inserted rows; Range.clear() leaves them', () => {
    const { app, ss, sheet, fake } = setup({ sheets: [{ name: 'Deals', values: [['Rep']] }, { name: 'Lists', values: [['Reps']] }] });
    const lists = ss.getSheetByName('Lists') as Sheet;
    sheet.getRange('A2:A3').setDataValidation(app.newDataValidation().requireValueInRange(lists.getRange('A2:A5')).build());
    sheet.insertRowsAfter(1, 2);
    lists.insertRowsAfter(1, 1);
    sheet.getRange('A4:A5').clear();
    expect(fake.spreadsheet.dataValidations('Deals')).toMatchObject([{ ranges: ['A4:A5'], source: "'Lists'!A3:A6" }]);
  });
  it('names a range; a name in use (in any case) or an invalid name throws', () => {
    const { ss, sheet, fake } = setup({ namedRanges: [{ name: 'Plan', sheet: 'Sheet1', a1: 'A1:C5' }] });
    ss.setNamedRange('Deals', sheet.getRange('A:M'));
    ss.setNamedRange('Сделки_2', sheet.getRange('A1:B2'));
    expect(fake.spreadsheet.namedRanges()).toEqual([
      { name: 'Plan', sheet: 'Sheet1', a1: 'A1:C5' },
      { name: 'Deals', sheet: 'Sheet1', a1: 'A1:M1000' },
      { name: 'Сделки_2', sheet: 'Sheet1', a1: 'A1:B2' },
    ]);
    expect(ss.getRangeByName('Deals')?.getA1Notation()).toBe('A1:M1000');
    expect(() => ss.setNamedRange('deals', sheet.getRange('A1'))).toThrow('fake SpreadsheetApp.Spreadsheet.setNamedRange: a named range "deals" already exists');
    for (const bad of ['Deals (2)', '2Deals', 'A1', 'xfd12', 'R1C1', 'R', 'c', 'TRUE', 'my name', '', 'x'.repeat(251)]) {
      expect(() => ss.setNamedRange(bad, sheet.getRange('A1')), bad).toThrow(/is not a valid range name/);
    }
    expect(() => call(ss, 'setNamedRange', 'Ok', 'A1:B2')).toThrow(/signature/);
    expect(fake.calls.get('Spreadsheet.setNamedRange')).toBe(2 + 1 + 11 + 1);
  });
  it('rows inserted within a named range grow it (an open range is kept bounded: see the simplifications)', () => {
    const { ss, sheet, fake } = setup();
    ss.setNamedRange('Deals', sheet.getRange('A:M'));
    sheet.insertRowsAfter(500, 500);
    expect(fake.spreadsheet.namedRanges()).toEqual([{ name: 'Deals', sheet: 'Sheet1', a1: 'A1:M1500' }]);
  });
});
