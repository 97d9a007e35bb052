import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { typedDealsSheet } from '../../src/engine/summary';
import { cellXml, columnName, dateSerial, deflatedSheet, rowXml, sheetDataPieces, xmlText } from '../../src/local/dealsSheetXml';
import { readXlsxTable } from '../../src/local/readXlsx';
import { writeWorkbook } from '../../src/local/writeXlsx';
import { d, table } from '../helpers';
import { fixtureLayout } from './layoutFixture';
import { tempDir } from './tempDir';

const STYLES = { header: 7, date: 8, headerDate: 9 };

describe('xmlText', () => {
  it('escapes & < > and keeps quotes, tabs, line feeds, Cyrillic and emoji as they are', () => {
    expect(xmlText('R&D <b> "x" \'y\'')).toBe('R&amp;D &lt;b&gt; "x" \'y\'');
    expect(xmlText('a\tb\nc Сделка 🚀')).toBe('a\tb\nc Сделка 🚀');
  });

  it('writes CR as a character reference, which a parser would otherwise turn into LF', () => {
    expect(xmlText('a\r\nb')).toBe('a&#13;\nb');
  });

  it('drops the characters XML 1.0 cannot hold, as ExcelJS does (C0 controls, DEL) and U+FFFE, U+FFFF', () => {
    expect(xmlText('a\u0000b\u0001c\u000Bd\u001Fe\u007Ff\uFFFEg\uFFFFh')).toBe('abcdefgh');
  });
});

describe('columnName and dateSerial', () => {
  it('names columns A … Z, AA … ZZ, AAA', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  it('gives the 1900-system serial: 1970-01-01 is 25569, 2024-03-15 is 25569 + 19797 days = 45366', () => {
    expect(dateSerial(d('1970-01-01'))).toBe(25569);
    expect(dateSerial(d('2024-03-15'))).toBe(45366);
  });
});

describe('cellXml', () => {
  it('writes numbers as <v>, booleans as t="b" and dates as serials with the date style', () => {
    expect(cellXml('B3', 100, 0, 8)).toBe('<c r="B3"><v>100</v></c>');
    expect(cellXml('B3', -0.25, 0, 8)).toBe('<c r="B3"><v>-0.25</v></c>');
    expect(cellXml('A8', true, 0, 8)).toBe('<c r="A8" t="b"><v>1</v></c>');
    expect(cellXml('A3', d('2024-03-15'), 0, 8)).toBe('<c r="A3" s="8"><v>45366</v></c>');
  });

  it('writes text as an inline string, so text that starts with = + - @ is never a formula', () => {
    expect(cellXml('A2', '=HYPERLINK("http://x")', 0, 8)).toBe('<c r="A2" t="inlineStr"><is><t>=HYPERLINK("http://x")</t></is></c>');
    expect(cellXml('A2', '+7 <999>', 7, 9)).toBe('<c r="A2" s="7" t="inlineStr"><is><t>+7 &lt;999&gt;</t></is></c>');
  });

  it('keeps spaces at the ends of a text', () => {
    expect(cellXml('C1', ' Anna ', 0, 8)).toBe('<c r="C1" t="inlineStr"><is><t xml:space="preserve"> Anna </t></is></c>');
  });

  it('writes no cell for a blank, "", a non-finite number or an invalid date', () => {
    for (const blank of [null, undefined, '', NaN, Infinity, new Date(NaN)]) expect(cellXml('A1', blank, 0, 8)).toBe('');
  });
});

describe('rowXml', () => {
  const columns = ['A', 'B', 'C'];

  it('styles the header row and each of its cells bold (a date there bold and a date)', () => {
    expect(rowXml(['Closed', d('2024-03-15')], 2, columns, STYLES, true)).toBe(
      '<row r="2" s="7" customFormat="1"><c r="A2" s="7" t="inlineStr"><is><t>Closed</t></is></c><c r="B2" s="9"><v>45366</v></c></row>',
    );
  });

  it('leaves a data row unstyled but its dates, skips its blank cells, and writes nothing for a blank row', () => {
    expect(rowXml([d('2024-03-15'), '', 'won'], 3, columns, STYLES, false)).toBe(
      '<row r="3"><c r="A3" s="8"><v>45366</v></c><c r="C3" t="inlineStr"><is><t>won</t></is></c></row>',
    );
    expect(rowXml(['', null], 4, columns, STYLES, false)).toBe('');
  });
});

describe('sheetDataPieces and deflatedSheet', () => {
  /** 60 000 rows of about 108 bytes of XML (a number and an inline string): 6.5 MB, batches of at most 2 MB. */
  const many = Array.from({ length: 60_000 }, (_, i) => (i === 0 ? ['N', 'Name'] : [i, `deal ${i}`]));

  it('cuts a grid into pieces of 200 rows between <sheetData> and </sheetData>', () => {
    const pieces = [...sheetDataPieces(many, 0, STYLES)];
    // 60 000 / 200 = 300 pieces of rows.
    expect(pieces.length).toBe(1 + 300 + 1);
    expect(pieces[0]).toBe('<sheetData>');
    expect(pieces[301]).toBe('</sheetData>');
    expect(pieces[2].startsWith('<row r="201">')).toBe(true);
  });

  it('deflates the part, batch by batch, into one valid stream whose size and CRC-32 are those of the whole text', async () => {
    const part = await deflatedSheet('<worksheet>', many, 0, STYLES, '</worksheet>');
    const text = `<worksheet>${[...sheetDataPieces(many, 0, STYLES)].join('')}</worksheet>`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * 2 * 1024 * 1024);
    const inflated = inflateRawSync(part.data);
    expect(inflated.toString('utf8')).toBe(text);
    expect(part.size).toBe(Buffer.byteLength(text));
    expect(part.crc32).toBe(crc32(inflated));
  });

  it('deflates a piece larger than a batch (a very long text) whole, between the batches around it', async () => {
    const long = 'Ж'.repeat(1_000_000);
    const grid = [['Note'], ['a'], [long], ['b']];
    const part = await deflatedSheet('<w>', grid, 0, STYLES, '</w>');
    expect(inflateRawSync(part.data).toString('utf8')).toBe(`<w>${[...sheetDataPieces(grid, 0, STYLES)].join('')}</w>`);
  });
});

