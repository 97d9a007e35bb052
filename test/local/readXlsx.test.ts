import { readFileSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../src/engine/days';
import { readDeals } from '../../src/engine/read';
import { XLSX_TIME_ZONE, readXlsxTable } from '../../src/local/readXlsx';
import { d } from '../helpers';
import { tempDir } from './tempDir';

/** Saves a workbook built by `build` and returns its path. */
async function workbookFile(build: (wb: ExcelJS.Workbook) => void, name = 'deals.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = `${tempDir('xlsx-read-')}/${name}`;
  await wb.xlsx.writeFile(path);
  return path;
}

/**
 * The awkward deal sheet of the issue: two blank rows, then a header with a merged cell, formulas with and
 * without saved results, rich text, a hyperlink, error values, a blank row inside.
 */
function awkwardSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('Deals');
  ws.getCell('A3').value = 'Closed';
  ws.getCell('B3').value = 'Amount';
  ws.mergeCells('B3:C3');
  ws.getCell('D3').value = { richText: [{ text: 'Sta', font: { bold: true } }, { text: 'tus' }] };
  ws.getCell('E3').value = 'Rep';
  ws.addRow([]);
  ws.getRow(4).values = [d('2024-03-01'), { formula: '60+40', result: 100 }, '', 'won', { text: 'Anna', hyperlink: 'mailto:anna@example.com' }];
  ws.getRow(5).values = [d('2024-03-02'), { error: '#N/A' }, '', { richText: [{ text: 'w' }, { text: 'on', font: { italic: true } }] }, 'Boris'];
  // Row 6 stays blank.
  ws.getRow(7).values = [d('2024-03-03'), { formula: 'B4*2' }, '', 'lost', 'Anna'];
  ws.getRow(8).values = [d('2024-03-04'), { formula: '1/0', result: { error: '#DIV/0!' } }, '', 'won', 'Boris'];
}

