import { readFileSync, statSync, symlinkSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { SUMMARY_MARKER, type SheetLayout } from '../../src/engine/summary/layout';
import {
  addSummaryToWorkbook, hasMarker, noteText, pixelsToWidth, statusFill, widthToPixels, writeLayoutSheet, writeWorkbook,
} from '../../src/local/writeXlsx';
import { referenceDeals } from '../helpers';
import { customerDeals, PERIOD } from '../engine/summary/customerDeals';
import { blockOf, build, rowIn } from '../engine/summary/summaryHelpers';
import { DEALS, fixtureLayout } from './layoutFixture';
import { tempDir } from './tempDir';

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** ExcelJS reads a number with a date format as a Date; the file holds the serial: 45366 is 2024-03-15. */
function asSaved(value: ExcelJS.CellValue): ExcelJS.CellValue {
  return value instanceof Date ? value.getTime() / 86400000 + 25569 : value;
}

/** Writes the fixture into a new workbook with the deal sheet and reads the file back. */
async function roundTrip(layout: SheetLayout, options = {}): Promise<{ path: string; wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet }> {
  const path = `${tempDir('xlsx-write-')}/summary.xlsx`;
  await writeWorkbook(layout, DEALS, path, options);
  const wb = await load(path);
  return { path, wb, ws: wb.getWorksheet(layout.name) as ExcelJS.Worksheet };
}

describe('writeWorkbook round trip', () => {
  const layout = fixtureLayout();

  it('writes every value and formula of the layout where the layout puts it', async () => {
    const { ws } = await roundTrip(layout);
    layout.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const got = ws.getCell(r + 1, c + 1);
        if (cell.f !== undefined) {
          expect(got.formula, `${got.address}`).toBe(cell.f.slice(1));
          // No saved result by default: a client has to calculate it.
          expect(got.result, `${got.address}`).toBeUndefined();
        } else {
          expect(asSaved(got.value), `${got.address}`).toBe(cell.v ?? null);
        }
      });
    });
  });

  it('saves formulas with their expected results only when asked (cachedResults)', async () => {
    const { ws } = await roundTrip(layout, { cachedResults: true });
    expect(ws.getCell('B4').result).toBe(350);
    expect(ws.getCell('B5').result).toBe(2);
    expect(ws.getCell('B6').result).toBeCloseTo(2 / 3, 12);
  });

  it('writes number formats by name through layout.formats', async () => {
    const { ws } = await roundTrip(layout);
    layout.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell.fmt) expect(ws.getCell(r + 1, c + 1).numFmt, `row ${r + 1} col ${c + 1}`).toBe(layout.formats[cell.fmt]);
      });
    });
    expect(ws.getCell('B4').numFmt).toBe('#,##0 "₽"');
    expect(ws.getCell('B6').numFmt).toBe('0.0%');
  });

  it('keeps text that starts with =, +, - or @ as text, never a formula (§5)', async () => {
    const { path, ws } = await roundTrip(layout);
    expect(['A7', 'B7', 'C7', 'D7'].map((a) => ws.getCell(a).value)).toEqual(['=SUM(A1:A2)', '+7 (999) 123-45-67', '-not a number', '@mention']);
    expect(ws.getCell('A7').type).toBe(ExcelJS.ValueType.String);
    // In the file itself: shared strings, no <f> element.
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheetXml = await (zip.file('xl/worksheets/sheet1.xml') as JSZip.JSZipObject).async('string');
    expect(sheetXml).toMatch(/<c r="A7"[^>]* t="s"[^>]*><v>\d+<\/v><\/c>/);
    expect(sheetXml).not.toMatch(/<c r="A7"[^>]*><f>/);
  });

  it('merges the title cells and the section header', async () => {
    const { ws } = await roundTrip(layout);
    const merges = (ws.model as unknown as { merges: string[] }).merges.slice().sort();
    expect(merges).toEqual(['A1:E1', 'A2:E2', 'A9:C9']);
  });

  it('sets column widths from pixels (7 pixels per width unit of Calibri 11)', async () => {
    const { ws } = await roundTrip(layout);
    // 220 px → 220 / 7 = 31.43 characters; back: 31.43 × 7 = 220 px.
    expect(pixelsToWidth(220)).toBeCloseTo(31.43, 2);
    layout.columnWidths.forEach((px, i) => expect(widthToPixels(ws.getColumn(i + 1).width as number)).toBe(px));
  });

  it('freezes the layout\'s top rows', async () => {
    const { ws } = await roundTrip(layout);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 0 });
  });

  it('writes every note, and the marker after the note of A1', async () => {
    const { ws } = await roundTrip(layout);
    expect(noteText(ws.getCell('A1').note)).toBe(`Built from Deals, March 2024\n\n${SUMMARY_MARKER}`);
    expect(noteText(ws.getCell('D5').note)).toBe('a value, not a formula: the add-on computed it');
    expect(noteText(ws.getCell('A14').note)).toBe('skipped for money KPIs');
  });

  it('styles cells by role and colours statuses green, amber and red with dark text', async () => {
    const { ws } = await roundTrip(layout);
    const fill = (a: string): string | undefined => (ws.getCell(a).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(ws.getCell('A3').font).toMatchObject({ bold: true });
    expect(fill('B4')).toBe(statusFill('good'));
    expect(fill('B5')).toBe(statusFill('warn'));
    expect(fill('B6')).toBe(statusFill('bad'));
    expect([statusFill('good'), statusFill('warn'), statusFill('bad')]).toEqual(['FFC6EFCE', 'FFFFEB9C', 'FFFFC7CE']);
    expect(ws.getCell('B6').font?.color?.argb).toBe('FF9C0006');
    // A status does not change the number format.
    expect(ws.getCell('B6').numFmt).toBe('0.0%');
  });

  it('writes a rate\'s change with the points format and colours the trend marks (English and Russian)', async () => {
    // The reference deals, February → March: win rate 1 → 0.8 is −20 pp ▼ (red); deals lost 0 → 2 ▲ (red); deals won 5 → 8 ▲ (green).
    for (const [locale, unit] of [['en', 'pp'], ['ru', 'п.п.']] as const) {
      const summary = build(referenceDeals(), { locale });
      const { ws } = await roundTrip(summary);
      const at = (title: string, col: number): ExcelJS.Cell => ws.getCell(rowIn(summary, 'overview', title).index + 1, col);
      const winRate = locale === 'en' ? 'Win rate' : 'Доля выигранных сделок';
      expect(at(winRate, 4).value).toBeCloseTo(-20, 10);
      expect(at(winRate, 4).numFmt).toBe(`+0.0" ${unit}";-0.0" ${unit}";0.0" ${unit}"`);
      const mark = (title: string): unknown[] => {
        const cell = at(title, 5);
        return [cell.value, (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb, cell.font?.color?.argb];
      };
      expect(mark(winRate)).toEqual(['▼', 'FFFFC7CE', 'FF9C0006']);
      expect(mark(locale === 'en' ? 'Deals lost' : 'Проигранные сделки')).toEqual(['▲', 'FFFFC7CE', 'FF9C0006']);
      expect(mark(locale === 'en' ? 'Deals won' : 'Выигранные сделки')).toEqual(['▲', 'FFC6EFCE', 'FF006100']);
    }
  });

  it('puts the summary first and a copy of the deals after it, so live formulas find their data', async () => {
    const { wb } = await roundTrip(layout);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['KPI summary', 'Deals']);
    const deals = wb.getWorksheet('Deals') as ExcelJS.Worksheet;
    expect(deals.getCell('A2').value).toEqual(new Date('2024-02-10T00:00:00Z'));
    expect(deals.getCell('B4').value).toBe(200);
    expect(deals.getCell('C6').value).toBe('lost');
  });

  it('copies deal cells that look like formulas as text, and blanks as empty cells', async () => {
    const path = `${tempDir('xlsx-deals-')}/s.xlsx`;
    await writeWorkbook(layout, { name: 'Deals', values: [['Customer', 'Amount'], ['=HYPERLINK("http://x")', ''], ['@acme', 5]] }, path);
    const deals = (await load(path)).getWorksheet('Deals') as ExcelJS.Worksheet;
    expect(deals.getCell('A2').value).toBe('=HYPERLINK("http://x")');
    expect(deals.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(deals.getCell('B2').value).toBeNull();
    expect(deals.getCell('A3').value).toBe('@acme');
  });

  it('keeps the deal rows at their input row numbers when blank rows stand above the header', async () => {
    const path = `${tempDir('xlsx-deals-')}/s.xlsx`;
    await writeWorkbook(layout, { name: 'Deals', values: [[], [], ...DEALS.values] }, path);
    const deals = (await load(path)).getWorksheet('Deals') as ExcelJS.Worksheet;
    // Header on row 3, first deal on row 4: the rows the data-quality block names.
    expect(deals.getCell('A3').value).toBe('Closed');
    expect(deals.getCell('A3').font).toMatchObject({ bold: true });
    expect(deals.getCell('B4').value).toBe(100);
    expect(deals.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('asks a client to recalculate everything on opening', async () => {
    const { path } = await roundTrip(layout);
    const zip = await JSZip.loadAsync(readFileSync(path));
    expect(await (zip.file('xl/workbook.xml') as JSZip.JSZipObject).async('string')).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });

  it('refuses a deal sheet named like the summary', async () => {
    await expect(writeWorkbook(layout, { name: 'kpi summary', values: [] }, `${tempDir('x-')}/o.xlsx`)).rejects.toThrow(
      'the deal sheet cannot be called "kpi summary": that is the summary sheet\'s name',
    );
  });

  it('writes the customer-value block: its title, headers with their notes, and its numbers with their formats', async () => {
    const summary = build(customerDeals(), { period: PERIOD });
    const { ws } = await roundTrip(summary);
    const block = blockOf(summary, 'customerValue');
    expect(ws.getCell(block.firstRow + 1, 1).value).toBe('Customer value at 2024-06-30');
    expect([1, 2, 3, 4].map((c) => ws.getCell(block.firstRow + 2, c).value)).toEqual([
      'Source / campaign of the first purchase', 'Customers', 'Mean predicted CLV', 'Predicted CLV total',
    ]);
    expect(noteText(ws.getCell(block.firstRow + 2, 3).note)).toMatch(/^Predicted CLV: the gross margin/);
    const anna = rowIn(summary, 'customerValue', 'Anna');
    expect(ws.getCell(anna.index + 1, 2).value).toBe(11);
    expect(ws.getCell(anna.index + 1, 3).value).toBe(anna.cells[2].v);
    expect(ws.getCell(anna.index + 1, 3).numFmt).toBe('#,##0.00');
    const active = rowIn(summary, 'customerValue', 'Active (P ≥ 0.7)');
    expect(ws.getCell(active.index + 1, 3).numFmt).toBe('0.0%');
  });
});

describe('marker and replacement', () => {
  const layout = fixtureLayout({ charts: [] });

  it('does not touch a sheet of the user\'s with the summary\'s name: the summary goes to "KPI summary (2)"', () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('KPI summary').getCell('A1').value = 'my own notes';
    const written = writeLayoutSheet(wb, layout);
    expect(written).toMatchObject({ name: 'KPI summary (2)', replaced: false });
    expect(wb.getWorksheet('KPI summary')?.getCell('A1').value).toBe('my own notes');
  });

  it('does not take a user\'s note on A1 for the marker', () => {
    const wb = new ExcelJS.Workbook();
    const mine = wb.addWorksheet('KPI summary');
    mine.getCell('A1').value = 'x';
    mine.getCell('A1').note = 'my note about sales-kpi-addon';
    expect(hasMarker(mine, SUMMARY_MARKER)).toBe(false);
    expect(writeLayoutSheet(wb, layout).name).toBe('KPI summary (2)');
  });

  it('replaces an earlier summary in its place among the tabs', () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Deals');
    writeLayoutSheet(wb, layout);
    wb.addWorksheet('Plan');
    const again = writeLayoutSheet(wb, fixtureLayout({ charts: [], rows: [[{ v: 'Rebuilt', style: 'title' }]] }));
    expect(again).toMatchObject({ name: 'KPI summary', replaced: true });
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Deals', 'KPI summary', 'Plan']);
    expect(wb.getWorksheet('KPI summary')?.getCell('A1').value).toBe('Rebuilt');
  });

  it('replaces its own "(2)" next to the user\'s sheet on the next run, instead of piling up copies', () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('KPI summary').getCell('A1').value = 'mine';
    writeLayoutSheet(wb, layout);
    expect(writeLayoutSheet(wb, layout)).toMatchObject({ name: 'KPI summary (2)', replaced: true });
    expect(wb.worksheets.map((s) => s.name)).toEqual(['KPI summary', 'KPI summary (2)']);
  });

  it('keeps a marker that survives saving: a second run on the output replaces the summary', async () => {
    const dir = tempDir('xlsx-marker-');
    await writeWorkbook(layout, DEALS, `${dir}/one.xlsx`);
    const result = await addSummaryToWorkbook(`${dir}/one.xlsx`, layout, `${dir}/two.xlsx`);
    expect(result).toMatchObject({ sheetName: 'KPI summary', replaced: true });
    expect((await load(`${dir}/two.xlsx`)).worksheets.map((s) => s.name)).toEqual(['KPI summary', 'Deals']);
  });

  it('marks an empty A1 too (ExcelJS drops a note on a cell it does not write)', async () => {
    const path = `${tempDir('xlsx-empty-')}/s.xlsx`;
    await writeWorkbook(fixtureLayout({ charts: [], rows: [[], [{ v: 'x' }]], merges: [] }), undefined, path);
    expect(hasMarker((await load(path)).getWorksheet('KPI summary') as ExcelJS.Worksheet, SUMMARY_MARKER)).toBe(true);
  });

  it('keeps Excel\'s 31-character limit when it adds " (2)"', () => {
    const wb = new ExcelJS.Workbook();
    const long = 'Сводка KPI по продажам за квартал'; // 33 characters
    wb.addWorksheet(long.slice(0, 31));
    expect(writeLayoutSheet(wb, fixtureLayout({ name: long, charts: [] })).name).toBe('Сводка KPI по продажам за к (2)');
  });
});

