import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, findKpi } from '../../../src/engine/catalog';
import type { KpiDef } from '../../../src/engine/kpi';
import type { CanonicalName } from '../../../src/engine/canonical';
import { ALL_TIME, parsePeriodText } from '../../../src/engine/period';
import { readDeals } from '../../../src/engine/read';
import { GROUP_BYS } from '../../../src/engine/slicing';
import { compileSql, inexpressible, SqlRefusal, type SqlRequest } from '../../../src/engine/sql/compile';
import { BIGQUERY, DUCKDB, type Dialect } from '../../../src/engine/sql/dialect';
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
    bucketLabel: mark('bucketLabel'), bucketSeries: mark('bucketSeries'), daysBetween: mark('daysBetween'), medianBy: mark('medianBy'),
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
});
