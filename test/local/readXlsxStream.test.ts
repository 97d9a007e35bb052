/**
 * The streaming XLSX reader (big files) against the in-memory one (small files): the same workbook read both ways
 * gives the same grid, header row, sheet and warnings.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { COL, DEAL_HEADER, generateDeals } from '../../bench/generate';
import { readXlsxTable, type ReadXlsxOptions } from '../../src/local/readXlsx';
import { STREAM_XLSX_BYTES, readXlsxTableStreaming, streamsXlsx } from '../../src/local/readXlsxStream';
import { d } from '../helpers';
import { tempDir } from './tempDir';

/** Saves a workbook built by `build` (ExcelJS's in-memory writer) and returns its path. */
async function workbookFile(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = `${tempDir('xlsx-stream-')}/deals.xlsx`;
  await wb.xlsx.writeFile(path);
  return path;
}

/** The file read by both paths; the streaming result, once it is known to equal the in-memory one. */
async function bothWays(path: string, options: ReadXlsxOptions = {}) {
  const streamed = await readXlsxTable(path, { ...options, streaming: true });
  const loaded = await readXlsxTable(path, { ...options, streaming: false });
  expect(streamed).toEqual(loaded);
  return streamed;
}

/**
 * `rows` generated deals (bench/generate.ts) under a title, a blank row and the header, written row by row with
 * ExcelJS's streaming writer: customers and reps in Cyrillic (two bytes a letter in UTF-8, so some are split
 * between two chunks of the XML), dates as date-formatted serials.
 */
async function generatedFile(rows: number, useSharedStrings: boolean): Promise<string> {
  const path = `${tempDir('xlsx-stream-')}/big.xlsx`;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings, useStyles: true });
  const ws = writer.addWorksheet('Сделки');
  const date = { numFmt: 'yyyy-mm-dd' };
  ws.addRow(['Выгрузка сделок из CRM']).commit();
  ws.addRow([]).commit();
  ws.addRow([...DEAL_HEADER]).commit();
  for (const deal of generateDeals({ rows, seed: 11 }).slice(1)) {
    deal[COL.customer] = `Клиент «${String(deal[COL.customer]).slice(-6)}» ёлка`;
    deal[COL.rep] = `Менеджер ${String(deal[COL.rep]).split(' ')[0]}`;
    const row = ws.addRow(deal);
    for (const c of [COL.created, COL.qualified, COL.closed]) if (deal[c] instanceof Date) row.getCell(c + 1).style = date;
    row.commit();
  }
  ws.commit();
  await writer.commit();
  return path;
}

describe('streamsXlsx', () => {
  it('streams files above 5 MB and loads the others whole', () => {
    expect(STREAM_XLSX_BYTES).toBe(5_000_000);
    expect(streamsXlsx(0)).toBe(false);
    expect(streamsXlsx(1_500_000)).toBe(false);
    expect(streamsXlsx(STREAM_XLSX_BYTES)).toBe(false);
    expect(streamsXlsx(STREAM_XLSX_BYTES + 1)).toBe(true);
    expect(streamsXlsx(80_000_000)).toBe(true);
  });
});

