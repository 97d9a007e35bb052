import { describe, expect, it } from 'vitest';
import { d, grid, referenceDeals, salesSwings, table } from '../../helpers';
import type { LayoutCell, SheetLayout } from '../../../src/engine/summary/layout';
import { changeOf } from '../../../src/engine/summary/overview';
import { benchmarkStatus, attainmentStatus, DEFAULT_BENCHMARKS } from '../../../src/engine/summary/status';
import { typedDealsSheet } from '../../../src/engine/summary/typedSheet';
import { formatNumber, renderTable } from '../../../src/local/terminalTable';
import { Evaluator } from './formulaEval';
import { build, cellAt, rowIn, rowsOf, vs } from './summaryHelpers';
import { findKpi } from '../../../src/engine/catalog';
import type { KpiDef } from '../../../src/engine/kpi';

/** The catalog entry of a KPI by function name. */
const kpi = (name: string): KpiDef => findKpi(name) as KpiDef;

const VALUE = 'Value: 2024-03';
const PREVIOUS = 'Previous: 2024-02';

describe('summary: overview', () => {
  // §7: March 2024 — 8 won totalling 400 000, 2 lost; February — 5 won totalling 250 000.
  const layout = build(referenceDeals());

  it('has a header with the period and the previous period', () => {
    expect(vs(rowsOf(layout, 'overview')[1])).toEqual(['KPI', VALUE, PREVIOUS, 'Change', 'Trend', 'Target', 'Status']);
  });
  it('shows sales volume against the previous month: 400 000 vs 250 000, +60 % ▲', () => {
    const { cells } = rowIn(layout, 'overview', 'Sales volume');
    expect(vs(cells.slice(0, 5))).toEqual(['Sales volume', 400000, 250000, 0.6, '▲']);
    expect(cells[1].fmt).toBe('money');
    expect(cells[2].style).toBe('muted');
    expect(cells[3].fmt).toBe('percent');
  });
  it('shows deal counts as integers: 8 won vs 5, 2 lost vs 0 (no relative change from 0)', () => {
    const won = rowIn(layout, 'overview', 'Deals won').cells;
    expect(vs(won.slice(1, 5))).toEqual([8, 5, 0.6, '▲']);
    expect(won[1].fmt).toBe('integer');
    const lost = rowIn(layout, 'overview', 'Deals lost').cells;
    expect(vs(lost.slice(1, 5))).toEqual([2, 0, null, '▲']);
    expect(lost[3].note).toBe('the previous value is 0');
  });
  it('gives a rate\'s change in percentage points: win rate 8/10 = 80 % vs 5/5 = 100 % is −20 points ▼', () => {
    const { cells } = rowIn(layout, 'overview', 'Win rate');
    expect(cells[1].v).toBeCloseTo(0.8, 12);
    expect(cells[2].v).toBe(1);
    expect(cells[3].v).toBeCloseTo(-20, 10);
    expect(cells[3].fmt).toBe('points');
    expect(cells[4].v).toBe('▼');
    expect(rowsOf(layout, 'overview')[1][3].note).toContain('for rates, the difference in percentage points (pp)');
  });
  it('marks an unchanged value with —: average deal 50 000 in both months', () => {
    expect(vs(rowIn(layout, 'overview', 'Average deal').cells.slice(1, 5))).toEqual([50000, 50000, 0, '—']);
  });
  it('leaves an undefined value empty with the reason in a note', () => {
    // February's growth compares with January, which sold nothing.
    const { cells } = rowIn(layout, 'overview', 'Sales growth');
    expect(cells[1].v).toBeCloseTo(0.6, 12);
    expect(cells[2].v).toBeNull();
    expect(cells[2].note).toBe('no sales in 2024-01, the period before 2024-02');
    expect(cells[3].v).toBeNull();
    expect(cells[4].v).toBeUndefined();
  });
  it('names a missing period in the reason: no deal closed in 2024-04', () => {
    const april = build(referenceDeals(), { period: '2024-04' });
    const { cells } = rowIn(april, 'overview', 'Win rate');
    expect(cells[1]).toMatchObject({ v: null, note: 'no won or lost deals closed in 2024-04', fmt: 'percent' });
  });
  it('lists only the KPIs the columns allow: no profit without cost, no plan or CAC without side tables', () => {
    const titles = rowsOf(layout, 'overview').slice(2).map((r) => r[0].v);
    expect(titles).toContain('Sales cycle');
    expect(titles).not.toContain('Profit');
    expect(titles).not.toContain('Plan attainment');
    expect(titles).not.toContain('Customer acquisition cost');
  });
  it('lists PLAN_ATTAINMENT with a plan, with the plan as sales volume\'s target', () => {
    // Target 500 000 for March: attainment 400 000 / 500 000 = 0.8, poor.
    const withPlan = build(referenceDeals(), { plan: [['Month', 'Target'], ['2024-03', 500000], ['2024-02', 250000]] });
    const sales = rowIn(withPlan, 'overview', 'Sales volume').cells;
    expect(sales[5]).toMatchObject({ v: 500000, fmt: 'money', note: 'the plan for the period' });
    expect(sales[1].status).toBe('bad');
    const att = rowIn(withPlan, 'overview', 'Plan attainment').cells;
    expect(vs(att.slice(1, 7))).toEqual([0.8, 1, expect.closeTo(-20, 10), '▼', 1, 'Poor']);
    expect(att[3].fmt).toBe('points');
    expect(att[1]).toMatchObject({ fmt: 'percent', status: 'bad' });
    expect(att[6]).toMatchObject({ status: 'bad' });
  });
});

