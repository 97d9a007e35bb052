import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriodText } from '../../src/engine/period';
import { localeOfHeaders } from '../../src/engine/summary';
import { DEALS_SHEET, InputError, runSummaryJob, todayAsUtc, type RunResult } from '../../src/local/run';
import { STREAM_XLSX_BYTES } from '../../src/local/readXlsxStream';
import { NOW } from '../helpers';

/**
 * The §7 reference deals as a CSV export, plus one bad row:
 * March 2024 — 8 won totalling 400 000, 2 lost; February — 5 won totalling 250 000;
 * row 17 is a won deal whose amount reads "n/a".
 */
const CSV = [
  'Deal ID,Created,Closed,Amount,Status,Rep,Customer',
  ...[30000, 40000, 45000, 50000, 50000, 55000, 60000, 70000].map((a, i) => `M${i + 1},2024-02-20,2024-03-0${i + 2},${a},won,Anna,C${i + 1}`),
  'L1,2024-02-25,2024-03-10,20000,lost,Boris,C20',
  'L2,2024-03-01,2024-03-20,10000,lost,Anna,C21',
  ...[40000, 45000, 50000, 55000, 60000].map((a, i) => `F${i + 1},2024-01-15,2024-02-0${i + 5},${a},won,Boris,C${i + 1}`),
  'X1,2024-02-01,2024-02-10,n/a,won,Anna,C30',
].join('\n') + '\n';

let dir: string;
let csv: string;
let xlsx: string;

/** Runs the job on a temp file with the tests' "now". */
function run(options: Partial<Parameters<typeof runSummaryJob>[0]> & { output: string }): Promise<RunResult> {
  return runSummaryJob({ input: csv, now: NOW, timeZone: 'UTC', ...options });
}

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The overview row of a KPI title: [title, value, previous, change, …] as the terminal would get them. */
function overviewRow(result: RunResult, title: string): unknown[] {
  const row = result.overview.find((r) => r[0]?.v === title);
  if (!row) throw new Error(`no overview row ${title}`);
  return row.map((c) => c.v);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sales-kpi-run-'));
  csv = join(dir, 'deals.csv');
  writeFileSync(csv, CSV);
  // The same deals as a workbook with typed cells: its own sheet "CRM" and a second sheet of the user's.
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('CRM');
  for (const line of CSV.trim().split('\n')) {
    sheet.addRow(line.split(',').map((c) => (/^\d{4}-\d{2}-\d{2}$/.test(c) ? new Date(`${c}T00:00:00Z`) : /^\d+$/.test(c) ? Number(c) : c)));
  }
  wb.addWorksheet('Notes').addRow(['my notes']);
  xlsx = join(dir, 'deals.xlsx');
  await wb.xlsx.writeFile(xlsx);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runSummaryJob on a CSV', () => {
  it('writes a new workbook with the summary and a copy of the deals, and leaves the input as it was', async () => {
    const before = readFileSync(csv);
    const output = join(dir, 'out', 'summary.xlsx');
    const result = await run({ output });
    expect(existsSync(output)).toBe(true);
    expect(readFileSync(csv).equals(before)).toBe(true);
    const wb = await workbook(output);
    expect(wb.worksheets.map((w) => w.name)).toEqual([result.sheetName, DEALS_SHEET]);
    expect(result.sheetName).toBe('KPI summary');
    // The copy has the header and the 16 data rows.
    expect(wb.getWorksheet(DEALS_SHEET)?.rowCount).toBe(17);
  });

  it('summarises the last month with data and returns the overview: March 2024 against February', async () => {
    const result = await run({ output: join(dir, 'march.xlsx') });
    expect(result.period).toBe('2024-03');
    expect(result.periodAuto).toBe(true);
    expect(result.locale).toBe('en');
    expect(result.overview[0][0].v).toBe('KPI');
    // Sales volume 400 000 against 250 000: change (400 000 − 250 000) / 250 000 = 0.6, trend up.
    expect(overviewRow(result, 'Sales volume').slice(0, 5)).toEqual(['Sales volume', 400000, 250000, 0.6, '▲']);
    // Win rate 8 / (8 + 2) = 0.8.
    expect(overviewRow(result, 'Win rate')[1]).toBe(0.8);
  });

  it('counts rows read, used and with issues: the "n/a" amount is one row with one issue', async () => {
    const result = await run({ output: join(dir, 'counts.xlsx') });
    expect(result.counts).toEqual({ read: 16, used: 15, blank: 0, withIssues: 1, issues: 1 });
  });

  it('takes --period and --granularity', async () => {
    const result = await run({ output: join(dir, 'feb.xlsx'), period: '2024-02', granularity: 'week' });
    expect(result.period).toBe('2024-02');
    expect(result.periodAuto).toBe(false);
    // February: the 5 won deals, 250 000; the "n/a" row is left out of the sum.
    expect(overviewRow(result, 'Sales volume')[1]).toBe(250000);
  });

  it('with --live writes formulas over the "Deals" copy', async () => {
    const output = join(dir, 'live.xlsx');
    await run({ output, live: true });
    const wb = await workbook(output);
    const deals = wb.getWorksheet(DEALS_SHEET);
    expect(deals).toBeDefined();
    // Typed copy: dates are dates and amounts numbers, the unreadable amount stays text.
    expect(deals?.getCell('B2').value).toEqual(new Date('2024-02-20T00:00:00Z'));
    expect(deals?.getCell('D2').value).toBe(30000);
    expect(deals?.getCell('D17').value).toBe('n/a');
    const summary = wb.getWorksheet('KPI summary');
    const formulas: string[] = [];
    summary?.eachRow((row) => row.eachCell((cell) => { if (cell.formula) formulas.push(cell.formula); }));
    expect(formulas.some((f) => f.startsWith('SUMIFS(') && f.includes("'Deals'!"))).toBe(true);
  });

  it('writes Russian labels with --locale ru, and picks ru by itself for Russian headers', async () => {
    const result = await run({ output: join(dir, 'ru.xlsx'), locale: 'ru' });
    expect(result.overview[0][0].v).toBe('Показатель');
    expect(localeOfHeaders(['Дата закрытия', 'Сумма сделки', 'Статус', 'Менеджер'])).toBe('ru');
    expect(localeOfHeaders(['Closed', 'Amount', 'Статус'])).toBe('en');
  });
});

