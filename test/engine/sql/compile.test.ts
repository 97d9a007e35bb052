import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, findKpi } from '../../../src/engine/catalog';
import type { KpiDef } from '../../../src/engine/kpi';
import type { CanonicalName } from '../../../src/engine/canonical';
import { formatDay } from '../../../src/engine/days';
import { ALL_TIME, bucketOf, parsePeriodText } from '../../../src/engine/period';
import { readDeals } from '../../../src/engine/read';
import { GROUP_BYS } from '../../../src/engine/slicing';
import { compileSql, inexpressible, SqlRefusal, type SqlRequest } from '../../../src/engine/sql/compile';
import { BIGQUERY, DUCKDB, withFiscalYear, type Dialect } from '../../../src/engine/sql/dialect';
import { referenceDeals } from '../../helpers';
import { DuckDeals } from './duck';

const kpi = (name: string): KpiDef => findKpi(name)!;

describe('inexpressible: the KPIs SQL is not compiled for, and why', () => {
  it('refuses the hand-written KPIs, the plan\'s attainment and the type shares; compiles the other 16', () => {
    const refused = CATALOG.filter((k) => inexpressible(k)).map((k) => k.name);
    expect(refused).toEqual([
      'PLAN_ATTAINMENT', 'NEW_CUSTOMERS', 'ACTIVE_CUSTOMERS', 'ARPU', 'RETENTION_RATE', 'CHURN_RATE', 'REPEAT_PURCHASES',
      'REPEAT_RATE', 'LOYAL_CUSTOMERS', 'POTENTIAL_CUSTOMERS', 'UPSELL_RATE', 'CROSS_SELL_RATE', 'CAC', 'LTV', 'NET_LTV',
      'LTV_CAC', 'CAC_PAYBACK',
    ]);
    expect(CATALOG.length - refused.length).toBe(16);
  });
  it('says why in the user\'s terms', () => {
    expect(inexpressible(kpi('PLAN_ATTAINMENT'))).toBe('PLAN_ATTAINMENT needs a plan table, which is not in the deal table');
    expect(inexpressible(kpi('NEW_CUSTOMERS'))).toMatch(/^NEW_CUSTOMERS is computed by hand \(.+\), not from a definition SQL is compiled from$/);
    expect(inexpressible(kpi('UPSELL_RATE'))).toContain('the canonical table writes NULL for both');
  });
  it('throws SqlRefusal from compileSql', () => {
    expect(() => compileSql({ dialect: DUCKDB, kpis: [kpi('LTV')], period: ALL_TIME, groupBy: '' })).toThrow(SqlRefusal);
  });
});