describe('readXlsxTableStreaming', () => {
  it('reads a generated 20 000-row deal table exactly as the in-memory reader does', async () => {
    const path = await generatedFile(20_000, true);
    const table = await bothWays(path);
    expect(table.sheetName).toBe('Сделки');
    expect(table.headerRow).toBe(3);
    expect(table.values.length).toBe(20_001);
    expect(table.values[0]).toEqual([...DEAL_HEADER]);
    expect(table.warnings).toEqual(['Сделки: the header is row 3; 1 non-blank row(s) above it (a title?) were not read']);
    expect(table.values[1][COL.created]).toBeInstanceOf(Date);
    expect(table.values.flat().some((v) => typeof v === 'string' && v.includes('\uFFFD'))).toBe(false);
    expect(table.values.filter((r) => String(r[COL.customer]).endsWith('» ёлка')).length).toBe(20_000);
  });

  it('reads text written in the cells (no shared strings table) the same way', async () => {
    await bothWays(await generatedFile(2_000, false));
  });

  it('reports its rows as it goes only past PROGRESS_ROWS', async () => {
    const path = await generatedFile(600, true);
    const seen: number[] = [];
    const table = await readXlsxTableStreaming(path, { onRows: (n) => seen.push(n) });
    expect(table.values.length).toBe(601);
    expect(seen).toEqual([]); // every PROGRESS_ROWS (250 000) rows
  });

  it('gives the awkward sheet the in-memory reader gets: merged header, formulas, rich text, errors, a blank row', async () => {
    const path = await workbookFile((wb) => {
      const ws = wb.addWorksheet('Deals');
      ws.getCell('A3').value = 'Closed';
      ws.getCell('B3').value = 'Amount';
      ws.mergeCells('B3:C3');
      ws.getCell('D3').value = { richText: [{ text: 'Sta', font: { bold: true } }, { text: 'tus' }] };
      ws.getCell('E3').value = 'Rep';
      ws.getCell('F3').value = 'Won';
      ws.getCell('G3').value = 'Qualified';
      ws.getRow(4).values = [d('2024-03-01'), { formula: '60+40', result: 100 }, '', 'won', { text: 'Anna', hyperlink: 'mailto:anna@example.com' }, { formula: 'TRUE()', result: true }, d('2024-02-01')];
      ws.getRow(5).values = [d('2024-03-02'), { error: '#N/A' }, '', { richText: [{ text: 'w' }, { text: 'on', font: { italic: true } }] }, 'Boris', false, { formula: 'A5-30', result: d('2024-02-01') }];
      ws.getRow(7).values = [d('2024-03-03'), { formula: 'B4*2' }, '', 'lost', 'Anna', { formula: 'NA()', result: { error: '#N/A' } }, 'нет'];
      ws.getRow(8).values = [d('2024-03-04'), { formula: '1/0', result: { error: '#DIV/0!' } }, '', 'won', 'Boris', { formula: '"x"', result: 'x' }, ''];
      ws.getCell('G7').numFmt = 'dd.mm.yyyy';
      for (const c of ['A4', 'A5', 'A7', 'A8', 'G4', 'G5']) ws.getCell(c).numFmt = 'yyyy-mm-dd';
    });
    const table = await bothWays(path);
    expect(table.headerRow).toBe(3);
    expect(table.values[0]).toEqual(['Closed', 'Amount', '', 'Status', 'Rep', 'Won', 'Qualified']);
    expect(table.values[2]).toEqual([d('2024-03-02'), '#N/A', '', 'won', 'Boris', false, d('2024-02-01')]);
    expect(table.values[4][1]).toBe('');
    expect(table.warnings).toHaveLength(1);
    expect(table.warnings[0]).toMatch(/^Deals!B7: the formula =B4\*2 has no saved result/);
  });

  it('reads shared formulas\' results, and names a slave\'s formula when it has none', async () => {
    const path = await workbookFile((wb) => {
      const ws = wb.addWorksheet('Deals');
      ws.addRow(['Closed', 'Amount', 'Cost']);
      ws.getCell('A2').value = d('2024-03-01');
      ws.getCell('B2').value = 10;
      ws.getCell('C2').value = { formula: 'B2/2', result: 5, shareType: 'shared', ref: 'C2:C4' } as ExcelJS.CellValue;
      ws.getCell('A3').value = d('2024-03-02');
      ws.getCell('B3').value = 20;
      ws.getCell('C3').value = { sharedFormula: 'C2', result: 10 } as ExcelJS.CellValue;
      ws.getCell('A4').value = d('2024-03-03');
      ws.getCell('B4').value = 30;
      ws.getCell('C4').value = { sharedFormula: 'C2' } as ExcelJS.CellValue;
    });
    const table = await bothWays(path);
    expect(table.values.map((r) => r[2])).toEqual(['Cost', 5, 10, '']);
    expect(table.warnings[0]).toMatch(/^Deals!C4: the formula =B4\/2 has no saved result/);
  });

  it('reads the dates of a workbook in the 1904 date system', async () => {
    const path = await workbookFile((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Deals');
      ws.addRow(['Closed', 'Amount']);
      ws.addRow([d('2024-03-15'), 5]);
    });
    expect((await bothWays(path)).values[1]).toEqual([d('2024-03-15'), 5]);
  });

  it('chooses the sheet the in-memory reader chooses', async () => {
    const picked = await workbookFile((wb) => {
      wb.addWorksheet('Notes').addRow(['Read me', 'first']);
      wb.addWorksheet('Lookup', { state: 'hidden' }).addRow(['Rep', 'Status']);
      wb.addWorksheet('Plan').addRow(['Month', 'Target']);
      const deals = wb.addWorksheet('Сделки');
      deals.addRow(['Дата закрытия', 'Сумма', 'Статус']);
      deals.addRow([d('2024-03-01'), 5, 'выиграна']);
      wb.addWorksheet('Archive').addRow(['Closed', 'Amount', 'Status']);
    });
    expect((await bothWays(picked)).sheetName).toBe('Сделки');
    expect((await bothWays(picked, { sheet: 'lookup' })).sheetName).toBe('Lookup');
    expect((await bothWays(picked, { sheet: 'Archive' })).values).toEqual([['Closed', 'Amount', 'Status']]);
    await expect(readXlsxTableStreaming(picked, { sheet: 'Q1' }))
      .rejects.toThrow(`${picked} has no sheet "Q1"; its sheets are: "Notes", "Lookup", "Plan", "Сделки", "Archive"`);

    const plain = await workbookFile((wb) => {
      wb.addWorksheet('One').addRow(['x', 'y']);
      wb.addWorksheet('Two').addRow(['Amount']);
    });
    expect((await bothWays(plain)).sheetName).toBe('One');
  });

  it('says which file is not a workbook', async () => {
    const path = `${tempDir('xlsx-stream-bad-')}/deals.xlsx`;
    writeFileSync(path, 'Closed,Amount\n');
    await expect(readXlsxTableStreaming(path)).rejects.toThrow(`cannot read ${path} as an XLSX workbook`);
  });
});