describe('runSummaryJob: the default period is the last whole month with data', () => {
  // The deals' latest date is the close date 2024-03-20. At 22:00 UTC on 31 March 2024 March is still running in
  // UTC, so the job takes February; in Moscow (UTC+3) it is already 1 April, March has ended and the job takes it.
  const lastEvening = Date.UTC(2024, 2, 31, 22);

  it('while the latest month with data is still running, the month before: February 2024 in UTC', async () => {
    const result = await run({ output: join(dir, 'tz-utc.xlsx'), now: lastEvening, timeZone: 'UTC' });
    expect([result.period, result.periodAuto]).toEqual(['2024-02', true]);
    // February: the 5 won F deals, 40 000 + 45 000 + 50 000 + 55 000 + 60 000 = 250 000, against nothing in January;
    // 6 deals won, X1 (closed 2024-02-10, amount "n/a") being one that adds nothing to the sum.
    expect(overviewRow(result, 'Sales volume').slice(0, 3)).toEqual(['Sales volume', 250000, 0]);
    expect(overviewRow(result, 'Deals won').slice(0, 3)).toEqual(['Deals won', 6, 0]);
  });

  it('--tz decides which day today is: the same instant in Moscow is 1 April, so March 2024', async () => {
    const result = await run({ output: join(dir, 'tz-msk.xlsx'), now: lastEvening, timeZone: 'Europe/Moscow' });
    expect([result.period, result.periodAuto]).toEqual(['2024-03', true]);
    expect(overviewRow(result, 'Sales volume').slice(0, 3)).toEqual(['Sales volume', 400000, 250000]);
  });
});

describe('runSummaryJob on an XLSX', () => {
  it('without --live copies the input workbook with the summary added; the input is unchanged', async () => {
    const before = readFileSync(xlsx);
    const output = join(dir, 'copy.xlsx');
    const result = await runSummaryJob({ input: xlsx, output, now: NOW, timeZone: 'UTC' });
    expect(readFileSync(xlsx).equals(before)).toBe(true);
    const wb = await workbook(output);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['CRM', 'Notes', 'KPI summary']);
    // Dates are read as the UTC midnights ExcelJS stores: the same March as the CSV.
    expect(overviewRow(result, 'Sales volume')[1]).toBe(400000);
  });

  it('with --live writes a new workbook: the summary and the typed "Deals" copy', async () => {
    const output = join(dir, 'xlive.xlsx');
    await runSummaryJob({ input: xlsx, output, live: true, now: NOW, timeZone: 'UTC' });
    const wb = await workbook(output);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['KPI summary', DEALS_SHEET]);
  });

  it('without --live, a workbook over 5 MB is not copied: a new one with the summary and the deals, and a warning says why', async () => {
    // The same deals, made big by a 5.2 MB picture of random bytes (which deflate cannot shrink) on the Notes sheet.
    const wb = await workbook(xlsx);
    const picture = randomBytes(5_200_000);
    picture.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    wb.getWorksheet('Notes')!.addImage(wb.addImage({ buffer: picture as unknown as ExcelJS.Buffer, extension: 'png' }), 'B2:D6');
    const big = join(dir, 'big.xlsx');
    await wb.xlsx.writeFile(big);
    expect(statSync(big).size).toBeGreaterThan(STREAM_XLSX_BYTES);
    const output = join(dir, 'big-summary.xlsx');
    const result = await runSummaryJob({ input: big, output, now: NOW, timeZone: 'UTC' });
    expect((await workbook(output)).worksheets.map((w) => w.name)).toEqual(['KPI summary', DEALS_SHEET]);
    expect(overviewRow(result, 'Sales volume')[1]).toBe(400000);
    expect(result.warnings).toContainEqual(expect.stringMatching(/big\.xlsx is 5\.\d MB, too big to copy whole: .*big-summary\.xlsx is a new workbook with the summary and a copy of the deals$/));
  });

  it('an unknown --sheet names the sheets there are', async () => {
    await expect(runSummaryJob({ input: xlsx, output: join(dir, 'nosheet.xlsx'), sheet: 'Sales', now: NOW }))
      .rejects.toThrow('has no sheet "Sales"; its sheets are: "CRM", "Notes"');
  });
});

