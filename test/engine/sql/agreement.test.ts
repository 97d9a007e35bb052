/**
 * The SQL compiled from the catalog gives, in DuckDB over the canonical table, what the custom functions give over
 * the sheet: every expressible KPI, every period form and every group_by, on the example tables, a sales log and a
 * table of bad input. Rates and sums to 1e-9.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, type SheetResult } from '../../../src/engine/call';
import { CATALOG } from '../../../src/engine/catalog';
import type { CanonicalName } from '../../../src/engine/canonical';
import type { KpiArgs, KpiDef } from '../../../src/engine/kpi';
import { needsOf, missingColumns } from '../../../src/engine/needs';
import { isGranularity, parsePeriod } from '../../../src/engine/period';
import { readDeals } from '../../../src/engine/read';
import { GROUP_BYS, type GroupBy } from '../../../src/engine/slicing';
import type { DealTable } from '../../../src/engine/table';
import { compileSql, inexpressible } from '../../../src/engine/sql/compile';
import { DUCKDB } from '../../../src/engine/sql/dialect';
import { d, grid, referenceDeals, salesSwings } from '../../helpers';
import { DuckDeals, type Cell } from './duck';
import { generateDeals } from '../../../bench/generate';

const NOW = Date.UTC(2025, 0, 1);
const read = (g: unknown[][]): DealTable => readDeals(g, { timeZone: 'UTC', now: NOW });
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

/** Checks one table: every (period, group_by), all expressible KPIs it has the columns for in one query each. */
async function agree(name: string, g: unknown[][], args: KpiArgs = {}, periods = PERIODS): Promise<number> {
  const table = read(g);
  const { db, columns } = await DuckDeals.of(table);
  const have = new Set(columns.map((c) => c.name as CanonicalName));
  let checked = 0;
  try {
    for (const period of periods) {
      const p = parsePeriod(period, table.dayOf);
      for (const groupBy of GROUP_BYS) {
        if (groupBy !== '' && !isGranularity(groupBy) && !table.columns[groupBy] && groupBy !== 'type') continue;
        if (groupBy === 'type' && !table.columns.type) continue;
        const overTime = p.kind !== 'all' || isGranularity(groupBy);
        const kpis = EXPRESSIBLE.filter((k) => !missingColumns(needsOf(k, overTime), table))
          .filter((k) => !(args.weighted && k.option?.name === 'weighted' && !table.columns.probability));
        if (kpis.length === 0) continue;
        const sql = compileSql({ dialect: DUCKDB, kpis, period: p, groupBy, columns: have, stat: args.stat, weighted: args.weighted, baseline: args.baseline });
        // SQL orders labels plainly, the functions naturally (C2 before C10): compare in one order.
        const byLabel = (a: [unknown, ...unknown[]], b: [unknown, ...unknown[]]) => String(a[0]).localeCompare(String(b[0]));
        const got = (await db.rows(sql)).sort(byLabel as never);
        const labels = got.map((r) => r[0]);
        kpis.forEach((k, j) => {
          const want = engineRows(k, table, period, groupBy, args).sort(byLabel as never);
          const where = `${name}: ${k.name}(${period || '""'}, ${groupBy || '""'})`;
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

afterAll(() => undefined);
