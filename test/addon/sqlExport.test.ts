/**
 * "Copy as BigQuery SQL" (issue 11, point 2) on the strict stand-in: bigQuerySql compiles the sidebar's choices to one
 * query over the canonical deal table, lists what it leaves out and why, and — run in DuckDB's dialect over the
 * canonical form of the same sheet — gives the summary's numbers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BigQuerySqlOptions } from '../../src/addon/api';
import { buildSummary } from '../../src/addon/server';
import { saveSettings } from '../../src/addon/settingsApi';
import { bigQuerySql, sidebarSqlRequest } from '../../src/addon/sqlExport';
import { evaluate } from '../../src/engine/call';
import { compileSql } from '../../src/engine/sql/compile';
import { DUCKDB } from '../../src/engine/sql/dialect';
import { d, grid } from '../helpers';
import { DuckDeals } from '../engine/sql/duck';
import type { FakeSheets } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';

/**
 * Sheet rows 2–11 of "Deals": March to May 2025, with a cost for the profit and a customer for the customer KPIs.
 * May: won 1 000 (cost 600), 500 (cost 200) and 2 000 (cost 1 500); lost 300 and 700; one deal open. Row 11's amount is
 * unreadable.
 */
const HEADER = ['Deal', 'Customer', 'Created', 'Closed', 'Amount', 'Cost', 'Status', 'Rep', 'Source'];
const ROWS = [
  ['D1', 'Acme', d('2025-02-01'), d('2025-03-10'), 800, 500, 'won', 'Anna', 'Web'],
  ['D2', 'Beta', d('2025-03-02'), d('2025-04-12'), 1200, 700, 'won', 'Boris', 'Ads'],
  ['D3', 'Gamma', d('2025-03-05'), d('2025-04-20'), 400, 300, 'lost', 'Anna', 'Web'],
  ['D4', 'Acme', d('2025-04-01'), d('2025-05-02'), 1000, 600, 'won', 'Anna', 'Web'],
  ['D5', 'Delta', d('2025-04-02'), d('2025-05-10'), 500, 200, 'won', 'Anna', 'Ads'],
  ['D6', 'Eps', d('2025-04-03'), d('2025-05-12'), 300, 100, 'lost', 'Anna', 'Web'],
  ['D7', 'Beta', d('2025-04-04'), d('2025-05-20'), 2000, 1500, 'won', 'Boris', 'Ads'],
  ['D8', 'Zeta', d('2025-04-05'), d('2025-05-21'), 700, 400, 'lost', 'Boris', 'Web'],
  ['D9', 'Eta', d('2025-04-06'), '', 900, '', 'open', 'Boris', 'Web'],
  ['D10', 'Theta', d('2025-03-01'), d('2025-04-15'), 'n/a', '', 'won', 'Anna', 'Ads'],
];
const DEALS = grid(HEADER, ROWS);
/** The same deals without the cost column. */
const NO_COST = grid(HEADER.filter((h) => h !== 'Cost'), ROWS.map((r) => r.filter((_, i) => i !== 5)));
const NOW = new Date(Date.UTC(2025, 5, 10, 12));

function install(values: unknown[][] = DEALS, name = 'Deals'): FakeSheets {
  return installFake({ sheets: [{ name, values }, { name: 'Notes', values: [['my notes']] }] }, NOW);
}

afterEach(restoreGlobals);