describe('readXlsxTable', () => {
  it('reads the sheet the way getValues() would: values, dates, text; header after the blank rows', async () => {
    const path = await workbookFile(awkwardSheet);
    const { sheetName, headerRow, values } = await readXlsxTable(path);
    expect(sheetName).toBe('Deals');
    expect(headerRow).toBe(3);
    expect(values).toEqual([
      ['Closed', 'Amount', '', 'Status', 'Rep'], // merged B3:C3: the value in B, "" in C; rich text as plain text
      [d('2024-03-01'), 100, '', 'won', 'Anna'], // formula → its saved result; hyperlink → its text
      [d('2024-03-02'), '#N/A', '', 'won', 'Boris'], // error value → its text; rich text → plain text
      ['', '', '', '', ''], // the blank row stays a row
      [d('2024-03-03'), '', '', 'lost', 'Anna'], // a formula never calculated → ""
      [d('2024-03-04'), '#DIV/0!', '', 'won', 'Boris'], // a formula whose saved result is an error
    ]);
  });

  it('warns about a formula without a saved result, naming the cell and the formula', async () => {
    const { warnings } = await readXlsxTable(await workbookFile(awkwardSheet));
    expect(warnings).toEqual([
      'Deals!B7: the formula =B4*2 has no saved result (the file was saved without calculating it); read as blank. ' +
        'Open and save the file in Excel or LibreOffice to fill it.',
    ]);
  });

  it('gives the engine what it needs: header row for row numbers, error cells as row issues, UTC dates', async () => {
    const { values, headerRow } = await readXlsxTable(await workbookFile(awkwardSheet));
    const table = readDeals(values, { timeZone: XLSX_TIME_ZONE, headerRow, now: Date.UTC(2025, 0, 1) });
    // Rows 4, 5, 7, 8 are deals; row 6 is blank.
    expect(Array.from(table.rowNumbers)).toEqual([4, 5, 7, 8]);
    expect(table.blankRows).toBe(1);
    const amountIssues = table.issues.filter((i) => i.field === 'amount').map((i) => [i.row, i.value, i.reason]);
    expect(amountIssues).toEqual([
      [5, '#N/A', 'formula error #N/A'],
      [8, '#DIV/0!', 'formula error #DIV/0!'],
    ]);
    // A date cell holding 2024-03-01 is day 2024-03-01 read in UTC (a zone east of UTC would give Feb 29).
    expect(table.dates.closed[0]).toBe(dayFromCivil(2024, 3, 1));
  });

  it('takes the first sheet whose header names two deal columns, else the first sheet', async () => {
    const path = await workbookFile((wb) => {
      wb.addWorksheet('Notes').addRow(['Read me', 'first']);
      wb.addWorksheet('Plan').addRow(['Month', 'Target']);
      const deals = wb.addWorksheet('Сделки');
      deals.addRow(['Дата закрытия', 'Сумма', 'Статус']);
      deals.addRow([d('2024-03-01'), 5, 'выиграна']);
    });
    expect((await readXlsxTable(path)).sheetName).toBe('Сделки');
    const plain = await workbookFile((wb) => {
      wb.addWorksheet('One').addRow(['x', 'y']);
      wb.addWorksheet('Two').addRow(['Amount']);
    });
    expect((await readXlsxTable(plain)).sheetName).toBe('One');
  });

  it('passes over a hidden sheet unless it is named', async () => {
    const path = await workbookFile((wb) => {
      wb.addWorksheet('Lookup', { state: 'hidden' }).addRow(['Rep', 'Status']);
      wb.addWorksheet('Deals').addRow(['Closed', 'Amount']);
    });
    expect((await readXlsxTable(path)).sheetName).toBe('Deals');
    expect((await readXlsxTable(path, { sheet: 'Lookup' })).sheetName).toBe('Lookup');
  });

  it('reads the sheet it is told to (case-insensitively), and names the sheets when there is no such sheet', async () => {
    const path = await workbookFile((wb) => {
      wb.addWorksheet('Deals').addRow(['Closed', 'Amount']);
      wb.addWorksheet('Archive').addRow(['Closed', 'Amount', 'Status']);
    });
    expect((await readXlsxTable(path, { sheet: 'archive' })).values).toEqual([['Closed', 'Amount', 'Status']]);
    await expect(readXlsxTable(path, { sheet: 'Q1' })).rejects.toThrow(`${path} has no sheet "Q1"; its sheets are: "Deals", "Archive"`);
  });

  it('skips a title above the header, and says so', async () => {
    const path = await workbookFile((wb) => {
      const ws = wb.addWorksheet('Report');
      ws.getCell('A1').value = 'Sales, March 2024';
      ws.mergeCells('A1:C1');
      ws.getRow(3).values = ['Closed', 'Amount', 'Status'];
      ws.getRow(4).values = [d('2024-03-01'), 10, 'won'];
    });
    const { values, headerRow, warnings } = await readXlsxTable(path);
    expect(headerRow).toBe(3);
    expect(values).toEqual([['Closed', 'Amount', 'Status'], [d('2024-03-01'), 10, 'won']]);
    expect(warnings).toEqual(['Report: the header is row 3; 1 non-blank row(s) above it (a title?) were not read']);
  });

  it('drops trailing blank rows and columns, even formatted ones', async () => {
    const path = await workbookFile((wb) => {
      const ws = wb.addWorksheet('Deals');
      ws.addRow(['Closed', 'Amount']);
      ws.addRow([d('2024-03-01'), 1]);
      ws.getCell('F9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    });
    expect((await readXlsxTable(path)).values).toEqual([['Closed', 'Amount'], [d('2024-03-01'), 1]]);
  });

  it('keeps booleans and numbers as they are, and text that looks like a formula as text', async () => {
    const path = await workbookFile((wb) => {
      const ws = wb.addWorksheet('Deals');
      ws.addRow(['Qualified', 'Amount', 'Comment']);
      ws.addRow([true, 1234.5, '=not a formula']);
    });
    expect((await readXlsxTable(path)).values[1]).toEqual([true, 1234.5, '=not a formula']);
  });

  it('never modifies the input file', async () => {
    const path = await workbookFile(awkwardSheet);
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    await readXlsxTable(path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it('says which file is not a workbook', async () => {
    const path = `${tempDir('xlsx-bad-')}/deals.xlsx`;
    (await import('node:fs')).writeFileSync(path, 'Closed,Amount\n');
    await expect(readXlsxTable(path)).rejects.toThrow(`cannot read ${path} as an XLSX workbook`);
  });
});
