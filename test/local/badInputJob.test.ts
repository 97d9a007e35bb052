/**
 * The whole job on bad input (issue #3, point 5; KPI_SPEC §5): a Russian CSV export with a BOM, mostly `;`
 * but with lines written with `,`, junk rows and text in amounts, and an XLSX whose deals sheet has merged
 * header cells and formula cells. Each time the summary is still written, its data-quality block lists every
 * bad row (row number, column, value, reason), and the input file keeps its bytes.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runSummaryJob, type RunResult } from '../../src/local/run';
import { NOW } from '../helpers';
import { blockOf, fileHash, listedIssues, loadWorkbook, sheetNamed, type ListedIssue } from './parityHelpers';
import { tempDir } from './tempDir';

const BOM = '\ufeff';

/**
 * Lines 1–11 of the CSV (line = sheet row: the header is row 1). Rows 4 and 10 were written with commas,
 * so each reads as one cell in the first column and has no status; row 6 is a total line and row 8 a note
 * left by the export, neither with a status; row 3's amount is "n/a" and row 5's "#N/A"; row 7 is blank.
 */
const CSV_LINES = [
  'ID сделки;Дата создания;Дата закрытия;Сумма сделки;Статус;Менеджер;Источник',
  'D1;10.01.2024;20.01.2024;1 000,00 ₽;выиграна;Анна;Сайт',
  'D2;12.01.2024;25.01.2024;n/a;выиграна;Борис;Сайт',
  'D3,15.01.2024,28.01.2024,700,выиграна,Анна,Сайт',
  'D4;01.02.2024;10.02.2024;#N/A;выиграна;Анна;Рекомендация',
  'Итого;;;1 700,00 ₽;;;',
  '',
  '---- выгрузка из CRM, 01.04.2024 ----',
  'D5;05.02.2024;;2 000,00 ₽;в работе;Борис;Рекомендация',
  'D6,01.03.2024,15.03.2024,900,отказ,Борис,Сайт',
  'D7;02.03.2024;20.03.2024;3 500,00 ₽;выиграна;Борис;Рекомендация',
];

/** The Russian file gives a Russian summary, whose reasons are Russian too. */
const NO_STATUS = 'нет статуса (ожидается: выиграна, проиграна или в работе)';

/** The CSV's bad rows, by hand from CSV_LINES. */
const CSV_ISSUES: ListedIssue[] = [
  { row: 3, column: 'Сумма сделки', value: 'n/a', reason: 'не число' },
  { row: 4, column: 'Статус', value: '', reason: NO_STATUS },
  { row: 5, column: 'Сумма сделки', value: '#N/A', reason: 'ошибка формулы #N/A' },
  { row: 6, column: 'Статус', value: '', reason: NO_STATUS },
  { row: 8, column: 'Статус', value: '', reason: NO_STATUS },
  { row: 10, column: 'Статус', value: '', reason: NO_STATUS },
];

/** The issue table's header in each language of the summary. */
const ISSUE_HEADER = { en: ['Row', 'Column', 'Value', 'Reason'], ru: ['Строка', 'Столбец', 'Значение', 'Причина'] };
const BLOCK_TITLE = { en: 'Data quality', ru: 'Качество данных' };

/** Writes the CSV as Excel does for a Russian user: UTF-8 with a BOM, CRLF line ends. */
function writeBadCsv(path: string): void {
  writeFileSync(path, BOM + CSV_LINES.join('\r\n') + '\r\n');
}

/**
 * An XLSX deals sheet with a merged two-level header and formula cells: row 1 groups the columns
 * (merged A1:C1 "Deal", D1:E1 "Money", F1:G1 "People"), row 2 is the header, with "Amount" merged over
 * D2:E2 (column E holds the currency). Rows 3–9 are deals; the bad ones:
 *   row 5: the amount is a formula whose saved result is #DIV/0!;
 *   row 6: the amount is a formula saved without a result, so it reads as blank: a won deal without an amount;
 *   row 7: the amount is the text "n/a";
 *   row 9: the status is a formula whose saved result is #N/A.
 * Rows 4 and 8 are formulas with good saved results (1 500 and "won"): read as those values.
 */