describe('bigQuerySql', () => {
  it('compiles the chosen KPIs, in the order chosen, over the last whole month by month, from `deals`', () => {
    install();
    const r = bigQuerySql({ table: { sheet: 'Deals' }, kpis: ['win_rate', 'sales_volume', 'profit'] });
    expect(r).toMatchObject({ kpis: ['win_rate', 'sales_volume', 'profit'], skipped: [], period: '2025-05', granularity: 'month' });
    expect(r.sql.startsWith('WITH ')).toBe(true);
    expect(r.sql).toContain('FROM `deals`');
    expect(r.sql).toContain('SAFE_DIVIDE(');
    const select = /\nSELECT s\.group_label, (.*)\nFROM slices s/.exec(r.sql)?.[1] ?? '';
    const columns = [...select.matchAll(/ AS (\w+)(?=,|$)/g)].map((m) => m[1]);
    expect(columns).toEqual(['win_rate', 'sales_volume', 'profit']);
    // The one bucket of May 2025, as a literal slice.
    expect(r.sql).toContain("'2025-05' AS group_label");
    expect(r.sql).not.toContain("'2025-04' AS group_label");
  });

  it('takes the period and granularity asked, and the BigQuery table named (quoted, backquotes dropped)', () => {
    install();
    const r = bigQuerySql({ table: { sheet: 'Deals' }, period: '2025-Q2', granularity: 'month', kpis: ['deals_won'], bigQueryTable: 'my-project.sales.deals`x' });
    expect(r.period).toBe('2025-Q2');
    expect(r.sql).toContain('FROM `my-project.sales.dealsx`');
    expect(r.sql).not.toContain('FROM `deals`');
    for (const m of ['2025-04', '2025-05', '2025-06']) expect(r.sql).toContain(`'${m}' AS group_label`);
    expect(bigQuerySql({ table: { sheet: 'Deals' }, granularity: 'week', kpis: ['deals_won'], bigQueryTable: '  ' }).sql)
      .toMatch(/FROM `deals`[\s\S]*DATE_TRUNC\(d\.closed, ISOWEEK\)/);
  });

  it('lists the hand-written KPIs, the plan\'s and an unknown id as skipped with the reason; no KPI chosen means every KPI', () => {
    install();
    const r = bigQuerySql({ table: { sheet: 'Deals' }, kpis: ['new_customers', 'sales_volume', 'plan_attainment', 'nope', 'ltv'] });
    expect(r.kpis).toEqual(['sales_volume']);
    expect(r.skipped).toEqual([
      { kpi: 'nope', reason: '"nope" is not a KPI of the catalog' },
      { kpi: 'new_customers', reason: expect.stringMatching(/^NEW_CUSTOMERS is computed by hand .*customer history/) },
      { kpi: 'plan_attainment', reason: 'PLAN_ATTAINMENT needs a plan table, which is not in the deal table' },
      { kpi: 'ltv', reason: expect.stringMatching(/^LTV is computed by hand/) },
    ]);
    const all = bigQuerySql({ table: { sheet: 'Deals' } });
    expect(all.kpis).toEqual(expect.arrayContaining(['sales_volume', 'deals_won', 'win_rate', 'profit', 'margin', 'sales_cycle', 'pipeline_value']));
    expect(all.skipped.map((s) => s.kpi)).toEqual(expect.arrayContaining(['new_customers', 'arpu', 'upsell_rate', 'cac', 'plan_attainment']));
    // Every KPI is either compiled or skipped, once.
    expect(all.kpis.length + all.skipped.length).toBe(new Set([...all.kpis, ...all.skipped.map((s) => s.kpi)]).size);
  });

  it('a table without a cost column skips PROFIT and MARGIN with the missing column; the query reads no cost', () => {
    install(NO_COST);
    const r = bigQuerySql({ table: { sheet: 'Deals' }, kpis: ['sales_volume', 'profit', 'margin'] });
    expect(r.kpis).toEqual(['sales_volume']);
    expect(r.skipped).toEqual([
      { kpi: 'profit', reason: expect.stringMatching(/^PROFIT: the deal table has no `cost` column/) },
      { kpi: 'margin', reason: expect.stringMatching(/^MARGIN: the deal table has no `cost` column/) },
    ]);
    expect(r.sql).not.toMatch(/\bcost\b/);
  });

  it('reads the table with the mapping sent, else the document\'s saved one, and answers bad input with a message', () => {
    install(grid(['When', 'Sum', 'State', 'Note'], [[d('2025-05-02'), 100, 'won', 'x'], [d('2025-05-03'), 50, 'lost', 'y']]));
    // Only State is recognised (as the status): nothing compiles, the first reasons in the message.
    expect(() => bigQuerySql({ table: { sheet: 'Deals' } }))
      .toThrow(/^None of the chosen KPIs can be written in SQL over this table: SALES_VOLUME: the deal table has no `closed` column .*; DEALS_WON: .*; DEALS_LOST: [^;]* … and \d+ more$/);
    const mapping = { closed: 0, amount: 1, status: 2 };
    expect(bigQuerySql({ table: { sheet: 'Deals' }, mapping, kpis: ['sales_volume'] })).toMatchObject({ kpis: ['sales_volume'], period: '2025-05' });
    saveSettings({ version: 1, mappings: { Deals: mapping } });
    const r = bigQuerySql({ table: { sheet: 'Deals' }, kpis: ['win_rate', 'profit'] });
    expect(r.kpis).toEqual(['win_rate']);
    // Nothing the table can give: the reasons in the message.
    expect(() => bigQuerySql({ table: { sheet: 'Deals' }, kpis: ['profit', 'arpu'] }))
      .toThrow(/^None of the chosen KPIs can be written in SQL over this table: PROFIT: the deal table has no `cost` column.*; ARPU is computed by hand[^;]*$/);
    expect(() => bigQuerySql({ table: { sheet: 'Deals' }, period: 'soon' })).toThrow(/period/);
    expect(() => bigQuerySql({ table: { sheet: 'Deals' }, granularity: 'decade' as 'day' })).toThrow('granularity "decade" must be one of day, week, month, quarter, year');
    expect(() => bigQuerySql({ table: { sheet: 'Nowhere' } })).toThrow('There is no sheet named "Nowhere"');
    expect(() => bigQuerySql(undefined as never)).toThrow('Pick the deal table first.');
    install(grid(['A', 'B'], [[1, 2]]));
    expect(() => bigQuerySql({ table: { sheet: 'Deals' } })).toThrow(/^Deals: the first row must be the header/);
  });
});

