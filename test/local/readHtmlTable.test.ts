import { describe, expect, it } from 'vitest';
import { isHtml, readHtmlTable } from '../../src/local/readHtmlTable';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readHtmlTable (the "Excel" export that is an HTML table, Bitrix24)', () => {
  it('reads the header and data rows as text, entities decoded, white space collapsed', () => {
    const page = '<meta charset="utf-8"><table><tr><th>ID</th><th>Сумма</th><th>Компания</th></tr>' +
      '<tr><td>1</td><td>1&nbsp;234,50</td><td>Smith &amp; Sons</td></tr><tr><td>2</td><td> 10 </td></tr></table>';
    expect(readHtmlTable(bytes(page)).values).toEqual([['ID', 'Сумма', 'Компания'], ['1', '1 234,50', 'Smith & Sons'], ['2', '10', '']]);
  });
  it('decodes a page that declares windows-1251', () => {
    const cp1251: Record<string, number> = { С: 0xd1, у: 0xf3, м: 0xec, а: 0xe0 };
    const head = bytes('<meta http-equiv="Content-type" content="text/html; charset=windows-1251"><table><tr><th>ID</th><th>');
    const word = Uint8Array.from([...'Сумма'].map((c) => cp1251[c]));
    const tail = bytes('</th></tr><tr><td>1</td><td>5</td></tr></table>');
    const page = new Uint8Array([...head, ...word, ...tail]);
    expect(readHtmlTable(page).values).toEqual([['ID', 'Сумма'], ['1', '5']]);
  });
  it('skips a layout table of one column and takes the first table of deals', () => {
    const page = '<table><tr><td>Deals export</td></tr></table><table><tr><th>ID</th><th>Amount</th></tr><tr><td>7</td><td>70</td></tr></table>';
    expect(readHtmlTable(bytes(page)).values).toEqual([['ID', 'Amount'], ['7', '70']]);
  });
  it('says so for a page without a table', () => {
    expect(() => readHtmlTable(bytes('<html><body>nothing</body></html>'))).toThrow('the file is a web page without a table of deals');
  });
});

describe('isHtml', () => {
  it('tells an HTML page from a binary .xls workbook', () => {
    expect(isHtml(bytes('\uFEFF  <meta charset="utf-8"><table></table>'))).toBe(true);
    expect(isHtml(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe(false);
  });
});
