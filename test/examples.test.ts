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
import { COL, OPEN_STAGES } from '../bench/generate';
import { ALL_TIME } from '../src/engine/period';
import { chosenPeriod } from '../src/engine/summary';

/** After every date of the sample (October 2023 to December 2025). */
const ENV: CallEnv = { timeZone: 'UTC', now: Date.UTC(2026, 0, 15) };
/** An ISO date cell of the English CSV. */
const ISO = /^\d{4}-\d{2}-\d{2}$/;
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

  it('is the CRM export of 2026-01-01: deals closed in 2024–2025 or open, some created in late 2023', () => {
    const rows = en.slice(1);
    const closed = rows.map((r) => r[COL.closed] as string).filter((c) => ISO.test(c));
    const created = rows.map((r) => r[COL.created] as string).filter((c) => ISO.test(c));
    // Every readable close date is in the window; creation dates go back at most to October 2023.
    expect(closed.every((c) => c >= '2024-01-01' && c <= '2025-12-31')).toBe(true);
    expect(created.every((c) => c >= '2023-10-01' && c <= '2025-12-31')).toBe(true);
    // Deals created before the window close in it: the steady state a real export shows.
    const before = rows.filter((r) => (r[COL.created] as string) < '2024-01-01' && ISO.test(r[COL.closed] as string));
    expect(before.length).toBeGreaterThan(30);
    // By month: the three months of 2023 hold creations only; each of the 24 months of the window has sales.
    const months = byGroup('SALES_VOLUME', en, 'month');
    expect(months.map((r) => r[0])).toEqual(['2023-10', '2023-11', '2023-12', ...exampleMonths()]);
    expect(months.slice(0, 3).map((r) => r[1])).toEqual([0, 0, 0]);
    for (const [, v] of months.slice(3)) expect(v).toBeGreaterThan(0);
  });

  it('shows the deals open at the export as a CRM does: no close date or cost, a stage and its probability', () => {
    const open = en.slice(1).filter((r) => r[COL.status] === 'open');
    expect(open.length).toBeGreaterThan(50);
    const probability = new Map(OPEN_STAGES.map((s) => [s.name, String(s.probability)]));
    for (const r of open) {
      expect([r[COL.closed], r[COL.cost]]).toEqual(['', '']);
      expect(r[COL.probability]).toBe(probability.get(r[COL.stage] as string));
      // A lead is not qualified yet; every later stage is.
      expect(r[COL.qualified] === '').toBe(r[COL.stage] === 'Lead');
    }
    // Stages from Lead to Negotiation all occur.
    expect(new Set(open.map((r) => r[COL.stage]))).toEqual(new Set(OPEN_STAGES.map((s) => s.name)));
  });

  it('defaults to 2025-12, its last whole month, from the export day on; on 2025-12-31 December is not over', () => {
    expect(chosenPeriod(table, ALL_TIME)).toMatchObject({ period: { label: '2025-12' }, auto: true });
    const atExport = readDeals(en, { timeZone: 'UTC', now: Date.UTC(2026, 0, 1) });
    expect(chosenPeriod(atExport, ALL_TIME).period.label).toBe('2025-12');
    const dayBefore = readDeals(en, { timeZone: 'UTC', now: Date.UTC(2025, 11, 31, 12) });
    expect(chosenPeriod(dayBefore, ALL_TIME).period.label).toBe('2025-11');
  });

  it('ends on a typical month: December 2025 looks like the months before it', () => {
    // Counted from the CSV text, not by the engine: sales are the amounts of won rows (refunds negative)
    // by close month; a deal is open at a month's end when created before it and not closed by then.
    const rows = en.slice(1);
    const sales = new Map<string, number>();
    const won = new Map<string, number>();
    const lost = new Map<string, number>();
    const add = (m: Map<string, number>, k: string, v: number): void => { m.set(k, (m.get(k) ?? 0) + v); };
    for (const r of rows) {
      const c = r[COL.closed] as string;
      if (!ISO.test(c)) continue;
      const amount = Number(r[COL.amount]);
      if (r[COL.status] === 'won' && r[COL.amount] !== '' && Number.isFinite(amount)) add(sales, c.slice(0, 7), amount);
      if (r[COL.status] === 'won' && !(amount < 0)) add(won, c.slice(0, 7), 1);
      if (r[COL.status] === 'lost') add(lost, c.slice(0, 7), 1);
    }
    const openAt = (end: string): { count: number; value: number } => {
      let count = 0;
      let value = 0;
      for (const r of rows) {
        const status = r[COL.status];
        const created = r[COL.created] as string;
        const closed = r[COL.closed] as string;
        if (!ISO.test(created) || created >= end || !(status === 'open' || ((status === 'won' || status === 'lost') && ISO.test(closed)))) continue;
        if (status !== 'open' && closed < end) continue;
        if (Number(r[COL.amount]) < 0) continue;
        count++;
        value += Number(r[COL.amount]) || 0;
      }
      return { count, value };
    };
    const SIX = ['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11'];
    const mean = (f: (m: string) => number): number => SIX.reduce((a, m) => a + f(m), 0) / SIX.length;
    const nextMonth = (m: string): string => (m.endsWith('-12') ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, '0')}`);

    // The headline figures, which the engine gives too.
    expect(sales.get('2025-12')).toBe(302251);
    expect(sales.get('2025-11')).toBe(302733);
    expect(callKpi(findKpi('SALES_VOLUME')!, [en, '2025-12'], ENV)).toBe(302251);
    // Sales within 5 % of November's and of the 6 months' average.
    expect(Math.abs(sales.get('2025-12')! / sales.get('2025-11')! - 1)).toBeLessThan(0.05);
    expect(Math.abs(sales.get('2025-12')! / mean((m) => sales.get(m)!) - 1)).toBeLessThan(0.05);
    // Win rate within 3 points of the two years'.
    let w = 0;
    let l = 0;
    for (const m of exampleMonths()) { w += won.get(m)!; l += lost.get(m)!; }
    const rate = (m: string): number => won.get(m)! / (won.get(m)! + lost.get(m)!);
    expect(Math.abs(rate('2025-12') - w / (w + l))).toBeLessThan(0.03);
    // Open deals at the end within 10 %, and their value within 15 %, of the 6 months' average at each month's end.
    const atEnd = (m: string) => openAt(`${nextMonth(m)}-01`);
    expect(Math.abs(atEnd('2025-12').count / mean((m) => atEnd(m).count) - 1)).toBeLessThan(0.1);
    expect(Math.abs(atEnd('2025-12').value / mean((m) => atEnd(m).value) - 1)).toBeLessThan(0.15);
    // The deals open at the export are the open rows.
    expect(atEnd('2025-12').count).toBe(rows.filter((r) => r[COL.status] === 'open' && ISO.test(r[COL.created] as string)).length);
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

  it('plan.csv: targets near what the reps sell, made in some months and missed in others', () => {
    const grid = readCsvTable(path('plan.csv'));
    // Won amounts (refunds negative) by close month and rep, from the CSV text.
    const sales = new Map<string, number>();
    for (const r of en.slice(1)) {
      const c = r[COL.closed] as string;
      if (r[COL.status] !== 'won' || !ISO.test(c) || r[COL.amount] === '' || !Number.isFinite(Number(r[COL.amount]))) continue;
      const key = `${c.slice(0, 7)}|${r[COL.rep]}`;
      sales.set(key, (sales.get(key) ?? 0) + Number(r[COL.amount]));
    }
    const target = new Map<string, number>();
    const sold = new Map<string, number>();
    for (const [m, rep, t] of grid.slice(1) as string[][]) {
      target.set(m, (target.get(m) ?? 0) + Number(t));
      sold.set(m, (sold.get(m) ?? 0) + (sales.get(`${m}|${rep}`) ?? 0));
    }
    const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, v) => a + v, 0);
    // Over the two years the reps sell within 5 % of the plan.
    expect(Math.abs(sum(sold) / sum(target) - 1)).toBeLessThan(0.05);
    const made = exampleMonths().filter((m) => sold.get(m)! >= target.get(m)!).length;
    expect(made).toBeGreaterThanOrEqual(6);
    expect(made).toBeLessThanOrEqual(18);
    // December 2025: 70 000 + 42 000 + 100 000 + 31 000 + 39 000 + 31 000 = 313 000 against 302 251 sold, 96.6 %;
    // four reps at or above their target and two below.
    const december = grid.filter((r) => r[0] === '2025-12') as string[][];
    expect(december.map((r) => Number(r[2]))).toEqual([70000, 42000, 100000, 31000, 39000, 31000]);
    expect(target.get('2025-12')).toBe(313000);
    expect(sold.get('2025-12')).toBe(302251);
    const above = december.filter(([m, rep, t]) => (sales.get(`${m}|${rep}`) ?? 0) >= Number(t)).length;
    expect([above, december.length - above]).toEqual([4, 2]);
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
