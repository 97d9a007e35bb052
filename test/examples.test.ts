import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { callKpi, type CallEnv, type SheetValue } from '../src/engine/call';
import { findKpi } from '../src/engine/catalog';
import { Kind } from '../src/engine/fields';
import { readDeals } from '../src/engine/read';
import { readPlan, readSpend } from '../src/engine/sideTables';
import type { DealTable } from '../src/engine/table';
import { dayOfInstantIn } from '../src/engine/timezone';
import { readCsv, readCsvTable } from '../src/local/readCsv';
import { readXlsxTable } from '../src/local/readXlsx';
import { EXAMPLES_DIR, REPS_RU, SOURCES_RU, exampleDeals, exampleFiles, exampleMonths } from '../scripts/examples';

/** After every date of the sample (2024–2025). */
const ENV: CallEnv = { timeZone: 'UTC', now: Date.UTC(2026, 0, 15) };
const path = (name: string): string => join(EXAMPLES_DIR, name);

/** A KPI's spilled rows under its header, as `=NAME(deals, "", group_by)` gives them. */
function byGroup(name: string, grid: unknown[][], groupBy: string): SheetValue[][] {
  const def = findKpi(name);
  if (!def) throw new Error(name);
  const out = callKpi(def, [grid, '', groupBy], ENV) as SheetValue[][];
  return out.slice(1);
}

let en: unknown[][];
let ru: unknown[][];
let xlsx: unknown[][];
let table: DealTable;

beforeAll(async () => {
  en = readCsvTable(path('deals-en.csv'));
  ru = readCsvTable(path('deals-ru.csv'));
  xlsx = (await readXlsxTable(path('deals-en.xlsx'))).values;
  table = readDeals(en, ENV);
});