describe('compileSql against the table\'s schema', () => {
  const base: Omit<SqlRequest, 'kpis'> = { dialect: DUCKDB, period: ALL_TIME, groupBy: '', columns: new Set(['row', 'closed', 'amount', 'status']) };
  it('refuses a KPI whose column the table lacks, as the function would', () => {
    expect(() => compileSql({ ...base, kpis: [kpi('PROFIT')] })).toThrow(/^PROFIT: the deal table has no `cost` column \(looked for: cost, /);
    expect(() => compileSql({ ...base, kpis: [kpi('SALES_VOLUME')], groupBy: 'rep' })).toThrow(/no `rep` column to group by/);
  });
  it('refuses status KPIs on a sales log, and a weighted pipeline without probabilities', () => {
    const log = { ...base, columns: new Set(['row', 'closed', 'amount', 'created'] as const) };
    expect(() => compileSql({ ...log, kpis: [kpi('WIN_RATE')] })).toThrow(/no `status` column .*, nor a `stage` to read won and lost from/);
    const open = { ...base, columns: new Set(['row', 'closed', 'created', 'amount', 'status'] as const) };
    expect(() => compileSql({ ...open, kpis: [kpi('PIPELINE_VALUE')], weighted: true })).toThrow('weighted TRUE needs win probabilities');
  });
});

/**
 * A dialect whose every method leaves a marker; rendering the markers with a real dialect must give exactly what
 * compiling with it gives, so every difference between the two texts comes from dialect.ts.
 */
function markerDialect(): Dialect {
  const mark = (name: string) => (...args: unknown[]) => `\u0001${name}${args.map((a) => `\u0002${String(a)}`).join('')}\u0003`;
  return {
    name: 'duckdb', table: mark('table'), divide: mark('divide'), bucketStart: mark('bucketStart'), addBuckets: mark('addBuckets'),
    addMonths: mark('addMonths'), concat: mark('concat'), bucketLabel: mark('bucketLabel'), bucketSeries: mark('bucketSeries'), daysBetween: mark('daysBetween'), medianBy: mark('medianBy'),
    isTrue: mark('isTrue'), types: { STRING: '\u0004STRING', FLOAT64: '\u0004FLOAT64', INT64: '\u0004INT64' },
  };
}

/** A marked text rendered with a real dialect: innermost markers first. */
function render(text: string, d: Dialect): string {
  let s = text.replace(/\u0004(STRING|FLOAT64|INT64)/g, (_m, t: 'STRING' | 'FLOAT64' | 'INT64') => d.types[t]);
  for (;;) {
    const m = /\u0001(\w+)((?:\u0002[^\u0001\u0003]*)*)\u0003/.exec(s);
    if (!m) return s;
    const args = m[2] === '' ? [] : m[2].slice(1).split('\u0002').map((a) => (/^-?\d+$/.test(a) ? Number(a) : a));
    const fn = (d as unknown as Record<string, (...a: unknown[]) => string>)[m[1]];
    s = s.slice(0, m.index) + fn(...args) + s.slice(m.index + m[0].length);
  }
}

describe('the two dialects', () => {
  it('differ only in what dialect.ts renders: every KPI, period form and group_by', () => {
    const kpis = CATALOG.filter((k) => !inexpressible(k));
    let compared = 0;
    for (const period of [ALL_TIME, parsePeriodText('2024-Q1'), parsePeriodText('2024-02-20..2024-03-10')]) {
      for (const groupBy of GROUP_BYS) {
        for (const stat of ['mean', 'median'] as const) {
          const req = { kpis, period, groupBy, table: 'project.sales.deals', stat, weighted: true, baseline: parsePeriodText('2023') };
          const marked = compileSql({ ...req, dialect: markerDialect() });
          expect(render(marked, BIGQUERY)).toBe(compileSql({ ...req, dialect: BIGQUERY }));
          expect(render(marked, DUCKDB)).toBe(compileSql({ ...req, dialect: DUCKDB }));
          compared++;
        }
      }
    }
    expect(compared).toBe(66);
  });
  it('write the known differences: SAFE_DIVIDE or NULLIF, backticks or quotes, ISOWEEK, the median', () => {
    const req = { kpis: [kpi('WIN_RATE'), kpi('SALES_CYCLE')], period: ALL_TIME, groupBy: 'week' as const, table: 'p.d.deals', stat: 'median' as const };
    const bq = compileSql({ ...req, dialect: BIGQUERY });
    const duck = compileSql({ ...req, dialect: DUCKDB });
    expect(bq).toContain('SAFE_DIVIDE(');
    expect(bq).toContain('FROM `p.d.deals`');
    expect(bq).toContain('DATE_TRUNC(d.closed, ISOWEEK)');
    expect(bq).toContain('PERCENTILE_CONT(x, 0.5) OVER (PARTITION BY ord)');
    expect(duck).toContain('NULLIF(');
    expect(duck).toContain('FROM "p"."d"."deals"');
    expect(duck).toContain("date_trunc('week', d.closed)");
    expect(duck).toContain('median(x)');
  });
});

describe('compiled SQL by hand on the §7 reference table in DuckDB', () => {
  let db: DuckDeals;
  let columns: Set<CanonicalName>;
  beforeAll(async () => {
    const loaded = await DuckDeals.of(readDeals(referenceDeals(), { timeZone: 'UTC', now: Date.UTC(2025, 0, 1) }));
    db = loaded.db;
    columns = new Set(loaded.columns.map((c) => c.name));
  });
  afterAll(() => db.close());
  const run = (req: Omit<SqlRequest, 'dialect' | 'columns'>) => db.rows(compileSql({ ...req, columns, dialect: DUCKDB }));
  it('March 2024: sales 400 000, 8 won, 2 lost, win rate 0.8, growth (400 000 − 250 000) / 250 000 = 0.6', async () => {
    const rows = await run({ kpis: ['SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST', 'WIN_RATE', 'SALES_GROWTH'].map(kpi), period: parsePeriodText('2024-03'), groupBy: '' });
    expect(rows).toEqual([[null, 400000, 8, 2, 0.8, 0.6]]);
  });
  it('by rep over the whole table: Anna 400 000 and 8 of 9, Boris 250 000 and 5 of 6', async () => {
    const rows = await run({ kpis: [kpi('SALES_VOLUME'), kpi('WIN_RATE')], period: ALL_TIME, groupBy: 'rep' });
    expect(rows).toEqual([['Anna', 400000, 8 / 9], ['Boris', 250000, 5 / 6]]);
  });
  it('by month: February 250 000, March 400 000, each against the month before (January had none: NULL)', async () => {
    const rows = await run({ kpis: [kpi('SALES_VOLUME'), kpi('SALES_GROWTH')], period: ALL_TIME, groupBy: 'month' });
    expect(rows).toEqual([['2024-01', 0, null], ['2024-02', 250000, null], ['2024-03', 400000, 0.6]]);
  });
  it('fiscal years from March: FY2024 (March 2023–February 2024) 250 000, FY2025 400 000, growth 0.6', async () => {
    const rows = await run({ kpis: [kpi('SALES_VOLUME'), kpi('SALES_GROWTH')], period: ALL_TIME, groupBy: 'year', fiscalYearStart: 3 });
    expect(rows).toEqual([['FY2024', 250000, null], ['FY2025', 400000, 0.6]]);
  });
  it('fiscal quarters from February: FY2025-Q1 (February–April) 650 000; its months February 250 000, March 400 000, April 0', async () => {
    expect(await run({ kpis: [kpi('SALES_VOLUME')], period: ALL_TIME, groupBy: 'quarter', fiscalYearStart: 2 }))
      .toEqual([['FY2024-Q4', 0], ['FY2025-Q1', 650000]]);
    expect(await run({ kpis: [kpi('SALES_VOLUME')], period: parsePeriodText('FY2025-Q1', 2), groupBy: 'month' }))
      .toEqual([['2024-02', 250000], ['2024-03', 400000], ['2024-04', 0]]);
  });
});

describe('fiscal years in the compiled SQL', () => {
  const kpis = CATALOG.filter((k) => !inexpressible(k));
  const fy = (text: string, fiscal = 4) => parsePeriodText(text, fiscal);

  it('fiscalYearStart 1 writes the very text of no fiscal year, in both dialects', () => {
    let compared = 0;
    for (const dialect of [BIGQUERY, DUCKDB]) {
      for (const period of [ALL_TIME, parsePeriodText('2024'), parsePeriodText('FY2024-Q1'), parsePeriodText('2024-02-20..2024-03-10')]) {
        for (const groupBy of GROUP_BYS) {
          const req = { dialect, kpis, period, groupBy, baseline: parsePeriodText('2023') };
          expect(compileSql({ ...req, fiscalYearStart: 1 })).toBe(compileSql(req));
          compared++;
        }
      }
    }
    expect(compared).toBe(88);
    expect(withFiscalYear(BIGQUERY, 1)).toBe(BIGQUERY);
  });
  it('differ between the dialects only in what dialect.ts renders, with a fiscal year starting in April', () => {
    for (const period of [ALL_TIME, fy('FY2024'), fy('FY2024-Q3'), parsePeriodText('2024')]) {
      for (const groupBy of ['', 'rep', 'month', 'quarter', 'year'] as const) {
        const req = { kpis, period, groupBy, fiscalYearStart: 4, baseline: fy('FY2023') };
        const marked = compileSql({ ...req, dialect: markerDialect() });
        expect(render(marked, BIGQUERY)).toBe(compileSql({ ...req, dialect: BIGQUERY }));
        expect(render(marked, DUCKDB)).toBe(compileSql({ ...req, dialect: DUCKDB }));
      }
    }
  });
  it('writes BigQuery\'s fiscal quarter as the calendar one three months back, labelled from the date nine months on', () => {
    const bq = compileSql({ dialect: BIGQUERY, kpis: [kpi('SALES_VOLUME')], period: ALL_TIME, groupBy: 'quarter', fiscalYearStart: 4 });
    expect(bq).toContain('DATE_ADD(DATE_TRUNC(DATE_ADD(d.closed, INTERVAL -3 MONTH), QUARTER), INTERVAL 3 MONTH) = s.b');
    expect(bq).toContain('GENERATE_DATE_ARRAY((SELECT DATE_ADD(DATE_TRUNC(DATE_ADD(lo, INTERVAL -3 MONTH), QUARTER), INTERVAL 3 MONTH) FROM ');
    expect(bq).toContain("CONCAT('FY', CONCAT(FORMAT_DATE('%Y', DATE_ADD(b, INTERVAL 9 MONTH)), '-Q', " +
      'CAST(EXTRACT(QUARTER FROM DATE_ADD(b, INTERVAL 9 MONTH)) AS STRING))) AS group_label');
    const years = compileSql({ dialect: BIGQUERY, kpis: [kpi('SALES_VOLUME')], period: ALL_TIME, groupBy: 'year', fiscalYearStart: 10 });
    expect(years).toContain('DATE_ADD(DATE_TRUNC(DATE_ADD(d.closed, INTERVAL -9 MONTH), YEAR), INTERVAL 9 MONTH) = s.b');
    expect(years).toContain("CONCAT('FY', FORMAT_DATE('%Y', DATE_ADD(b, INTERVAL 3 MONTH))) AS group_label");
    // Months have no fiscal form: the same text as the calendar's.
    const months = { dialect: BIGQUERY, kpis: [kpi('SALES_VOLUME')], period: ALL_TIME, groupBy: 'month' as const };
    expect(compileSql({ ...months, fiscalYearStart: 4 })).toBe(compileSql(months));
  });
  it('labels the buckets of FY2025 (April): FY2025-Q1 from 1 April 2024 … FY2025-Q4 from 1 January 2025, compared with the quarter before', () => {
    const sql = compileSql({ dialect: DUCKDB, kpis: [kpi('SALES_GROWTH')], period: fy('FY2025'), groupBy: 'quarter' });
    expect(sql).toContain("SELECT 0 AS ord, 'FY2025-Q1' AS group_label, CAST(NULL AS VARCHAR) AS k, DATE '2024-04-01' AS b, DATE '2024-04-01' AS lo, " +
      "DATE '2024-07-01' AS hi, DATE '2024-01-01' AS pb, DATE '2024-01-01' AS plo, DATE '2024-04-01' AS phi");
    expect(sql).toContain("SELECT 3 AS ord, 'FY2025-Q4' AS group_label, CAST(NULL AS VARCHAR) AS k, DATE '2025-01-01' AS b, DATE '2025-01-01' AS lo, " +
      "DATE '2025-04-01' AS hi, DATE '2024-10-01' AS pb");
    // The calendar 2024 in fiscal years: FY2024's last quarter (January–March), then April–December of FY2025.
    const clipped = compileSql({ dialect: DUCKDB, kpis: [kpi('SALES_VOLUME')], period: parsePeriodText('2024'), groupBy: 'year', fiscalYearStart: 4 });
    expect(clipped).toContain("'FY2024' AS group_label, CAST(NULL AS VARCHAR) AS k, DATE '2023-04-01' AS b, DATE '2024-01-01' AS lo, DATE '2024-04-01' AS hi");
    expect(clipped).toContain("'FY2025' AS group_label, CAST(NULL AS VARCHAR) AS k, DATE '2024-04-01' AS b, DATE '2024-04-01' AS lo, DATE '2025-01-01' AS hi");
  });
  it('refuses a fiscal year starting with no month', () => {
    const req = { dialect: DUCKDB, kpis: [kpi('SALES_VOLUME')], period: ALL_TIME, groupBy: 'quarter' as const };
    expect(() => compileSql({ ...req, fiscalYearStart: 13 })).toThrow(SqlRefusal);
    expect(() => compileSql({ ...req, fiscalYearStart: 0 })).toThrow("the fiscal year's first month must be a month number 1 to 12, got 0");
  });
});

describe('fiscal bucket starts and labels in DuckDB: every fiscal month, every day of 2023 to 2025', () => {
  let db: DuckDeals;
  beforeAll(async () => {
    db = (await DuckDeals.of(readDeals(referenceDeals(), { timeZone: 'UTC', now: Date.UTC(2025, 0, 1) }))).db;
  });
  afterAll(() => db.close());
  it('are bucketOf\'s: with April, 31 March 2025 is in FY2025-Q4 from 1 January 2025 and FY2025 from 1 April 2024', async () => {
    const first = Date.UTC(2023, 0, 1) / 86400000;
    const last = Date.UTC(2025, 11, 31) / 86400000;
    const days = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    let checked = 0;
    for (let fiscal = 1; fiscal <= 12; fiscal++) {
      const dia = withFiscalYear(DUCKDB, fiscal);
      for (const g of ['quarter', 'year'] as const) {
        const dates = "SELECT unnest(generate_series(DATE '2023-01-01', DATE '2025-12-31', INTERVAL 1 DAY))::DATE AS x";
        const sql = `SELECT strftime(x, '%Y-%m-%d'), strftime(b, '%Y-%m-%d'), ${dia.bucketLabel(g, 'b')} ` +
          `FROM (SELECT x, ${dia.bucketStart(g, 'x')} AS b FROM (${dates}) AS t) AS s ORDER BY x`;
        const got = await db.rows(sql);
        expect(got.length).toBe(days.length);
        got.forEach(([x, b, label], i) => {
          const want = bucketOf(g, days[i], fiscal);
          expect([x, b, label], `${g} of ${x}, fiscal ${fiscal}`).toEqual([formatDay(days[i]), formatDay(want.start), want.label]);
          checked++;
        });
      }
    }
    expect(checked).toBe(12 * 2 * 1096);
    const april = withFiscalYear(DUCKDB, 4);
    const lastOfMarch = (g: 'quarter' | 'year') =>
      db.rows(`SELECT strftime(b, '%Y-%m-%d'), ${april.bucketLabel(g, 'b')} FROM (SELECT ${april.bucketStart(g, "DATE '2025-03-31'")} AS b) AS s`);
    expect(await lastOfMarch('quarter')).toEqual([['2025-01-01', 'FY2025-Q4']]);
    expect(await lastOfMarch('year')).toEqual([['2024-04-01', 'FY2025']]);
  });
});