describe('summary: status colours', () => {
  /** One March: a won deal of `amount` and `lost` lost deals. */
  const march = (amount: number, won = 1, lost = 0): unknown[][] => grid(['Created', 'Closed', 'Amount', 'Status'], [
    ...Array.from({ length: won }, () => [d('2024-03-01'), d('2024-03-10'), amount / won, 'won']),
    ...Array.from({ length: lost }, () => [d('2024-03-01'), d('2024-03-11'), 10, 'lost']),
  ]);
  const plan100 = [['Month', 'Plan'], ['2024-03', 100]];
  const statusOf = (amount: number): unknown[] => {
    const layout = build(march(amount), { plan: plan100 });
    const att = cellAt(layout, 'overview', 'Plan attainment', 'Value: 2024-03');
    const sales = cellAt(layout, 'overview', 'Sales volume', 'Value: 2024-03');
    const word = cellAt(layout, 'overview', 'Plan attainment', 'Status');
    return [att.v, att.status, sales.status, word.v, word.status];
  };
  it('plan attainment 1.0 is green (at target)', () => {
    expect(statusOf(100)).toEqual([1, 'good', 'good', 'Good', 'good']);
  });
  it('plan attainment 0.95 is amber (within 10 %)', () => {
    expect(statusOf(95)).toEqual([0.95, 'warn', 'warn', 'Watch', 'warn']);
  });
  it('plan attainment 0.8 is red', () => {
    expect(statusOf(80)).toEqual([0.8, 'bad', 'bad', 'Poor', 'bad']);
  });
  it('win rate 0.1 is red (1 won of 10 closed), 0.5 has no colour', () => {
    const low = cellAt(build(march(100, 1, 9)), 'overview', 'Win rate', 'Value: 2024-03');
    expect(low).toMatchObject({ v: 0.1, status: 'bad' });
    expect(cellAt(build(march(100, 1, 9)), 'overview', 'Win rate', 'Status')).toMatchObject({ v: 'Poor', status: 'bad' });
    const half = cellAt(build(march(100, 1, 1)), 'overview', 'Win rate', 'Value: 2024-03');
    expect(half.v).toBe(0.5);
    expect(half.status).toBeUndefined();
  });
  it('takes benchmark overrides: with a 5 % threshold a 10 % win rate is not red', () => {
    const layout = build(march(100, 1, 9), { benchmarks: { winRateRed: 0.05 } });
    expect(cellAt(layout, 'overview', 'Win rate', 'Value: 2024-03').status).toBeUndefined();
  });
  it('rates LTV:CAC and CAC payback by the default benchmarks', () => {
    const b = DEFAULT_BENCHMARKS;
    expect([3, 2.9, 1, 0.99].map((x) => benchmarkStatus(kpi('LTV_CAC'), x, b))).toEqual(['good', 'warn', 'warn', 'bad']);
    expect([11.9, 12, 30].map((x) => benchmarkStatus(kpi('CAC_PAYBACK'), x, b))).toEqual(['good', 'warn', 'warn']);
    expect([0.15, 0.149].map((x) => benchmarkStatus(kpi('WIN_RATE'), x, b))).toEqual([undefined, 'bad']);
    expect(benchmarkStatus(kpi('SALES_CYCLE'), 5, b)).toBeUndefined();
    expect([1, 0.9, 0.899].map((x) => attainmentStatus(x, b))).toEqual(['good', 'warn', 'bad']);
  });
  it('explains the rules in a note on the Status header', () => {
    const note = build(march(100)).rows.find((r) => r[6]?.v === 'Status')?.[6].note;
    expect(note).toContain('at or above 100 % of target good, from 90 % watch');
    expect(note).toContain('win rate below 15 % poor');
  });
});