describe('addSummaryToWorkbook', () => {
  const layout = fixtureLayout();

  async function input(): Promise<{ dir: string; path: string }> {
    const dir = tempDir('xlsx-add-');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Deals');
    DEALS.values.forEach((row) => ws.addRow(row));
    wb.addWorksheet('Notes').getCell('B2').value = 'keep me';
    await wb.xlsx.writeFile(`${dir}/in.xlsx`);
    return { dir, path: `${dir}/in.xlsx` };
  }

  it('writes a new file with the input\'s sheets and the summary, leaving the input\'s bytes unchanged', async () => {
    const { dir, path } = await input();
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const result = await addSummaryToWorkbook(path, layout, `${dir}/out.xlsx`);
    expect(result).toEqual({ sheetName: 'KPI summary', replaced: false, warnings: [] });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    const out = await load(`${dir}/out.xlsx`);
    expect(out.worksheets.map((s) => s.name)).toEqual(['Deals', 'Notes', 'KPI summary']);
    expect(out.getWorksheet('Notes')?.getCell('B2').value).toBe('keep me');
    expect(out.getWorksheet('KPI summary')?.getCell('B4').formula).toBe(layout.rows[3][1].f?.slice(1));
  });

  it('refuses to write over its input, by the same path or through a link', async () => {
    const { dir, path } = await input();
    await expect(addSummaryToWorkbook(path, layout, path)).rejects.toThrow(
      `the output file must differ from the input file (${path}): the input is never modified`,
    );
    await expect(addSummaryToWorkbook(path, layout, `${dir}/../${dir.split('/').pop()}/in.xlsx`)).rejects.toThrow(/must differ/);
    symlinkSync(path, `${dir}/link.xlsx`);
    await expect(addSummaryToWorkbook(path, layout, `${dir}/link.xlsx`)).rejects.toThrow(/must differ/);
  });

  it('says which parts of the input the copy loses: charts on other sheets, not the replaced summary\'s', async () => {
    const { dir } = await input();
    await writeWorkbook(fixtureLayout({ name: 'Dashboard' }), DEALS, `${dir}/with-charts.xlsx`);
    const other = await addSummaryToWorkbook(`${dir}/with-charts.xlsx`, layout, `${dir}/out2.xlsx`);
    expect(other.warnings).toEqual([
      'the input workbook\'s 2 chart(s) on "Dashboard" are not carried over to the copy (ExcelJS, the XLSX library, cannot keep them); the input file itself is unchanged',
    ]);
    await writeWorkbook(layout, DEALS, `${dir}/summary.xlsx`);
    const again = await addSummaryToWorkbook(`${dir}/summary.xlsx`, layout, `${dir}/out3.xlsx`);
    expect(again).toEqual({ sheetName: 'KPI summary', replaced: true, warnings: [] });
  });
});