describe('the same request in DuckDB over the canonical table', () => {
  /** The request's rows in DuckDB, and the engine's values of the same KPIs, periods and groups. */
  async function both(options: BigQuerySqlOptions): Promise<{ got: unknown[][]; want: unknown[][]; kpis: string[] }> {
    const { request, table, period, granularity } = sidebarSqlRequest(options, DUCKDB);
    const { db } = await DuckDeals.of(table);
    try {
      const got = await db.rows(compileSql(request));
      const columns = request.kpis.map((def) => evaluate(def, table, period, granularity, {}) as unknown[][]);
      // The engine's group table: header row, then [label, value] per bucket; '' for no value.
      const want = columns[0].slice(1).map((row, i) => [row[0], ...columns.map((c) => (c[i + 1][1] === '' ? null : c[i + 1][1]))]);
      return { got, want, kpis: request.kpis.map((k) => k.id) };
    } finally {
      db.close();
    }
  }

  const close = (got: unknown[][], want: unknown[][]): void => {
    expect(got.map((r) => r[0])).toEqual(want.map((r) => r[0]));
    got.forEach((row, i) => row.slice(1).forEach((v, j) => {
      const w = want[i][j + 1];
      if (w === null) expect(v, `${String(row[0])} #${j}`).toBeNull();
      else expect(v as number, `${String(row[0])} #${j}`).toBeCloseTo(w as number, 9);
    }));
  };

  it('gives the engine\'s values for every KPI it compiled, over a quarter by month and by week', async () => {
    install();
    for (const granularity of ['month', 'week'] as const) {
      const { got, want, kpis } = await both({ table: { sheet: 'Deals' }, period: '2025-Q2', granularity });
      expect(kpis.length).toBeGreaterThan(10);
      expect(got.length).toBe(granularity === 'month' ? 3 : 14);
      close(got, want);
    }
  });

  it('cuts quarters of the document\'s fiscal year, as the summary does: FY2026-Q1 (April–June 2025) sold 4 700', async () => {
    const fake = install();
    saveSettings({ version: 1, fiscalYearStart: 4 });
    const { got, want } = await both({ table: { sheet: 'Deals' }, period: 'FY2026', granularity: 'quarter', kpis: ['sales_volume', 'deals_won'] });
    close(got, want);
    // Won in April–May 2025: 1 200 + 1 000 + 500 + 2 000 (D10's amount is unreadable); five deals with D10.
    expect(got).toEqual([['FY2026-Q1', 4700, 5], ['FY2026-Q2', 0, 0], ['FY2026-Q3', 0, 0], ['FY2026-Q4', 0, 0]]);
    expect(bigQuerySql({ table: { sheet: 'Deals' }, period: 'FY2026', granularity: 'quarter', kpis: ['sales_volume'] }).sql)
      .toContain("'FY2026-Q1' AS group_label");
    buildSummary({ table: { sheet: 'Deals' }, granularity: 'quarter', kpis: ['sales_volume'], locale: 'en' });
    const values = fake.spreadsheet.values('KPI summary');
    const top = values.findIndex((r) => r[0] === 'Fiscal quarter');
    expect(values.slice(top + 1).find((r) => r[0] === 'FY2026-Q1')?.[1]).toBe(4700);
  });

  it('the default period is the summary\'s: its overview and by-period numbers for May 2025', async () => {
    const fake = install();
    const kpis = ['sales_volume', 'deals_won', 'deals_lost', 'win_rate', 'avg_deal', 'profit', 'margin'];
    const { got, want } = await both({ table: { sheet: 'Deals' }, kpis });
    expect(got).toHaveLength(1);
    close(got, want);
    expect(got[0].slice(0, 6)).toEqual(['2025-05', 3500, 3, 2, 0.6, 3500 / 3]);
    expect(got[0][6]).toBeCloseTo(1200, 9);

    // The summary built with the same choices shows the same figures for May 2025.
    const built = buildSummary({ table: { sheet: 'Deals' }, kpis, locale: 'en' });
    expect(built.period).toBe('2025-05');
    const values = fake.spreadsheet.values('KPI summary');
    const byPeriod = values.findIndex((r) => r[0] === 'Month');
    expect(byPeriod).toBeGreaterThan(0);
    const header = values[byPeriod];
    const may = values.slice(byPeriod + 1).find((r) => r[0] === '2025-05') as unknown[];
    expect(may).toBeDefined();
    const col = (title: string): number => header.indexOf(title);
    expect(may[col('Sales volume')]).toBe(got[0][1]);
    expect(may[col('Deals won')]).toBe(got[0][2]);
    expect(may[col('Win rate')]).toBeCloseTo(got[0][4] as number, 9);
    expect(may[col('Profit')]).toBeCloseTo(got[0][6] as number, 9);
  });
});
