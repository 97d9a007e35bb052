/** Calls as Sheets makes them (call.ts): KPI_TABLE, KPI() by name, and the calculator and deal-table forms of a function. */
import { describe, expect, it } from 'vitest';
import { callByName, callKpi, callKpiTable, type CallEnv } from '../../src/engine/call';
import { findKpi } from '../../src/engine/catalog';
import { call, d, ENV, grid } from '../helpers';

/**
 * Nine closed deals over January–March 2024 (close date, amount, status), no other column:
 *   January   won 100, lost 50                        → volume 100, won 1, lost 1
 *   February  won 300, won 100, lost 80               → volume 400, won 2, lost 1
 *   March     won 200, refund −50, lost 60, lost 70   → volume 150, won 1, lost 2
 */
function quarter(): unknown[][] {
  return grid(['Closed', 'Amount', 'Status'], [
    [d('2024-01-10'), 100, 'won'],
    [d('2024-01-20'), 50, 'lost'],
    [d('2024-02-05'), 300, 'won'],
    [d('2024-02-15'), 100, 'won'],
    [d('2024-02-25'), 80, 'lost'],
    [d('2024-03-10'), 200, 'won'],
    [d('2024-03-12'), -50, 'won'],
    [d('2024-03-20'), 60, 'lost'],
    [d('2024-03-25'), 70, 'lost'],
  ]);
}

const kpiTable = (...args: unknown[]) => callKpiTable(args, ENV);

/** The KPIs a close date, an amount and a status allow, in the spec's order (§3), as KPI_TABLE titles them. */
const QUARTER_HEADER = ['Sales volume', 'Deals won', 'Deals lost', 'Average deal', 'Sales growth', 'Win rate', 'Incremental sales'];

/**
 * KPI_TABLE(quarter()) by month, worked by hand:
 *   volume; won; lost; average deal = volume / won; growth = (V − V_prev) / V_prev; win rate = won / (won + lost);
 *   incremental = V − V_prev. December 2023 sold nothing, so January's growth is empty.
 */
const BY_MONTH = [
  ['month', ...QUARTER_HEADER],
  ['2024-01', 100, 1, 1, 100, '', 1 / 2, 100],
  ['2024-02', 400, 2, 1, 200, (400 - 100) / 100, 2 / 3, 300],
  ['2024-03', 150, 1, 2, 150, (150 - 400) / 400, 1 / 3, -250],
];

