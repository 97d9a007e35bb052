/**
 * The SQL compiled from the catalog gives, in DuckDB over the canonical table, what the custom functions give over
 * the sheet: every expressible KPI, every period form and every group_by, on the example tables, a sales log and a
 * table of bad input, and with a fiscal year what the engine's fiscal slicing gives. Rates and sums to 1e-9.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, type SheetResult } from '../../../src/engine/call';
import { CATALOG } from '../../../src/engine/catalog';
import type { CanonicalName } from '../../../src/engine/canonical';
import type { KpiArgs, KpiDef } from '../../../src/engine/kpi';
import { needsOf, missingColumns } from '../../../src/engine/needs';
import { isGranularity, parsePeriod, type FiscalYearStart, type Period } from '../../../src/engine/period';
import { readDeals } from '../../../src/engine/read';
import { GROUP_BYS, makeSlicing, type GroupBy } from '../../../src/engine/slicing';
import type { DealTable } from '../../../src/engine/table';
import { compileSql, inexpressible } from '../../../src/engine/sql/compile';
import { DUCKDB } from '../../../src/engine/sql/dialect';
import { d, grid, referenceDeals, salesSwings } from '../../helpers';
import { DuckDeals, type Cell } from './duck';
import { generateDeals } from '../../../bench/generate';

const NOW = Date.UTC(2025, 0, 1);
const read = (g: unknown[][], fiscalYearStart?: FiscalYearStart): DealTable => readDeals(g, { timeZone: 'UTC', now: NOW, fiscalYearStart });
const EXPRESSIBLE = CATALOG.filter((k) => !inexpressible(k));
const PERIODS = ['', '2024', '2024-Q1', '2024-03', '2024-W10', '2024-03-15', '2024-02-20..2024-03-10'];

/** The engine's answer as rows [label, value] (whole: [null, value]); no value is null. */
function engineRows(def: KpiDef, table: DealTable, period: string, g: GroupBy, args: KpiArgs): [string | null, number | null][] {
  let r: SheetResult;
  try {
    r = evaluate(def, table, period, g, args);
  } catch (e) {
    if (g === '') return [[null, null]];
    throw e;
  }
  if (!Array.isArray(r)) return [[null, r as number]];
  return r.slice(1).map((row) => [String(row[0]), row[1] === '' ? null : (row[1] as number)]);
}

/**
 * The engine's answer with the quarters and years of a fiscal year starting with month `fiscal`, as KPI_TABLE's and
 * the summary's slicing makes them (the functions' own calls slice a calendar period in calendar quarters).
 */
function fiscalRows(def: KpiDef, table: DealTable, p: Period, g: GroupBy, args: KpiArgs, fiscal: FiscalYearStart): [string | null, number | null][] {
  const slicing = makeSlicing(table, p, g, fiscal);
  const vals = def.compute(table, slicing, args);
  const value = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return slicing.by === 'whole' ? [[null, value(vals[0])]] : slicing.labels.map((label, k) => [label, value(vals[k])]);
}

/** What else `agree` checks: a fiscal year (then FY period text is fiscal too), other group_bys, and the labels seen. */
interface AgreeOptions {
  readonly fiscal?: FiscalYearStart;
  readonly groupBys?: readonly GroupBy[];
  readonly labels?: Set<string>;
}

