import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findCharts } from '../../src/local/xlsxCharts';
import { addSummaryToWorkbook, writeWorkbook } from '../../src/local/writeXlsx';
import { DEALS, fixtureLayout } from './layoutFixture';
import { convertWithRecalc, convertWithoutRecalc, requireOrSkip } from './libreoffice';
import { tempDir } from './tempDir';

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('LibreOffice harness', () => {
  it('recalculates on load: =2+3 saved with the wrong result 99 comes back as 5', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('lo-recalc-');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = { formula: '2+3', result: 99 } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(`${dir}/wrong.xlsx`);

    const recalculated = await load(await convertWithRecalc(`${dir}/wrong.xlsx`, 'xlsx', `${dir}/recalc`));
    expect(recalculated.worksheets[0].getCell('A1').result).toBe(5);
    // The control: LibreOffice's default keeps the saved 99, so the 5 above is LibreOffice's own arithmetic.
    const asSaved = await load(await convertWithoutRecalc(`${dir}/wrong.xlsx`, 'xlsx', `${dir}/as-saved`));
    expect(asSaved.worksheets[0].getCell('A1').result).toBe(99);
  });

  it('converts to CSV with the calculated values of the sheet asked for', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('lo-csv-');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('First').addRow(['a', { formula: '2*21' }]);
    wb.addWorksheet('Second').addRow(['b', { formula: '6*7', result: 0 }]);
    await wb.xlsx.writeFile(`${dir}/two.xlsx`);
    expect(readFileSync(await convertWithRecalc(`${dir}/two.xlsx`, 'csv', `${dir}/csv1`), 'utf8').trim()).toBe('a,42');
    expect(readFileSync(await convertWithRecalc(`${dir}/two.xlsx`, 'csv', `${dir}/csv2`, { sheet: 2 }), 'utf8').trim()).toBe('b,42');
  });
});

describe('LibreOffice opens the written summary', () => {
  it('reads the charts, keeping their series on the summary sheet\'s ranges', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('lo-summary-');
    await writeWorkbook(fixtureLayout(), DEALS, `${dir}/summary.xlsx`);
    const ours = await findCharts(readFileSync(`${dir}/summary.xlsx`));
    // LibreOffice writes a chart back only if it understood it: same titles, same series, same ranges.
    const theirs = await findCharts(readFileSync(await convertWithRecalc(`${dir}/summary.xlsx`, 'xlsx', `${dir}/lo`)));
    const shape = (charts: typeof ours): unknown => charts.map((c) => ({ sheet: c.sheet, title: c.title, series: c.series }));
    expect(theirs).toHaveLength(2);
    expect(shape(theirs)).toEqual(shape(ours));
  });

  it('calculates the live formulas, saved without results, to the layout\'s values', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('lo-formulas-');
    const layout = fixtureLayout();
    await writeWorkbook(layout, DEALS, `${dir}/summary.xlsx`);
    const ws = (await load(await convertWithRecalc(`${dir}/summary.xlsx`, 'xlsx', `${dir}/lo`))).getWorksheet('KPI summary') as ExcelJS.Worksheet;
    // March: 200 + 150 = 350 won, 2 deals, win rate 2 / 3; February: 100, 1 deal; change 350 / 100 − 1 = 2.5.
    layout.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell.f === undefined) return;
        expect(ws.getCell(r + 1, c + 1).result, `row ${r + 1} col ${c + 1}`).toBeCloseTo(cell.v as number, 9);
      }),
    );
    // Text that looks like a formula is still that text.
    expect(ws.getCell('A7').value).toBe('=SUM(A1:A2)');
  });

  it('opens a summary added to an existing workbook, charts and formulas included', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('lo-added-');
    const input = new ExcelJS.Workbook();
    const ws = input.addWorksheet('Deals');
    DEALS.values.forEach((row) => ws.addRow(row));
    await input.xlsx.writeFile(`${dir}/in.xlsx`);
    await addSummaryToWorkbook(`${dir}/in.xlsx`, fixtureLayout(), `${dir}/out.xlsx`);
    const converted = await convertWithRecalc(`${dir}/out.xlsx`, 'xlsx', `${dir}/lo`);
    expect((await findCharts(readFileSync(converted))).map((c) => c.sheet)).toEqual(['KPI summary', 'KPI summary']);
    // 200 + 150 won in March.
    expect((await load(converted)).getWorksheet('KPI summary')?.getCell('B4').result).toBe(350);
  });

  it('renders it to PDF', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('lo-pdf-');
    await writeWorkbook(fixtureLayout(), DEALS, `${dir}/summary.xlsx`);
    const pdf = readFileSync(await convertWithRecalc(`${dir}/summary.xlsx`, 'pdf', `${dir}/pdf`));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