describe('summary: the live status word', () => {
  // March: 400 000 sold against a plan of 500 000 → attainment 0.8, below 90 %: "Poor", and a formula that says so.
  const plan = [['Month', 'Target'], ['2024-03', 500000]];
  const layout = build(referenceDeals(), { period: '2024-03', plan, live: true });
  const { cells, index } = rowIn(layout, 'overview', 'Plan attainment');

  it('is a formula over the value cell with the benchmark thresholds, first match wins', () => {
    const b = `B${index + 1}`;
    expect(cells[6].f).toBe(`=IF(ISNUMBER(${b}),IF(${b}>=1,"Good",IF(${b}>=0.9,"Watch",IF(${b}<0.9,"Poor",""))),"")`);
    expect(cells[6].v).toBe('Poor');
    expect(cells[6].status).toBe('bad');
  });
  it('stays a plain value without live formulas', () => {
    const still = rowIn(build(referenceDeals(), { period: '2024-03', plan }), 'overview', 'Plan attainment').cells[6];
    expect(still.f).toBeUndefined();
    expect(still.v).toBe('Poor');
  });
});

describe('summary: change in points for rates, relative for the rest (worked examples)', () => {
  /**
   * February: 1 won deal of 100 (created 1 Feb, closed 21 Feb: 20 days) and 3 lost; March: 6 won deals of 15
   * (created 1 March, closed 6 March: 5 days) and 19 lost. So, February → March:
   *   win rate 1/4 = 0.25 → 6/25 = 0.24: (0.24 − 0.25) × 100 = −1.0 pp;
   *   loss rate (cohort) 3/4 = 0.75 → 19/25 = 0.76: +1.0 pp;
   *   sales volume 100 → 6 × 15 = 90: (90 − 100) / 100 = −10 %;
   *   sales cycle 20 → 5 days: (5 − 20) / 20 = −75 %; deals lost 3 → 19: 16 / 3.
   */
  const small = (): unknown[][] => grid(['Created', 'Closed', 'Amount', 'Status'], [
    [d('2024-02-01'), d('2024-02-21'), 100, 'won'],
    ...Array.from({ length: 3 }, () => [d('2024-02-01'), d('2024-02-10'), 10, 'lost']),
    ...Array.from({ length: 6 }, () => [d('2024-03-01'), d('2024-03-06'), 15, 'won']),
    ...Array.from({ length: 19 }, () => [d('2024-03-01'), d('2024-03-10'), 10, 'lost']),
  ]);
  const layout = build(small(), { period: '2024-03' });
  const change = (title: string): LayoutCell => rowIn(layout, 'overview', title).cells[3];

  it('win rate 0.25 → 0.24 is −1.0 pp: stored −1 with the points format', () => {
    expect(vs(rowIn(layout, 'overview', 'Win rate').cells.slice(1, 3))).toEqual([0.24, 0.25]);
    expect(change('Win rate').v).toBeCloseTo(-1, 10);
    expect(change('Win rate').fmt).toBe('points');
    expect(changeOf('rate', 0.24, 0.25)).toBeCloseTo(-1, 10);
  });
  it('loss rate 0.75 → 0.76 is +1.0 pp', () => {
    expect(change('Loss rate').v).toBeCloseTo(1, 10);
    expect(change('Loss rate').fmt).toBe('points');
  });
  it('sales volume 100 → 90 is −10 %: stored −0.1 with the percent format', () => {
    expect(vs(rowIn(layout, 'overview', 'Sales volume').cells.slice(1, 4))).toEqual([90, 100, -0.1]);
    expect(change('Sales volume').fmt).toBe('percent');
    expect(change('Sales cycle')).toMatchObject({ v: -0.75, fmt: 'percent' });
    expect(change('Deals lost').v).toBeCloseTo(16 / 3, 12);
  });
  it.each([
    // January 10 000, February 11 100 (growth 0.110), March 10 500.6 (growth −599.4 / 11 100 = −0.054).
    [[10000, 11100, 10500.6], 0.11, -0.054, -16.4],
    // January 1 000, February 2 100 (growth 1.10), March 966 (growth −1 134 / 2 100 = −0.54): −164 pp, never "−164 %".
    [[1000, 2100, 966], 1.1, -0.54, -164],
  ])('sales growth of %j: %s → %s is %s pp', (sales, before, now, points) => {
    const g = grid(['Closed', 'Amount', 'Status'], sales.map((a, i) => [d(`2024-0${i + 1}-15`), a, 'won']));
    const cells = rowIn(build(g, { period: '2024-03' }), 'overview', 'Sales growth').cells;
    expect(cells[1].v).toBeCloseTo(now, 12);
    expect(cells[2].v).toBeCloseTo(before, 12);
    expect(cells[3].v).toBeCloseTo(points, 9);
    expect(cells[3].fmt).toBe('points');
    expect(changeOf('rate', now, before)).toBeCloseTo(points, 9);
  });
  it('live: the change of a rate is (value − previous) × 100 and recalculates to the engine\'s value', () => {
    const g = small();
    const live = build(g, { period: '2024-03', live: true });
    const { cells, index } = rowIn(live, 'overview', 'Win rate');
    const [b, c] = [`B${index + 1}`, `C${index + 1}`];
    expect(cells[3]).toMatchObject({ f: `=IF(OR(${b}="",${c}=""),"",(${b}-${c})*100)`, fmt: 'points' });
    expect(cells[3].v).toBeCloseTo(-1, 10);
    const ev = new Evaluator(live, { Deals: typedDealsSheet(table(g), g) });
    expect(ev.cell(index, 3)).toBeCloseTo(-1, 10);
    // A relative change stays a fraction: sales volume 100 → 90.
    const sv = rowIn(live, 'overview', 'Sales volume').index;
    expect(live.rows[sv][3].f).toBe(`=IF(OR(B${sv + 1}="",C${sv + 1}=""),"",IF(C${sv + 1}=0,"",(B${sv + 1}-C${sv + 1})/ABS(C${sv + 1})))`);
    expect(ev.cell(sv, 3)).toBeCloseTo(-0.1, 12);
  });
  it('prints the same in the terminal: "-1.0 pp" and "-10.0%", in Russian "-1,0 п.п."', () => {
    const text = renderTable(rowsOf(layout, 'overview').slice(1), { locale: 'en' });
    expect(text).toMatch(/^Win rate +24\.0% +25\.0% +-1\.0 pp +▼/m);
    expect(text).toMatch(/^Loss rate +76\.0% +75\.0% +\+1\.0 pp +▲/m);
    expect(text).toMatch(/^Sales volume +90\.00 +100\.00 +-10\.0% +▼/m);
    const ru = renderTable(rowsOf(build(small(), { period: '2024-03', locale: 'ru' }), 'overview').slice(1), { locale: 'ru' });
    expect(ru).toMatch(/^Доля выигранных сделок +24,0\u00a0% +25,0\u00a0% +-1,0 п\.п\. +▼/m);
  });
  it('formats points in the terminal with the sign as the sheet\'s pattern has it', () => {
    expect(formatNumber(-16.4, 'points', 'en')).toBe('-16.4 pp');
    expect(formatNumber(2.5, 'points', 'en')).toBe('+2.5 pp');
    expect(formatNumber(0, 'points', 'en')).toBe('0.0 pp');
    expect(formatNumber(-164, 'points', 'ru')).toBe('-164,0 п.п.');
  });
});