/** Checks one table: every (period, group_by), all expressible KPIs it has the columns for in one query each. */
async function agree(name: string, g: unknown[][], args: KpiArgs = {}, periods = PERIODS, options: AgreeOptions = {}): Promise<number> {
  const { fiscal } = options;
  const table = read(g, fiscal);
  const { db, columns } = await DuckDeals.of(table);
  const have = new Set(columns.map((c) => c.name as CanonicalName));
  let checked = 0;
  try {
    for (const period of periods) {
      const p = parsePeriod(period, table.dayOf, table.fiscalYearStart);
      for (const groupBy of options.groupBys ?? GROUP_BYS) {
        if (groupBy !== '' && !isGranularity(groupBy) && !table.columns[groupBy] && groupBy !== 'type') continue;
        if (groupBy === 'type' && !table.columns.type) continue;
        const overTime = p.kind !== 'all' || isGranularity(groupBy);
        const kpis = EXPRESSIBLE.filter((k) => !missingColumns(needsOf(k, overTime), table))
          .filter((k) => !(args.weighted && k.option?.name === 'weighted' && !table.columns.probability));
        if (kpis.length === 0) continue;
        const sql = compileSql({
          dialect: DUCKDB, kpis, period: p, groupBy, columns: have, stat: args.stat, weighted: args.weighted, baseline: args.baseline, fiscalYearStart: fiscal,
        });
        // SQL orders labels plainly, the functions naturally (C2 before C10): compare in one order.
        const byLabel = (a: [unknown, ...unknown[]], b: [unknown, ...unknown[]]) => String(a[0]).localeCompare(String(b[0]));
        const got = (await db.rows(sql)).sort(byLabel as never);
        const labels = got.map((r) => r[0]);
        for (const label of labels) options.labels?.add(String(label));
        kpis.forEach((k, j) => {
          const rows = fiscal === undefined ? engineRows(k, table, period, groupBy, args) : fiscalRows(k, table, p, groupBy, args, fiscal);
          const want = rows.sort(byLabel as never);
          const where = `${name}: ${k.name}(${period || '""'}, ${groupBy || '""'})${fiscal === undefined ? '' : ` fiscal ${fiscal}`}`;
          expect(labels, where).toEqual(want.map((w) => w[0]));
          want.forEach(([, v], i) => {
            const s = got[i][j + 1] as Cell;
            if (v === null) expect(s, `${where} ${want[i][0]}`).toBeNull();
            else {
              expect(typeof s, `${where} ${want[i][0]}: ${String(s)} vs ${v}`).toBe('number');
              expect(Math.abs((s as number) - v), `${where} ${want[i][0]}: ${s} vs ${v}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
            }
          });
          checked++;
        });
      }
    }
  } finally {
    db.close();
  }
  return checked;
}

describe('SQL from the catalog agrees with the engine in DuckDB', () => {
  it('on the §7 reference table', async () => {
    expect(await agree('reference', referenceDeals())).toBeGreaterThan(100);
  });
  it('on sales that swing below zero (refunds)', async () => {
    expect(await agree('swings', salesSwings())).toBeGreaterThan(20);
  });
});

/** examples/deals-en.csv as a CSV hands it over: text cells. */
function exampleDeals(): unknown[][] {
  return Papa.parse(readFileSync('examples/deals-en.csv', 'utf8'), { skipEmptyLines: true }).data as unknown[][];
}

describe('SQL agreement on larger and harder tables', () => {
  it('on the sample deals of examples/ (500 customers, every column)', async () => {
    expect(await agree('examples', exampleDeals(), {}, ['', '2024', '2024-Q2', '2024-05', '2024-W20', '2024-05-15', '2024-04-20..2024-06-10'])).toBeGreaterThan(500);
  });
  it('with the options: median sales cycle, weighted pipeline, a baseline period', async () => {
    const periods = ['', '2024-Q2', '2024-05'];
    expect(await agree('examples median', exampleDeals(), { stat: 'median' }, periods)).toBeGreaterThan(50);
    expect(await agree('examples weighted', exampleDeals(), { weighted: true }, periods)).toBeGreaterThan(50);
    const t = read(exampleDeals());
    expect(await agree('examples baseline', exampleDeals(), { baseline: parsePeriod('2023-Q4', t.dayOf) }, periods)).toBeGreaterThan(50);
  });
  it('on a generated table (bench/generate.ts: 3 000 deals, 8 reps, 6 sources, refunds and open deals)', async () => {
    const generated = generateDeals({ rows: 3000, seed: 7 });
    expect(await agree('generated', generated, {}, ['', '2024', '2024-Q2', '2024-05', '2024-W20'])).toBeGreaterThan(300);
  });
  it('on a sales log (no status: every row with an amount is a sale)', async () => {
    const log = grid(['Date', 'Amount', 'Customer', 'Rep'], [
      [d('2024-03-01'), 100, 'A', 'Anna'], [d('2024-03-05'), 50, 'B', 'Boris'], [d('2024-03-09'), -20, 'A', 'Anna'],
      [d('2024-02-11'), '', 'C', 'Anna'], [d('2024-03-15'), 70, '', ''], [d('2024-01-20'), 30, 'A', 'Boris'],
    ]);
    expect(await agree('sales log', log)).toBeGreaterThan(30);
  });
  it('on bad input: unreadable amounts and dates, future dates, blank groups, a deal closed before it was created', async () => {
    const bad = grid(['Deal ID', 'Created', 'Closed', 'Amount', 'Cost', 'Status', 'Rep', 'Source', 'Qualified', 'Probability'], [
      ['B1', d('2024-02-01'), d('2024-03-05'), 'abc', 10, 'won', 'Anna', 'Ads', 'yes', ''],
      ['B2', 'not a date', d('2024-03-06'), 200, '', 'won', '', 'Ads', '', ''],
      ['B3', d('2024-02-10'), d('2027-01-01'), 300, 100, 'won', 'Boris', '', 'maybe', ''],
      ['B4', d('2024-03-10'), d('2024-03-01'), 400, 150, 'won', 'Boris', 'Web', d('2024-03-02'), ''],
      ['B5', d('2024-02-15'), '', 500, '', 'open', 'Anna', 'Web', '', 0.4],
      ['B6', d('2024-02-20'), d('2024-03-20'), 600, '', 'lost', 'Anna', 'Ads', d('2024-02-25'), ''],
      ['B7', d('2024-03-01'), d('2024-03-25'), '1 234,56', 34.56, 'won', 'Anna', 'Web', 'TRUE', ''],
      ['B8', d('2024-01-05'), d('2024-02-28'), -100, '', 'won', 'Boris', 'Ads', '', ''],
      ['B9', d('2024-03-03'), '', 250, '', 'open', 'Boris', '', 'FALSE', 'x'],
      ['B10', d('2024-03-04'), d('2024-03-30'), 90, 20, 'huh', 'Anna', 'Web', '', ''],
    ]);
    expect(await agree('bad input', bad)).toBeGreaterThan(100);
  });
});

describe('SQL agreement with a fiscal year: quarters and years as the engine slices them', () => {
  /** Whole and category slices of FY periods compare with the fiscal period before; months must stay calendar ones. */
  const GROUPS: readonly GroupBy[] = ['', 'rep', 'month', 'quarter', 'year'];
  /** The sample deals run from October 2023 to 1 January 2025 (NOW; later dates are in the future and left out). */
  const FISCAL_PERIODS = ['', 'FY2024', 'FY2024-Q3', '2024', 'FY2025-Q1'];
  /** True for a calendar quarter or year label (2024-Q1, 2024), which fiscal buckets never have. */
  const calendar = (label: string): boolean => /^\d{4}(-Q\d)?$/.test(label);

  it('April: FY2024 is April 2023 to March 2024, the table runs from FY2024-Q3 (October 2023) to FY2025-Q4 (January 2025)', async () => {
    const labels = new Set<string>();
    expect(await agree('examples fiscal 4', exampleDeals(), {}, FISCAL_PERIODS, { fiscal: 4, groupBys: GROUPS, labels })).toBeGreaterThan(200);
    for (const l of ['FY2024-Q3', 'FY2024-Q4', 'FY2025-Q1', 'FY2025-Q4', 'FY2024', 'FY2025']) expect(labels).toContain(l);
    for (const l of ['FY2026-Q1', 'FY2026']) expect(labels).not.toContain(l);
    expect([...labels].filter(calendar)).toEqual([]);
  });
  it('October: FY2024 is October 2023 to September 2024, so its quarters are the calendar ones renamed', async () => {
    const labels = new Set<string>();
    expect(await agree('examples fiscal 10', exampleDeals(), {}, FISCAL_PERIODS, { fiscal: 10, groupBys: GROUPS, labels })).toBeGreaterThan(200);
    // October 2023 opens FY2024-Q1; January 2025 is in FY2025-Q2.
    for (const l of ['FY2024-Q1', 'FY2024-Q4', 'FY2025-Q2', 'FY2024', 'FY2025']) expect(labels).toContain(l);
    for (const l of ['FY2025-Q3', 'FY2026']) expect(labels).not.toContain(l);
    expect([...labels].filter(calendar)).toEqual([]);
  });
  it('February: 2024 in fiscal quarters is clipped at both ends (January alone, then November and December)', async () => {
    const labels = new Set<string>();
    expect(await agree('examples fiscal 2', exampleDeals(), {}, FISCAL_PERIODS, { fiscal: 2, groupBys: GROUPS, labels })).toBeGreaterThan(200);
    // October 2023 is in FY2024-Q3 (August–October), January 2025 in FY2025-Q4 (November 2024–January 2025).
    for (const l of ['FY2024-Q3', 'FY2025-Q4', 'FY2024', 'FY2025']) expect(labels).toContain(l);
    expect(labels).not.toContain('FY2026-Q1');
    expect([...labels].filter(calendar)).toEqual([]);
  });
  it('on the §7 reference table and a generated one, fiscal years starting in March and July', async () => {
    expect(await agree('reference fiscal 3', referenceDeals(), {}, ['', 'FY2024', 'FY2025-Q1', '2024'], { fiscal: 3 })).toBeGreaterThan(50);
    const generated = generateDeals({ rows: 3000, seed: 7 });
    expect(await agree('generated fiscal 7', generated, {}, ['', 'FY2024', '2024'], { fiscal: 7, groupBys: GROUPS })).toBeGreaterThan(100);
  });
  it('with a baseline: one fiscal quarter for every bucket, or a fiscal year whose k-th quarter matches the k-th', async () => {
    const t = read(exampleDeals(), 4);
    const periods = ['FY2025', 'FY2025-Q2', '2024'];
    const options = { fiscal: 4, groupBys: GROUPS };
    expect(await agree('baseline FY2024-Q3', exampleDeals(), { baseline: parsePeriod('FY2024-Q3', t.dayOf, 4) }, periods, options)).toBeGreaterThan(50);
    expect(await agree('baseline FY2024', exampleDeals(), { baseline: parsePeriod('FY2024', t.dayOf, 4) }, periods, options)).toBeGreaterThan(50);
  });
});

afterAll(() => undefined);