describe('the shipped sample', () => {
  it('has every file', () => {
    for (const name of ['deals-en.csv', 'deals-ru.csv', 'deals-en.xlsx', 'plan.csv', 'spend.csv']) expect(existsSync(path(name))).toBe(true);
  });

  it('has at least 2 000 deals with won, lost and open ones, and a few refunds', () => {
    const count = [0, 0, 0, 0, 0];
    for (let i = 0; i < table.n; i++) count[table.kind[i]]++;
    expect(count[Kind.Won] + count[Kind.Lost] + count[Kind.Open]).toBeGreaterThanOrEqual(2000);
    expect(count[Kind.Won]).toBeGreaterThan(500);
    expect(count[Kind.Lost]).toBeGreaterThan(500);
    expect(count[Kind.Open]).toBeGreaterThan(50);
    expect(count[Kind.Refund]).toBeGreaterThan(0);
    expect(count[Kind.Refund]).toBeLessThan(50);
  });

  it('has 6 reps, 5 sources and repeat customers', () => {
    expect([...table.labels.rep.labels].sort()).toEqual(Object.keys(REPS_RU).sort());
    expect([...table.labels.source.labels].sort()).toEqual(Object.keys(SOURCES_RU).sort());
    const repeat = callKpi(findKpi('REPEAT_PURCHASES')!, [en, ''], ENV) as number;
    expect(repeat).toBeGreaterThan(100);
    expect(callKpi(findKpi('LOYAL_CUSTOMERS')!, [en, ''], ENV) as number).toBeGreaterThan(50);
  });

  it('spans 24 months, January 2024 to December 2025, with sales in every one', () => {
    const months = byGroup('SALES_VOLUME', en, 'month');
    expect(months.map((r) => r[0])).toEqual(exampleMonths());
    expect(months).toHaveLength(24);
    for (const [, v] of months) expect(v).toBeGreaterThan(0);
  });

  it('lists exactly the bad rows planted in it', () => {
    const planted = exampleDeals().planted;
    expect(planted.map((p) => p.text)).toEqual(['n/a', '??', '31.02.2024', '']);
    expect(table.issues.map((i) => [i.row, i.column, i.value])).toEqual(
      planted.map((p) => [p.row, p.column, p.text]).sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  });
});

describe('the Russian export', () => {
  it('looks like a Russian Excel export: BOM, semicolons, CRLF, "1 234,56 ₽", "15.03.2024"', () => {
    const bytes = readFileSync(path('deals-ru.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = readCsv(path('deals-ru.csv'));
    expect(csv.delimiter).toBe(';');
    expect(csv.encoding).toBe('utf-8');
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    expect(csv.values[0]).toContain('Дата создания');
    expect(csv.values[0]).toContain('Сумма сделки');
    expect(csv.values[1].some((c) => /^\d{1,3}(\u00a0\d{3})*,\d\d\u00a0₽$/.test(c))).toBe(true);
    expect(csv.values[1].some((c) => /^\d\d\.\d\d\.\d{4}$/.test(c))).toBe(true);
    for (const word of ['выиграна', 'отказ', 'в работе', 'допродажа']) expect(text).toContain(word);
  });

  it('gives the same sales volume by month as the English file', () => {
    expect(byGroup('SALES_VOLUME', ru, 'month')).toEqual(byGroup('SALES_VOLUME', en, 'month'));
  });

  it('gives the same win rate by rep as the English file', () => {
    const toEnglish = new Map(Object.entries(REPS_RU).map(([e, r]) => [r, e]));
    const ruRates = byGroup('WIN_RATE', ru, 'rep').map(([rep, v]): [unknown, unknown] => [toEnglish.get(rep as string), v]);
    const enRates = byGroup('WIN_RATE', en, 'rep').map(([rep, v]): [unknown, unknown] => [rep, v]);
    expect(new Map(ruRates)).toEqual(new Map(enRates));
    expect(enRates).toHaveLength(6);
  });

  it('reads with the same issues in the same rows', () => {
    expect(readDeals(ru, ENV).issues.map((i) => [i.row, i.field, i.value])).toEqual(table.issues.map((i) => [i.row, i.field, i.value]));
  });
});

describe('the XLSX version', () => {
  it('has typed cells and gives the same sales volume by month and win rate by rep', () => {
    expect(xlsx[1][1]).toBeInstanceOf(Date);
    expect(typeof xlsx[1][4]).toBe('number');
    expect(byGroup('SALES_VOLUME', xlsx, 'month')).toEqual(byGroup('SALES_VOLUME', en, 'month'));
    expect(byGroup('WIN_RATE', xlsx, 'rep')).toEqual(byGroup('WIN_RATE', en, 'rep'));
  });
});

describe('the plan and spend tables', () => {
  const dayOf = dayOfInstantIn('UTC');

  it('plan.csv: a target for each of the 6 reps in each of the 24 months', () => {
    const grid = readCsvTable(path('plan.csv'));
    expect(grid[0]).toEqual(['Month', 'Rep', 'Target']);
    expect(grid).toHaveLength(1 + 6 * 24);
    const plan = readPlan(grid, dayOf);
    expect(plan.kind).toBe('table');
    if (plan.kind === 'table') expect(new Set(plan.keys)).toEqual(new Set(Object.keys(REPS_RU).map((r) => r.toLowerCase())));
  });

  it('spend.csv: an amount for each of the 5 sources in each of the 24 months', () => {
    const grid = readCsvTable(path('spend.csv'));
    expect(grid[0]).toEqual(['Month', 'Source', 'Amount']);
    expect(grid).toHaveLength(1 + 5 * 24);
    const spend = readSpend(grid, dayOf);
    expect(spend.kind).toBe('table');
    if (spend.kind === 'table') for (const v of spend.value) expect(v).toBeGreaterThan(0);
  });
});

describe('npm run examples', () => {
  it('regenerates the very same bytes', async () => {
    const files = await exampleFiles();
    for (const [name, bytes] of Object.entries(files)) {
      expect(Buffer.from(bytes).equals(readFileSync(path(name))), `${name} differs: run npm run examples`).toBe(true);
    }
  });
});