describe('summary: relative change, the rule SALES_GROWTH follows', () => {
  const row = (period: string, title: string): readonly LayoutCell[] => rowIn(build(salesSwings(), { period }), 'overview', title).cells;

  it('from a negative previous value is taken against its size: sales −100 → 50 is +150 %, as SALES_GROWTH says', () => {
    // (50 − (−100)) / |−100| = 1.5, and the value went up: ▲.
    expect(vs(row('2024-03', 'Sales volume').slice(1, 5))).toEqual([50, -100, 1.5, '▲']);
    expect(row('2024-03', 'Sales growth')[1].v).toBe(1.5);
    // The average deal too: −100 per deal in February (1 deal), 50 in March.
    expect(row('2024-03', 'Average deal')[3].v).toBe(1.5);
    expect(changeOf('money', 50, -100)).toBe(1.5);
  });
  it('from a positive previous value is (value − previous) / previous: sales 200 → 50 is −75 %', () => {
    expect(vs(row('2024-05', 'Sales volume').slice(1, 5))).toEqual([50, 200, -0.75, '▼']);
    expect(row('2024-05', 'Sales growth')[1].v).toBe(-0.75);
    expect(changeOf('money', 50, 200)).toBe(-0.75);
  });
  it('from 0 has no value, with a note that says why; SALES_GROWTH has none either', () => {
    const sales = row('2024-07', 'Sales volume');
    expect(vs(sales.slice(1, 3))).toEqual([30, 0]);
    expect(sales[3]).toMatchObject({ v: null, note: 'the previous value is 0' });
    expect(row('2024-07', 'Sales growth')[1].v).toBeNull();
    expect(changeOf('money', 30, 0)).toBeUndefined();
  });
});