describe('KPI_TABLE', () => {
  it('spills a header (the granularity, then KPI titles) and one row per month of the table\'s span', () => {
    expect(kpiTable(quarter())).toEqual(BY_MONTH);
  });
  it('is by month when the granularity is omitted or blank', () => {
    expect(kpiTable(quarter(), '')).toEqual(BY_MONTH);
    expect(kpiTable(quarter(), 'month')).toEqual(BY_MONTH);
  });
  it('by quarter: one row, 2024-Q1, over all nine deals', () => {
    // Volume 100 + 400 + 150 = 650 over 4 won deals: 162.5; 4 won of 8 closed; 2023-Q4 sold nothing.
    expect(kpiTable(quarter(), 'quarter')).toEqual([['quarter', ...QUARTER_HEADER], ['2024-Q1', 650, 4, 4, 162.5, '', 0.5, 650]]);
  });
  it('takes the granularity in any case: YEAR is year', () => {
    expect(kpiTable(quarter(), 'YEAR')).toEqual([['year', ...QUARTER_HEADER], ['2024', 650, 4, 4, 162.5, '', 0.5, 650]]);
  });
  it('by week: ISO weeks from the first date\'s (2024-01-10, W02) to the last\'s (2024-03-25, W13), empty ones included', () => {
    const t = kpiTable(quarter(), 'week') as unknown[][];
    expect(t.map((r) => r[0])).toEqual([
      'week', '2024-W02', '2024-W03', '2024-W04', '2024-W05', '2024-W06', '2024-W07',
      '2024-W08', '2024-W09', '2024-W10', '2024-W11', '2024-W12', '2024-W13',
    ]);
    // W13 (25–31 March) holds one lost deal; W12 (18–24 March) one lost deal too, so nothing to grow from.
    expect(t[12]).toEqual(['2024-W13', 0, 0, 1, '', '', 0, 0]);
    // W06 (5–11 February) holds the won 300: growth from W05 (nothing sold) is empty, the win rate 1 / 1.
    expect(t[5]).toEqual(['2024-W06', 300, 1, 0, 300, '', 1, 300]);
  });
  it('shows the named KPIs, in the order named, from a comma-separated text', () => {
    expect(kpiTable(quarter(), 'month', 'win_rate, SALES_VOLUME')).toEqual([
      ['month', 'Win rate', 'Sales volume'],
      ['2024-01', 1 / 2, 100],
      ['2024-02', 2 / 3, 400],
      ['2024-03', 1 / 3, 150],
    ]);
  });
  it('shows the named KPIs from a range of names, with the default granularity', () => {
    expect(kpiTable(quarter(), '', [['deals_lost'], ['Avg_Deal']])).toEqual([
      ['month', 'Deals lost', 'Average deal'],
      ['2024-01', 1, 100],
      ['2024-02', 1, 200],
      ['2024-03', 2, 150],
    ]);
  });
  it('by default shows every KPI the columns allow without a plan or spend, in the spec\'s order', () => {
    const all = grid(
      ['ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'],
      [['D1', d('2024-03-01'), d('2024-03-02'), d('2024-03-05'), 100, 60, 'won', 'Closed', 1, 'Anna', 'Acme', 'Ads', 'new']],
    );
    expect((kpiTable(all) as unknown[][])[0]).toEqual([
      'month', 'Sales volume', 'Deals won', 'Deals lost', 'Average deal', 'Sales growth', 'Win rate',
      'Lead conversion', 'Lead to opportunity', 'Loss rate', 'Sales cycle', 'Open deals', 'Pipeline value',
      'Pipeline velocity', 'New customers', 'Active customers', 'Revenue per customer', 'Retention rate',
      'Churn rate', 'Repeat purchases', 'Repeat purchase rate', 'Loyal customers', 'Potential customers',
      'Profit', 'Margin', 'Upsell rate', 'Cross-sell rate', 'Customer lifetime value', 'Incremental sales',
    ]);
    // A sales log (a date and an amount): the sales KPIs only; no status, so no lost deals or win rate.
    const log = grid(['Date', 'Amount'], [[d('2024-03-05'), 100]]);
    expect(kpiTable(log)).toEqual([
      ['month', 'Sales volume', 'Deals won', 'Average deal', 'Sales growth', 'Incremental sales'],
      ['2024-03', 100, 1, 100, '', 100],
    ]);
  });
  it('takes each snapshot KPI at the end of each row\'s month', () => {
    // D1 created 01-15, won 02-10; D2 created 01-20, still open; D3 created 02-20, lost 03-20.
    // End of January: D1, D2 → 2; end of February: D2, D3 → 2; end of March: D2 → 1.
    const g = grid(['Created', 'Closed', 'Status'], [
      [d('2024-01-15'), d('2024-02-10'), 'won'],
      [d('2024-01-20'), '', 'open'],
      [d('2024-02-20'), d('2024-03-20'), 'lost'],
    ]);
    expect(kpiTable(g, 'month', 'pipeline_count')).toEqual([['month', 'Open deals'], ['2024-01', 2], ['2024-02', 2], ['2024-03', 1]]);
  });
  it('says what is wrong with a granularity, a KPI with a side table, a missing column or an extra argument', () => {
    expect(() => kpiTable(quarter(), 'fortnight')).toThrow('KPI_TABLE: granularity "fortnight" must be day, week, month, quarter or year');
    expect(() => kpiTable(quarter(), 'month', 'plan_attainment')).toThrow(
      'KPI_TABLE: PLAN_ATTAINMENT needs a plan table and cannot be a KPI_TABLE column',
    );
    expect(() => kpiTable(quarter(), 'month', 'cac')).toThrow('KPI_TABLE: CAC needs a spend table and cannot be a KPI_TABLE column');
    expect(() => kpiTable(quarter(), 'month', 'sales_cycle')).toThrow(
      'KPI_TABLE: SALES_CYCLE: the deal table has no `created` column (looked for: created,',
    );
    expect(() => kpiTable(quarter(), 'month', 'win_rate', 'x')).toThrow(
      'KPI_TABLE: takes at most 3 arguments: KPI_TABLE(deals, [granularity], [kpis])',
    );
  });
});

describe('KPI', () => {
  const kpi = (...args: unknown[]) => callByName(args, ENV);
  it('calls any KPI by its id or function name, in any case', () => {
    // February: 2 won of 3 closed.
    expect(kpi('win_rate', quarter(), '2024-02')).toBeCloseTo(2 / 3, 12);
    expect(kpi('WIN_RATE', quarter(), '2024-02')).toBeCloseTo(2 / 3, 12);
    expect(kpi(' Sales volume ', quarter(), '2024-Q1')).toBe(650);
  });
  it('groups as the function does', () => {
    expect(kpi('deals_won', quarter(), '2024-Q1', 'month')).toEqual([['month', 'Deals won'], ['2024-01', 1], ['2024-02', 2], ['2024-03', 1]]);
  });
  it('names the function to call for a KPI with a plan or spend, and lists the names for an unknown one', () => {
    expect(() => kpi('plan_attainment', quarter())).toThrow(
      'KPI: PLAN_ATTAINMENT needs a plan table: call =PLAN_ATTAINMENT(deals, plan, …) instead',
    );
    expect(() => kpi('ltv_cac', quarter())).toThrow('KPI: LTV_CAC needs a spend table: call =LTV_CAC(deals, spend, …) instead');
    expect(() => kpi('winrate', quarter())).toThrow('KPI: unknown KPI "winrate"; one of: sales_volume, deals_won, deals_lost,');
  });
  it('reports a KPI\'s own error under the KPI\'s name', () => {
    expect(() => kpi('avg_deal', quarter(), '2024-04')).toThrow('AVG_DEAL: no won deals with an amount closed in 2024-04');
  });
});