async function writeBadXlsx(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('CRM export');
  ws.addRow(['Deal', null, null, 'Money', null, 'People']);
  ws.addRow(['ID', 'Created', 'Closed', 'Amount', null, 'Status', 'Rep']);
  ws.mergeCells('A1:C1');
  ws.mergeCells('D1:E1');
  ws.mergeCells('F1:G1');
  ws.mergeCells('D2:E2');
  const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
  const formula = (f: string, result?: ExcelJS.CellFormulaValue['result']): ExcelJS.CellFormulaValue =>
    (result === undefined ? { formula: f } : { formula: f, result }) as ExcelJS.CellFormulaValue;
  ws.addRow(['D1', day('2024-01-10'), day('2024-01-20'), 1000, 'RUB', 'won', 'Anna']);
  ws.addRow(['D2', day('2024-01-12'), day('2024-01-25'), formula('2*750', 1500), 'RUB', 'won', 'Boris']);
  ws.addRow(['D3', day('2024-01-15'), day('2024-01-28'), formula('1/0', { error: '#DIV/0!' }), 'RUB', 'won', 'Anna']);
  ws.addRow(['D4', day('2024-02-01'), day('2024-02-10'), formula('SUM(X1:X2)'), 'RUB', 'won', 'Boris']);
  ws.addRow(['D5', day('2024-02-05'), day('2024-02-15'), 'n/a', 'RUB', 'lost', 'Anna']);
  ws.addRow(['D6', day('2024-03-01'), day('2024-03-15'), 800, 'RUB', formula('IF(D8>500,"won","lost")', 'won'), 'Boris']);
  ws.addRow(['D7', day('2024-03-02'), day('2024-03-20'), 1200, 'RUB', formula('VLOOKUP("x",X1:Y2,2,FALSE)', { error: '#N/A' }), 'Anna']);
  await wb.xlsx.writeFile(path);
}

/** The XLSX's bad rows, by hand from writeBadXlsx. */
const XLSX_ISSUES: ListedIssue[] = [
  { row: 5, column: 'Amount', value: '#DIV/0!', reason: 'formula error #DIV/0!' },
  { row: 6, column: 'Amount', value: '', reason: 'a won deal without an amount' },
  { row: 7, column: 'Amount', value: 'n/a', reason: 'not a number' },
  { row: 9, column: 'Status', value: '#N/A', reason: 'formula error #N/A' },
];

/**
 * Runs the job with the output beside the input and returns what it did and the output's summary sheet,
 * after checking that the input kept its bytes and that the folder holds only the two files (no temp file left).
 */
async function runOn(input: string, dir: string, live: boolean): Promise<{ result: RunResult; ws: ExcelJS.Worksheet }> {
  const before = fileHash(input);
  const output = join(dir, 'summary.xlsx');
  const result = await runSummaryJob({ input, output, live, now: NOW, timeZone: 'UTC' });
  expect(fileHash(input)).toBe(before);
  expect(readdirSync(dir).sort()).toEqual([basename(input), basename(output)].sort());
  return { result, ws: sheetNamed(await loadWorkbook(output), result.sheetName) };
}

/** The data-quality block of the written sheet: its title where the layout puts it, and its issue rows. */
function writtenIssues(result: RunResult, ws: ExcelJS.Worksheet): ListedIssue[] {
  const block = blockOf(result.layout, 'dataQuality');
  expect(ws.getCell(block.firstRow + 1, 1).value).toBe(BLOCK_TITLE[result.locale]);
  return listedIssues(ws, block, ISSUE_HEADER[result.locale]);
}

describe.each([false, true])('the job on bad input (live formulas: %s)', (live) => {
  it('a CSV with a BOM, mixed delimiters, junk rows and text in amounts: summary written, every bad row listed, input unchanged', async () => {
    const dir = tempDir('bad-csv-');
    const input = join(dir, 'сделки.csv');
    writeBadCsv(input);
    const { result, ws } = await runOn(input, dir, live);
    // The BOM is not part of the first header: the columns are found and the summary is Russian.
    expect(result.locale).toBe('ru');
    expect(writtenIssues(result, ws)).toEqual(CSV_ISSUES);
    // Rows: 10 below the header, 1 blank; 6 rows with issues (3, 4, 5, 6, 8, 10), so 9 − 6 = 3 used (D1, D5, D7).
    expect(result.counts).toEqual({ read: 10, used: 3, blank: 1, withIssues: 6, issues: 6 });
  });

  it('an XLSX with merged header cells and formula cells: summary written, every bad row listed, input unchanged', async () => {
    const dir = tempDir('bad-xlsx-');
    const input = join(dir, 'deals.xlsx');
    await writeBadXlsx(input);
    const { result, ws } = await runOn(input, dir, live);
    expect(result.locale).toBe('en');
    expect(writtenIssues(result, ws)).toEqual(XLSX_ISSUES);
    // Rows 3–9: 7 deals, 4 with issues, so 3 used (D1, D2, D6).
    expect(result.counts).toEqual({ read: 7, used: 3, blank: 0, withIssues: 4, issues: 4 });
    // The user is told why row 6's amount is blank, and that the group row above the header was not read.
    expect(result.warnings.join('\n')).toContain('CRM export!D6: the formula =SUM(X1:X2) has no saved result');
    expect(result.warnings.join('\n')).toContain('the header is row 2');
  });
});