describe('summary: trend marks coloured by whether the direction is good for the KPI', () => {
  // The table of the worked examples above, February → March.
  const g = grid(['Created', 'Closed', 'Amount', 'Status'], [
    [d('2024-02-01'), d('2024-02-21'), 100, 'won'],
    ...Array.from({ length: 3 }, () => [d('2024-02-01'), d('2024-02-10'), 10, 'lost']),
    ...Array.from({ length: 6 }, () => [d('2024-03-01'), d('2024-03-06'), 15, 'won']),
    ...Array.from({ length: 19 }, () => [d('2024-03-01'), d('2024-03-10'), 10, 'lost']),
  ]);
  const layout = build(g, { period: '2024-03' });
  const trend = (l: SheetLayout, title: string): LayoutCell => rowIn(l, 'overview', title).cells[4];

  it('a shorter sales cycle (20 → 5 days) is a green ▼; more lost deals (3 → 19) a red ▲', () => {
    expect(trend(layout, 'Sales cycle')).toEqual({ v: '▼', style: 'value', status: 'good' });
    expect(trend(layout, 'Deals lost')).toEqual({ v: '▲', style: 'value', status: 'bad' });
  });
  it('more deals won (1 → 6) is a green ▲; a lower win rate and sales volume a red ▼; a higher loss rate a red ▲', () => {
    expect(trend(layout, 'Deals won')).toMatchObject({ v: '▲', status: 'good' });
    expect(trend(layout, 'Win rate')).toMatchObject({ v: '▼', status: 'bad' });
    expect(trend(layout, 'Sales volume')).toMatchObject({ v: '▼', status: 'bad' });
    expect(trend(layout, 'Loss rate')).toMatchObject({ v: '▲', status: 'bad' });
  });
  it('leaves — and a missing trend uncoloured', () => {
    // The reference table: average deal 50 000 in both months; growth has no previous value.
    const ref = build(referenceDeals());
    expect(trend(ref, 'Average deal')).toEqual({ v: '—', style: 'value' });
    expect(trend(ref, 'Sales growth')).toEqual({});
  });
  it('colours the live trend formula by the engine\'s mark too', () => {
    const live = build(g, { period: '2024-03', live: true });
    expect(trend(live, 'Sales cycle')).toMatchObject({ v: '▼', status: 'good' });
    expect(trend(live, 'Sales cycle').f).toMatch(/^=IF\(/);
    expect(trend(live, 'Deals lost')).toMatchObject({ v: '▲', status: 'bad' });
  });
  it('explains the marks and colours in a note on the Trend header', () => {
    expect(rowsOf(layout, 'overview')[1][4]).toMatchObject({ v: 'Trend', style: 'header' });
    expect(rowsOf(layout, 'overview')[1][4].note).toContain('a shorter sales cycle is a green ▼, more lost deals a red ▲');
    expect(rowsOf(build(g, { period: '2024-03', locale: 'ru' }), 'overview')[1][4].note).toContain('«—» — не изменилось. Зелёный — изменение к лучшему');
  });
  it('the terminal colours the marks green and red when asked', () => {
    const text = renderTable(rowsOf(layout, 'overview').slice(1), { locale: 'en', color: true });
    expect(text).toMatch(/^Sales cycle .*\u001b\[32m▼ *\u001b\[0m/m);
    expect(text).toMatch(/^Deals lost .*\u001b\[31m▲ *\u001b\[0m/m);
  });
});