describe('runSummaryJob refuses', () => {
  it('an output that is the input, however it is spelled', async () => {
    const before = readFileSync(csv);
    await expect(run({ output: csv })).rejects.toThrow(InputError);
    await expect(run({ output: csv })).rejects.toThrow(`-o ${csv} is an input file`);
    const link = join(dir, 'link.xlsx');
    symlinkSync(xlsx, link);
    await expect(runSummaryJob({ input: xlsx, output: link, now: NOW })).rejects.toThrow('is an input file');
    await expect(run({ output: join(dir, 'sub', '..', 'deals.csv.xlsx'), plan: join(dir, 'deals.csv.xlsx') }))
      .rejects.toThrow('is an input file');
    expect(readFileSync(csv).equals(before)).toBe(true);
  });

  it('an output that is not .xlsx, a missing file, and bad option values, each with a message', async () => {
    await expect(run({ output: join(dir, 'out.csv') })).rejects.toThrow('the output must be an .xlsx file');
    await expect(run({ input: join(dir, 'missing.csv'), output: join(dir, 'm.xlsx') }))
      .rejects.toThrow(`cannot read the deal table ${join(dir, 'missing.csv')}: no such file`);
    // A binary .xls (not the HTML table some CRMs name .xls) is refused.
    writeFileSync(join(dir, 'deals.xls'), Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(run({ input: join(dir, 'deals.xls'), output: join(dir, 'm.xlsx') })).rejects.toThrow('.xls workbooks are not read');
    await expect(run({ output: join(dir, 'g.xlsx'), granularity: 'fortnight' }))
      .rejects.toThrow('--granularity "fortnight" must be one of day, week, month, quarter, year');
    await expect(run({ output: join(dir, 'l.xlsx'), locale: 'de' })).rejects.toThrow('--locale "de" must be en or ru');
    await expect(run({ output: join(dir, 'z.xlsx'), timeZone: 'Mars/Olympus' })).rejects.toThrow('--tz "Mars/Olympus" is not a time zone');
  });

  it('a bad --period with the engine\'s own message', async () => {
    const engineMessage = (() => { try { parsePeriodText('2024-13'); } catch (e) { return (e as Error).message; } return ''; })();
    expect(engineMessage).toBe('period "2024-13": there is no month 13');
    await expect(run({ output: join(dir, 'p.xlsx'), period: '2024-13' })).rejects.toThrow(engineMessage);
  });

  it('a plan file the engine cannot read, naming the file', async () => {
    const plan = join(dir, 'plan.csv');
    writeFileSync(plan, 'Colour,Size\nred,3\n');
    await expect(run({ output: join(dir, 'pl.xlsx'), plan })).rejects.toThrow(`the plan file ${plan}: `);
  });
});

describe('todayAsUtc', () => {
  it('is UTC midnight of the date in the zone: 23:30 UTC on 31 Dec is already 1 Jan in Moscow', () => {
    const late = Date.UTC(2024, 11, 31, 23, 30);
    expect(todayAsUtc('Europe/Moscow', late)).toBe(Date.UTC(2025, 0, 1));
    expect(todayAsUtc('UTC', late)).toBe(Date.UTC(2024, 11, 31));
  });
});

describe('runSummaryJob: date-times in a CSV', () => {
  it('places a date-time with a UTC offset in the --tz zone, and reads wall-clock text as the day it names', async () => {
    // 22:30 UTC on 29 February is 01:30 on 1 March in Moscow; "2024-03-01 01:30" is 1 March wherever it is read.
    const input = join(dir, 'instants.csv');
    writeFileSync(input, 'Closed,Amount,Status\n2024-02-29T22:30:00Z,100,won\n2024-03-01 01:30,50,won\n2024-02-10,30,won\n');
    const moscow = await run({ input, output: join(dir, 'msk.xlsx'), period: '2024-03', timeZone: 'Europe/Moscow' });
    expect(moscow.overview[1].slice(0, 3).map((c) => c.v)).toEqual(['Sales volume', 150, 30]);
    const utc = await run({ input, output: join(dir, 'utc.xlsx'), period: '2024-03', timeZone: 'UTC' });
    expect(utc.overview[1].slice(0, 3).map((c) => c.v)).toEqual(['Sales volume', 50, 130]);
  });
});
