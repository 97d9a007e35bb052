import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDeals } from '../../src/engine/read';
import { tempDir } from './tempDir';
import { delimiterName, detectDelimiter, readCsv, readCsvTable } from '../../src/local/readCsv';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('readCsvTable', () => {
  it('reads a comma file, header row first, cells as strings', () => {
    expect(readCsvTable(utf8('Closed,Amount,Status\n2024-03-01,100,won\n2024-03-02,250.5,lost\n'))).toEqual([
      ['Closed', 'Amount', 'Status'],
      ['2024-03-01', '100', 'won'],
      ['2024-03-02', '250.5', 'lost'],
    ]);
  });

  it('reads a semicolon file whose amounts use decimal commas, untouched for the engine to coerce', () => {
    const csv = 'Дата;Сумма;Статус;Менеджер\n15.03.2024;1 234,56 ₽;выиграна;Иванов\n16.03.2024;1 000;проиграна;Петрова\n';
    const { values, delimiter } = readCsv(utf8(csv));
    expect(delimiter).toBe(';');
    expect(values).toEqual([
      ['Дата', 'Сумма', 'Статус', 'Менеджер'],
      ['15.03.2024', '1 234,56 ₽', 'выиграна', 'Иванов'],
      ['16.03.2024', '1 000', 'проиграна', 'Петрова'],
    ]);
  });

  it('reads a tab file and a pipe file', () => {
    expect(readCsv(utf8('Closed\tAmount\n2024-03-01\t1,234.56\n')).values).toEqual([['Closed', 'Amount'], ['2024-03-01', '1,234.56']]);
    expect(readCsv(utf8('Closed|Amount\n2024-03-01|7\n')).values).toEqual([['Closed', 'Amount'], ['2024-03-01', '7']]);
  });

  it('drops a UTF-8 BOM, so the first header is "Closed" and still maps', () => {
    const { values, encoding } = readCsv(Buffer.concat([BOM, utf8('Closed;Amount\n2024-03-01;5\n')]));
    expect(encoding).toBe('utf-8');
    expect(values[0]).toEqual(['Closed', 'Amount']);
    expect(readDeals(values, { timeZone: 'UTC' }).columns.closed?.header).toBe('Closed');
  });

  it('keeps quoted delimiters and quoted newlines inside one cell; CRLF and LF both end rows', () => {
    const csv = 'Deal,Amount,Comment\r\n1,"1,234.50","said ""yes""\r\non the phone"\r\n2,5,plain\n3,6,"a;b"\r\n';
    expect(readCsvTable(utf8(csv))).toEqual([
      ['Deal', 'Amount', 'Comment'],
      ['1', '1,234.50', 'said "yes"\non the phone'],
      ['2', '5', 'plain'],
      ['3', '6', 'a;b'],
    ]);
  });

  it('trims nothing: spaces, no-break spaces and currency signs reach the engine as typed', () => {
    const nbsp = '\u00a0';
    const values = readCsvTable(utf8(`Amount;Rep\n 1${nbsp}234,56 ₽ ;  Anna \n`));
    expect(values[1]).toEqual([` 1${nbsp}234,56 ₽ `, '  Anna ']);
  });

  it('keeps blank lines inside the file as blank rows (row numbers stay those of a spreadsheet import)', () => {
    const values = readCsvTable(utf8('Closed,Amount\n2024-03-01,1\n\n2024-03-02,2\n'));
    expect(values).toEqual([['Closed', 'Amount'], ['2024-03-01', '1'], ['', ''], ['2024-03-02', '2']]);
    // The engine skips the blank row; the next deal keeps its line number, 4.
    const table = readDeals([...values, ['oops', '3']], { timeZone: 'UTC' });
    expect(table.n).toBe(3);
    expect(table.issues.map((i) => i.row)).toEqual([5]);
  });

  it('skips blank lines before the header and says which row the header is on', () => {
    const { values, headerRow } = readCsv(utf8('\n\nClosed,Amount\n2024-03-01,1\n'));
    expect(headerRow).toBe(3);
    expect(values).toEqual([['Closed', 'Amount'], ['2024-03-01', '1']]);
  });

  it('pads short rows with "" to a rectangle, the shape getValues() gives', () => {
    expect(readCsvTable(utf8('a,b,c\n1\n1,2,3,4\n'))).toEqual([
      ['a', 'b', 'c', ''],
      ['1', '', '', ''],
      ['1', '2', '3', '4'],
    ]);
  });

  it('reads a path as well as bytes', () => {
    const path = `${tempDir('csv-')}/deals.csv`;
    writeFileSync(path, 'Closed;Amount\n2024-03-01;5\n');
    expect(readCsvTable(path)).toEqual([['Closed', 'Amount'], ['2024-03-01', '5']]);
  });
});