describe('the calculator form and the deal-table form of a function', () => {
  it('takes the calculator form for a number first, or a one-cell range holding one', () => {
    // 8 / (8 + 2)
    expect(call('WIN_RATE', 8, 2)).toBe(0.8);
    expect(call('WIN_RATE', [[8]], [[2]])).toBe(0.8);
  });
  it('names a calculator argument that is text or missing', () => {
    expect(() => call('WIN_RATE', '8', 2)).toThrow('WIN_RATE: won must be a number, got "8"');
    expect(() => call('WIN_RATE', 8, '')).toThrow('WIN_RATE: lost is missing');
    expect(() => call('WIN_RATE', 8, 2, 1)).toThrow('WIN_RATE: the calculator form takes 2 arguments');
  });
  it('gives a blank optional calculator argument its default', () => {
    // LTV(arpa 100, churn 0.05, margin blank = 1) = 100 × 1 / 0.05 = 2000.
    expect(call('LTV', 100, 0.05, '')).toBeCloseTo(2000, 9);
  });
  it('shows the function\'s form when given too many arguments', () => {
    expect(() => call('SALES_VOLUME', quarter(), '', '', 'x')).toThrow(
      'SALES_VOLUME: takes at most 3 arguments: SALES_VOLUME(deals, [period], [group_by])',
    );
    expect(() => call('PIPELINE_VALUE', quarter(), '', '', true, 'x')).toThrow(
      'PIPELINE_VALUE: takes at most 4 arguments: PIPELINE_VALUE(deals, [period], [group_by], [weighted])',
    );
    expect(() => call('CAC', quarter(), 100, '', '', 'x')).toThrow('CAC: takes at most 4 arguments: CAC(deals, spend, [period], [group_by])');
  });
  it('asks for the deal table when the first argument of a function without a calculator form is not a range', () => {
    expect(() => call('SALES_VOLUME', 'Deals')).toThrow(
      'SALES_VOLUME: deals must be the deal table range with its header row, such as Deals!A1:M',
    );
  });
  it('gives a group with no value an empty cell, and a whole call with none an error', () => {
    // January has no deals before it to grow from; the whole call over January says why.
    expect(call('SALES_GROWTH', quarter(), '2024-Q1', 'month')).toEqual([
      ['month', 'Sales growth'], ['2024-01', ''], ['2024-02', 3], ['2024-03', -0.625],
    ]);
    expect(() => call('SALES_GROWTH', quarter(), '2024-01')).toThrow('SALES_GROWTH: no sales in 2023-12, the period before 2024-01');
  });
});

describe('FY periods with the document\'s fiscal year (env.fiscalYearStart)', () => {
  /** quarter() in a February year: FY2024-Q4 is November 2023 – January 2024, FY2025-Q1 February–April 2024. */
  const FEB: CallEnv = { ...ENV, fiscalYearStart: 2 };
  const salesVolume = findKpi('SALES_VOLUME')!;
  it('reads FY2025-Q1 as February–April 2024: 400 + 150', () => {
    expect(callKpi(salesVolume, [quarter(), 'FY2025-Q1'], FEB)).toBe(550);
    expect(callKpi(salesVolume, [quarter(), 'FY2024-Q4'], FEB)).toBe(100);
  });
  it('reads FY text of the calendar year without the setting: FY2024-Q1 is 2024-Q1', () => {
    expect(callKpi(salesVolume, [quarter(), 'FY2024-Q1'], ENV)).toBe(650);
  });
  it('cuts a FY period in fiscal quarters: SALES_VOLUME(deals, "FY2025", "quarter")', () => {
    expect(callKpi(salesVolume, [quarter(), 'FY2025', 'quarter'], FEB)).toEqual([
      ['quarter', 'Sales volume'], ['FY2025-Q1', 550], ['FY2025-Q2', 0], ['FY2025-Q3', 0], ['FY2025-Q4', 0],
    ]);
  });
  it('keeps §2\'s calendar quarters for calendar text and the whole table', () => {
    expect(callKpi(salesVolume, [quarter(), '', 'quarter'], FEB)).toEqual([['quarter', 'Sales volume'], ['2024-Q1', 650]]);
    expect(kpiTable(quarter(), 'quarter')).toEqual(callKpiTable([quarter(), 'quarter'], FEB));
    expect(callKpi(salesVolume, [quarter(), '2024-Q1'], FEB)).toBe(650);
  });
  it('compares a FY quarter with the fiscal quarter before: growth (550 − 100) / 100', () => {
    expect(callKpi(findKpi('SALES_GROWTH')!, [quarter(), 'FY2025-Q1'], FEB)).toBe(4.5);
  });
});
