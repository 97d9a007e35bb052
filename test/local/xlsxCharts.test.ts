import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { addCharts, columnLetters, findCharts, rangeRef } from '../../src/local/xlsxCharts';
import { writeLayoutSheet, writeWorkbook } from '../../src/local/writeXlsx';
import { DEALS, fixtureLayout } from './layoutFixture';
import { tempDir } from './tempDir';

async function written(): Promise<{ bytes: Buffer; zip: JSZip }> {
  const path = `${tempDir('xlsx-charts-')}/summary.xlsx`;
  await writeWorkbook(fixtureLayout(), DEALS, path);
  const bytes = readFileSync(path);
  return { bytes, zip: await JSZip.loadAsync(bytes) };
}

const text = (zip: JSZip, path: string): Promise<string> => (zip.file(path) as JSZip.JSZipObject).async('string');

describe('rangeRef', () => {
  it('writes absolute references on the quoted sheet name, doubling apostrophes', () => {
    expect(rangeRef('KPI summary', { row: 10, col: 0, lastRow: 11, lastCol: 0 })).toBe("'KPI summary'!$A$11:$A$12");
    expect(rangeRef("Rep's KPIs", { row: 0, col: 27, lastRow: 0, lastCol: 27 })).toBe("'Rep''s KPIs'!$AB$1");
  });

  it('names columns A … Z, AA … ZZ, AAA', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('addCharts', () => {
  it('adds one chart part per ChartSpec, on the summary sheet, with the layout\'s ranges', async () => {
    const { bytes } = await written();
    expect(await findCharts(bytes)).toEqual([
      {
        sheet: 'KPI summary',
        part: 'xl/charts/chart1.xml',
        title: 'Sales volume and deals won',
        series: [
          // categories: rows 10–11 of column 0 → A11:A12; values: columns 1 and 2 → B and C.
          { name: 'Sales volume', categories: "'KPI summary'!$A$11:$A$12", values: "'KPI summary'!$B$11:$B$12" },
          { name: 'Deals won', categories: "'KPI summary'!$A$11:$A$12", values: "'KPI summary'!$C$11:$C$12" },
        ],
      },
      {
        sheet: 'KPI summary',
        part: 'xl/charts/chart2.xml',
        title: "Sales by month (rep's view)",
        series: [{ name: 'Sales volume', categories: "'KPI summary'!$A$11:$A$12", values: "'KPI summary'!$B$11:$B$12" }],
      },
    ]);
  });

  it('caches the values and labels, so a client shows the chart before it recalculates', async () => {
    const { zip } = await written();
    const chart = await text(zip, 'xl/charts/chart1.xml');
    expect(chart).toContain('<c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>2024-02</c:v></c:pt><c:pt idx="1"><c:v>2024-03</c:v></c:pt></c:strCache>');
    expect(chart).toContain('<c:formatCode>#,##0 &quot;₽&quot;</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>100</c:v></c:pt><c:pt idx="1"><c:v>350</c:v></c:pt>');
  });

  it('draws a combo\'s column series as bars and its line series as a line on a secondary axis', async () => {
    const { zip } = await written();
    const chart = await text(zip, 'xl/charts/chart1.xml');
    const bar = chart.match(/<c:barChart>[\s\S]*<\/c:barChart>/)?.[0] ?? '';
    const line = chart.match(/<c:lineChart>[\s\S]*<\/c:lineChart>/)?.[0] ?? '';
    expect(bar).toContain('<c:barDir val="col"/>');
    expect(bar).toContain('Sales volume');
    expect(line).toContain('Deals won');
    expect(line).toContain('<c:axId val="500000003"/><c:axId val="500000004"/>');
    expect(chart).toMatch(/<c:valAx><c:axId val="500000004"\/>.*?<c:axPos val="r"\/>.*?<c:crosses val="max"\/>/);
  });

  it('draws horizontal bars top-down in the table\'s order, the value axis at the bottom', async () => {
    const { zip } = await written();
    const chart = await text(zip, 'xl/charts/chart2.xml');
    expect(chart).toContain('<c:barDir val="bar"/>');
    expect(chart).toMatch(/<c:catAx><c:axId val="500000001"\/><c:scaling><c:orientation val="maxMin"\/>.*?<c:axPos val="l"\/>/);
    expect(chart).toMatch(/<c:valAx><c:axId val="500000002"\/>.*?<c:axPos val="b"\/>.*?<c:crosses val="max"\/>/);
  });

  it('anchors each chart from its cell to where its pixel size reaches', async () => {
    const { zip } = await written();
    const drawing = await text(zip, 'xl/drawings/drawing1.xml');
    const anchors = drawing.match(/<xdr:twoCellAnchor[\s\S]*?<\/xdr:twoCellAnchor>/g) ?? [];
    expect(anchors).toHaveLength(2);
    // Chart 1 at G9 (col 6, row 8), 480 × 240 px. Columns from G are 64 px wide (the layout sets A–E only):
    // 480 = 7 × 64 + 32 → ends in column 6 + 7 = 13 at 32 px = 304 800 EMU; 240 = 12 rows of 20 px → row 20.
    expect(anchors[0]).toContain('<xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>');
    expect(anchors[0]).toContain('<xdr:to><xdr:col>13</xdr:col><xdr:colOff>304800</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>');
    expect(anchors[1]).toContain('r:id="rId2"');
  });

  it('wires the parts: content types, the drawing\'s and the sheet\'s relationships, <drawing> before <legacyDrawing>', async () => {
    const { zip } = await written();
    const types = await text(zip, '[Content_Types].xml');
    expect(types).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/charts/chart2.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');
    expect(await text(zip, 'xl/drawings/_rels/drawing1.xml.rels')).toContain('Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"');
    const sheet = await text(zip, 'xl/worksheets/sheet1.xml');
    const drawingId = /<drawing xmlns:r="[^"]+" r:id="(rId\d+)"\/>/.exec(sheet)?.[1];
    expect(await text(zip, 'xl/worksheets/_rels/sheet1.xml.rels')).toContain(
      `Id="${drawingId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"`,
    );
    // The notes' <legacyDrawing> must come after <drawing>, or Excel reports the file as damaged.
    expect(sheet.indexOf('<drawing ')).toBeGreaterThan(0);
    expect(sheet.indexOf('<drawing ')).toBeLessThan(sheet.indexOf('<legacyDrawing'));
  });

  it('numbers new parts after the existing ones, so a second sheet\'s charts never overwrite the first\'s', async () => {
    const wb = new ExcelJS.Workbook();
    writeLayoutSheet(wb, fixtureLayout({ name: 'North' }));
    writeLayoutSheet(wb, fixtureLayout({ name: 'South' }));
    let bytes: Uint8Array = new Uint8Array(await wb.xlsx.writeBuffer());
    bytes = await addCharts(bytes, 'North', fixtureLayout());
    bytes = await addCharts(bytes, 'South', fixtureLayout());
    const found = await findCharts(bytes);
    expect(found.map((c) => [c.sheet, c.part])).toEqual([
      ['North', 'xl/charts/chart1.xml'],
      ['North', 'xl/charts/chart2.xml'],
      ['South', 'xl/charts/chart3.xml'],
      ['South', 'xl/charts/chart4.xml'],
    ]);
    expect(found[2].series[0].values).toBe("'South'!$B$11:$B$12");
  });

  it('leaves a file without charts as it is', async () => {
    const wb = new ExcelJS.Workbook();
    writeLayoutSheet(wb, fixtureLayout({ charts: [] }));
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await addCharts(bytes, 'KPI summary', fixtureLayout({ charts: [] }))).toBe(bytes);
  });

  it('says when the sheet is not in the workbook', async () => {
    const wb = new ExcelJS.Workbook();
    writeLayoutSheet(wb, fixtureLayout());
    await expect(addCharts(new Uint8Array(await wb.xlsx.writeBuffer()), 'Other', fixtureLayout())).rejects.toThrow('the workbook has no sheet "Other"');
  });
});