describe('writeWorkbook: the deals copy written by hand', () => {
  /** A deal sheet with every kind of cell the typed copy holds, blank rows above the header and one inside. */
  const values: unknown[][] = [
    [],
    ['Deal ID', 'Closed', 'Amount', 'Status', 'Customer', 'Paid'],
    ['D1', d('2024-03-15'), 1500.5, 'won', 'ООО «Ромашка» & Co <main>', true],
    ['D2', d('2024-02-29'), -200, 'won', '=HYPERLINK("http://example.com")', false],
    ['D3', 'soon', 'n/a', 'lost', '+7 (999) 123-45-67', ''],
    ['', '', '', '', '', ''],
    ['D4', d('2024-01-01'), 0.1 + 0.2, 'open', ' two\r\nlines\tand a tab ', ''],
    ['D5', '', '', 'lost', '@acme 🚀', ''],
  ];

  async function written(): Promise<{ path: string; typed: unknown[][] }> {
    const typed = typedDealsSheet(table(values.slice(1)), values.slice(1));
    const path = `${tempDir('deals-xml-')}/live.xlsx`;
    await writeWorkbook(fixtureLayout(), { name: 'Deals', values: [[], ...typed] }, path);
    return { path, typed };
  }

  it('reads back through ExcelJS cell for cell as the typed copy: numbers, dates, text, booleans, blanks', async () => {
    const { path, typed } = await written();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['KPI summary', 'Deals']);
    const ws = wb.getWorksheet('Deals') as ExcelJS.Worksheet;
    typed.forEach((row, r) => {
      row.forEach((value, c) => {
        const cell = ws.getCell(r + 2, c + 1);
        expect(cell.value, cell.address).toEqual(value === '' ? null : value);
      });
    });
    // Text that looks like a formula is text: no formula in the file.
    expect(ws.getCell('E4').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('E4').formula).toBeUndefined();
    expect(ws.getCell('B3').numFmt).toBe('mm-dd-yy');
  });

  it('reads back through readXlsxTable as the typed copy, header on row 2', async () => {
    const { path, typed } = await written();
    const read = await readXlsxTable(path, { sheet: 'Deals' });
    expect(read.headerRow).toBe(2);
    expect(read.values).toEqual(typed);
    expect(read.warnings).toEqual([]);
  });

  it('makes the header row bold and frozen, and nothing else bold', async () => {
    const { path } = await written();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('Deals') as ExcelJS.Worksheet;
    expect(ws.getCell('A2').font).toMatchObject({ bold: true, name: 'Calibri' });
    expect(ws.getCell('F2').font).toMatchObject({ bold: true });
    expect(ws.getCell('A3').font?.bold).toBeFalsy();
    expect(ws.getCell('B3').font?.bold).toBeFalsy();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, topLeftCell: 'A3' });
  });

  it('stores the copy as inline strings beside the summary\'s shared strings, in a part every reader can open', async () => {
    const { path } = await written();
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheet = await (zip.file('xl/worksheets/sheet2.xml') as JSZip.JSZipObject).async('string');
    expect(sheet).toContain('<c r="E4" t="inlineStr"><is><t>=HYPERLINK("http://example.com")</t></is></c>');
    expect(sheet).not.toContain('<f>');
    // The stand-in's style samples are gone: row 1 is blank.
    expect(sheet).not.toContain('<row r="1"');
    expect(zip.file('xl/sharedStrings.xml')).not.toBeNull();
  });

  it('writes a deal sheet with no non-blank cell as an empty, unfrozen sheet', async () => {
    const path = `${tempDir('deals-xml-')}/empty.xlsx`;
    await writeWorkbook(fixtureLayout(), { name: 'Deals', values: [[], ['', null]] }, path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('Deals') as ExcelJS.Worksheet;
    expect(ws.rowCount).toBe(0);
    expect((ws.views ?? []).some((v) => v.state === 'frozen')).toBe(false);
  });
});