describe('mixed and broken files', () => {
  it('keeps a line written with another delimiter as one junk row, which the engine lists as an issue', () => {
    const csv = 'Closed;Amount;Status\n2024-03-01;100;won\n2024-03-02,200,won\n2024-03-03;300;won\n';
    const { values, delimiter } = readCsv(utf8(csv));
    expect(delimiter).toBe(';');
    expect(values).toEqual([
      ['Closed', 'Amount', 'Status'],
      ['2024-03-01', '100', 'won'],
      ['2024-03-02,200,won', '', ''],
      ['2024-03-03', '300', 'won'],
    ]);
    const table = readDeals(values, { timeZone: 'UTC', now: Date.UTC(2025, 0, 1) });
    expect(table.n).toBe(3);
    expect(table.issues.some((i) => i.row === 3)).toBe(true);
  });

  it('keeps a quoted line of another delimiter from swallowing the rest of the file', () => {
    const csv = 'Deal;Amount;Status\n"D-1",100,won\n2;200;won\n3;300;lost\n';
    const { values, warnings } = readCsv(utf8(csv));
    expect(values).toEqual([
      ['Deal', 'Amount', 'Status'],
      ['"D-1",100,won', '', ''],
      ['2', '200', 'won'],
      ['3', '300', 'lost'],
    ]);
    expect(warnings).toEqual(['line 2: unbalanced quotes; read as one row with the quotes kept as text']);
  });

  it('keeps an unclosed quote to its own line, and still reads quoted newlines elsewhere', () => {
    const csv = 'Deal;Comment\n1;"never closed\n2;"two\nlines"\n3;ok\n';
    expect(readCsvTable(utf8(csv))).toEqual([
      ['Deal', 'Comment'],
      ['1', '"never closed'],
      ['2', 'two\nlines'],
      ['3', 'ok'],
    ]);
  });
});

describe('encodings', () => {
  it('reads Russian text in UTF-8 with and without a BOM alike', () => {
    const csv = 'Клиент;Сумма\nООО «Ёлка»;1 000\n';
    expect(readCsvTable(utf8(csv))).toEqual(readCsvTable(Buffer.concat([BOM, utf8(csv)])));
    expect(readCsvTable(utf8(csv))[1][0]).toBe('ООО «Ёлка»');
  });

  it('reads Windows-1251 (what Russian Excel saves as "CSV") and says so', () => {
    // "Сумма" in Windows-1251: С=0xD1 у=0xF3 м=0xEC м=0xEC а=0xE0.
    const bytes = Buffer.from([0xd1, 0xf3, 0xec, 0xec, 0xe0, 0x3b, 0x78, 0x0a, 0x31, 0x3b, 0x32, 0x0a]);
    const { values, encoding, warnings } = readCsv(bytes);
    expect(encoding).toBe('windows-1251');
    expect(values).toEqual([['Сумма', 'x'], ['1', '2']]);
    expect(warnings[0]).toMatch(/not valid UTF-8; it was read as Windows-1251/);
  });

  it('reads UTF-16 with its BOM (Excel\'s "Unicode text")', () => {
    const text = 'Сумма\tСтатус\n5\tвыиграна\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readCsv(bytes)).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', values: [['Сумма', 'Статус'], ['5', 'выиграна']] });
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter that splits the header and keeps rows as wide as it', () => {
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n1,5\t2')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2')).toBe('|');
  });

  it('prefers the split whose rows agree with the header over one that splits decimal commas', () => {
    // Split by ",": header 2 cells, rows 2 and 1 cells (1 of 2 rows agree); by ";": 2, 2, 2 (2 of 2 agree).
    expect(detectDelimiter('Сумма, ₽;Дата\n1 234,56;15.03.2024\n1 000;16.03.2024\n')).toBe(';');
  });

  it('on a tie, prefers the split whose header names deal-table columns', () => {
    // "Amount;Status,x" by ";" → Amount | Status,x (1 field); by "," → Amount;Status | x (0 fields).
    expect(detectDelimiter('Amount;Status,x\n1;2,3\n')).toBe(';');
  });

  it('falls back to comma when nothing splits the header', () => {
    expect(detectDelimiter('Amount\n1\n2\n')).toBe(',');
  });

  it('names delimiters for messages', () => {
    expect([',', ';', '\t', '|'].map((d) => delimiterName(d as ',' | ';' | '\t' | '|'))).toEqual(['comma', 'semicolon', 'tab', 'pipe']);
  });
});
