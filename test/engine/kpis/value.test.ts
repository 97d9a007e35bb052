import { describe, expect, it } from 'vitest';
import { call, d, grid, referenceDeals } from '../../helpers';

/** A value from a spilled group_by result, by its label. */
function groupValue(result: unknown, label: string): unknown {
  const row = (result as unknown[][]).find((r) => r[0] === label);
  if (!row) throw new Error(`no group ${label}`);
  return row[1];
}

describe('PLAN_ATTAINMENT', () => {
  // §7 reference deals: February 250 000 (all Boris), March 400 000 (all Anna), nothing won in January.
  const monthly = grid(['Month', 'Target'], [['2024-01', 100000], ['2024-02', 200000], ['2024-03', 500000]]);

  it('is sales volume / the plan number', () => {
    expect(call('PLAN_ATTAINMENT', referenceDeals(), 500000, '2024-03')).toBeCloseTo(0.8, 12); // 400 000 / 500 000
  });
  it('over a quarter of monthly targets is Σ actual / Σ target, never an average of percentages', () => {
    // (0 + 250 000 + 400 000) / (100 000 + 200 000 + 500 000) = 650 000 / 800 000 = 0.8125;
    // the average of the monthly percentages (0 + 1.25 + 0.8) / 3 = 0.683 would be wrong.
    expect(call('PLAN_ATTAINMENT', referenceDeals(), monthly, '2024-Q1')).toBeCloseTo(0.8125, 12);
  });
  it('gives each time bucket its own target', () => {
    expect(call('PLAN_ATTAINMENT', referenceDeals(), monthly, '2024-Q1', 'month')).toEqual([
      ['month', 'Plan attainment'],
      ['2024-01', 0], // 0 / 100 000
      ['2024-02', 1.25], // 250 000 / 200 000
      ['2024-03', 0.8], // 400 000 / 500 000
    ]);
  });
  it('counts a monthly target pro rata over a 10-day range', () => {
    // All 8 March deals closed on 2024-03-02…09: actual 400 000; target 620 000 × 10 / 31 = 200 000 → 2.
    const plan = grid(['Month', 'Target'], [['2024-03', 620000]]);
    expect(call('PLAN_ATTAINMENT', referenceDeals(), plan, [[d('2024-03-01'), d('2024-03-10')]])).toBeCloseTo(2, 12);
  });
  it('reads a Date in the plan as its month', () => {
    const plan = grid(['Month', 'Target'], [[d('2024-03-15'), 500000]]);
    expect(call('PLAN_ATTAINMENT', referenceDeals(), plan, '2024-03')).toBeCloseTo(0.8, 12);
  });
  it('gives each rep their own target, with Russian headers', () => {
    const plan = grid(['Месяц', 'Менеджер', 'План'], [
      ['2024-02', 'Anna', 100000], ['2024-02', 'Boris', 200000],
      ['2024-03', 'Anna', 500000], ['2024-03', 'Boris', 100000],
    ]);
    // March: Anna 400 000 / 500 000 = 0.8; Boris won nothing in March: 0 / 100 000 = 0.
    expect(call('PLAN_ATTAINMENT', referenceDeals(), plan, '2024-03', 'rep')).toEqual([
      ['rep', 'Plan attainment'], ['Anna', 0.8], ['Boris', 0],
    ]);
    // Q1: Anna 400 000 / 600 000; Boris 250 000 / 300 000; all reps 650 000 / 900 000.
    const q1 = call('PLAN_ATTAINMENT', referenceDeals(), plan, '2024-Q1', 'rep');
    expect(groupValue(q1, 'Anna')).toBeCloseTo(400000 / 600000, 12);
    expect(groupValue(q1, 'Boris')).toBeCloseTo(250000 / 300000, 12);
    expect(call('PLAN_ATTAINMENT', referenceDeals(), plan, '2024-Q1')).toBeCloseTo(650000 / 900000, 12);
  });
  it('is an error to split a single plan number by rep or by month (§6)', () => {
    expect(() => call('PLAN_ATTAINMENT', referenceDeals(), 500000, '2024-03', 'rep')).toThrow(
      'PLAN_ATTAINMENT: a single plan number cannot be split by rep: give a plan table (period, [rep], target) with a header row',
    );
    expect(() => call('PLAN_ATTAINMENT', referenceDeals(), 500000, '2024-Q1', 'month')).toThrow(
      'PLAN_ATTAINMENT: a single plan number has no dates, so it cannot be split by month',
    );
  });
  it('is an error to split a plan without a rep column by rep', () => {
    expect(() => call('PLAN_ATTAINMENT', referenceDeals(), monthly, '2024-03', 'rep')).toThrow(
      'PLAN_ATTAINMENT: the plan table has no rep column (looked for: rep, owner,',
    );
  });
  it('names the period without a target, and the plan cell it cannot read', () => {
    expect(() => call('PLAN_ATTAINMENT', referenceDeals(), monthly, '2024-05')).toThrow('PLAN_ATTAINMENT: the plan has no target in 2024-05');
    const bad = grid(['Month', 'Target'], [['2024-01', 1], ['2024-02', 2], ['2024-03', 'abc']]);
    expect(() => call('PLAN_ATTAINMENT', referenceDeals(), bad, '2024-03')).toThrow(
      'PLAN_ATTAINMENT: plan row 4, column Target: "abc" is not a number',
    );
  });
  it('has a calculator form', () => {
    expect(call('PLAN_ATTAINMENT', 400000, 500000)).toBeCloseTo(0.8, 12);
    expect(() => call('PLAN_ATTAINMENT', 400000, 0)).toThrow('PLAN_ATTAINMENT: plan is 0');
  });
});

/**
 * Customers and their first won deals (new customers):
 *   A 2024-01-10 Ads (new in January); A again 2024-02-25 via SEO (not new);
 *   B 2024-02-05 Ads, C 2024-02-20 SEO (new in February);
 *   D lost only (never a customer); E 2024-03-10 SEO, F 2024-03-12 Ads (new in March).
 */
function acquisitionDeals(): unknown[][] {
  return grid(['Closed', 'Amount', 'Status', 'Customer', 'Source'], [
    [d('2024-01-10'), 100, 'won', 'A', 'Ads'],
    [d('2024-02-05'), 100, 'won', 'B', 'Ads'],
    [d('2024-02-20'), 100, 'won', 'C', 'SEO'],
    [d('2024-02-25'), 100, 'won', 'A', 'SEO'],
    [d('2024-03-03'), 100, 'lost', 'D', 'Ads'],
    [d('2024-03-10'), 100, 'won', 'E', 'SEO'],
    [d('2024-03-12'), 100, 'won', 'F', 'Ads'],
  ]);
}
/** Spend: February per day, March per month. */
const spendTable = grid(['Date', 'Spend', 'Channel'], [
  [d('2024-02-01'), 3000, 'Ads'], [d('2024-02-15'), 1000, 'SEO'], ['2024-03', 3100, 'Ads'], ['2024-03', 620, 'seo'],
]);

describe('CAC', () => {
  it('is the spend of the period / its new customers', () => {
    expect(call('CAC', acquisitionDeals(), spendTable, '2024-02')).toBe(2000); // (3000 + 1000) / 2 (B, C)
    expect(call('CAC', acquisitionDeals(), 4000, '2024-02')).toBe(2000);
    expect(call('CAC', acquisitionDeals(), spendTable, '2024-Q1')).toBeCloseTo(7720 / 5, 9); // 3000 + 1000 + 3100 + 620 over A, B, C, E, F
  });
  it('divides a source\'s spend by the new customers whose first won deal came from it (§6)', () => {
    // February: Ads 3000 / B; SEO 1000 / C (A's SEO deal is a repeat, not a new customer).
    expect(call('CAC', acquisitionDeals(), spendTable, '2024-02', 'source')).toEqual([
      ['source', 'Customer acquisition cost'], ['Ads', 3000], ['SEO', 1000],
    ]);
    // Q1: Ads (3000 + 3100) / 3 (A, B, F); SEO (1000 + 620) / 2 (C, E).
    const q1 = call('CAC', acquisitionDeals(), spendTable, '2024-Q1', 'source');
    expect(groupValue(q1, 'Ads')).toBeCloseTo(6100 / 3, 9);
    expect(groupValue(q1, 'SEO')).toBeCloseTo(810, 9);
  });
  it('counts a month of spend pro rata over a 10-day range', () => {
    // 2024-03-01..10: spend (3100 + 620) × 10 / 31 = 1200; new customers: E only (F came on the 12th).
    expect(call('CAC', acquisitionDeals(), spendTable, [[d('2024-03-01')], [d('2024-03-10')]])).toBeCloseTo(1200, 9);
  });
  it('gives each month its own spend and new customers', () => {
    const byMonth = call('CAC', acquisitionDeals(), spendTable, '2024-Q1', 'month') as unknown[][];
    expect(byMonth[1]).toEqual(['2024-01', 0]); // no spend in January, 1 new customer (A)
    expect(byMonth[2]).toEqual(['2024-02', 2000]);
    expect(byMonth[3][1]).toBeCloseTo(1860, 9); // 3720 / 2 (E, F)
  });
  it('is an error to split a single spend number by source (§6)', () => {
    expect(() => call('CAC', acquisitionDeals(), 4000, '2024-02', 'source')).toThrow(
      'CAC: a single spend number cannot be split by source: give a spend table (date or period, amount, [source]) with a header row',
    );
    expect(() => call('CAC', acquisitionDeals(), spendTable, '2024-02', 'customer')).toThrow(
      'CAC: a spend table can be split by source or by time, not by customer',
    );
  });
  it('names the period without new customers', () => {
    expect(() => call('CAC', acquisitionDeals(), spendTable, '2024-04')).toThrow('CAC: no new customers in 2024-04 to divide the spend by');
  });
  it('has a calculator form', () => {
    expect(call('CAC', 5000, 4)).toBe(1250);
    expect(() => call('CAC', 5000, 0)).toThrow('CAC: new_customers is 0');
  });
});

/**
 * The LTV worked example. Won deals (refunds are revenue, not activity):
 *   E 2023-03: 50 (cost 10), Boris
 *   A 2024-01, 2024-02, 2024-03: 100 each (cost 60 each), Anna
 *   B 2024-01, 2024-02: 200 each (cost 100 each), Boris
 *   C 2024-02: 300 (cost 150), Anna; C 2024-03: refund −50 (cost 0), Anna
 *
 * For 2024-03 the window is 2023-04 … 2024-03:
 *   active customer-months: 2024-01 {A, B}, 2024-02 {A, B, C}, 2024-03 {A} → 2 + 3 + 1 = 6
 *   revenue: A 300 + B 400 + C 300 − 50 = 950 → ARPA = 950 / 6
 *   churn, month m (active in m − 1, not in m):
 *     2023-04: {E} → lost E: base 1, lost 1
 *     2024-02: {A, B} → nobody lost: base 2, lost 0
 *     2024-03: {A, B, C} → lost B and C: base 3, lost 2
 *     churn = (1 + 0 + 2) / (1 + 2 + 3) = 3 / 6 = 0.5
 *   without cost: LTV = 950 / 6 / 0.5 = 950 / 3
 *   with cost: margin = (950 − (180 + 200 + 150 + 0)) / 950 = 420 / 950, ARPA × margin = 420 / 6 = 70, LTV = 70 / 0.5 = 140
 */
function ltvDeals(withCost: boolean): unknown[][] {
  const rows: unknown[][] = [
    [d('2023-03-10'), 50, 10, 'won', 'E', 'Boris'],
    [d('2024-01-05'), 100, 60, 'won', 'A', 'Anna'],
    [d('2024-02-05'), 100, 60, 'won', 'A', 'Anna'],
    [d('2024-03-05'), 100, 60, 'won', 'A', 'Anna'],
    [d('2024-01-15'), 200, 100, 'won', 'B', 'Boris'],
    [d('2024-02-15'), 200, 100, 'won', 'B', 'Boris'],
    [d('2024-02-20'), 300, 150, 'won', 'C', 'Anna'],
    [d('2024-03-20'), -50, 0, 'won', 'C', 'Anna'],
  ];
  const header = ['Closed', 'Amount', 'Cost', 'Status', 'Customer', 'Rep'];
  return withCost ? grid(header, rows) : grid(header.filter((h) => h !== 'Cost'), rows.map((r) => r.filter((_, i) => i !== 2)));
}

describe('LTV', () => {
  it('is ARPA × margin / churn over the 12 months to the period\'s last month (worked example)', () => {
    expect(call('LTV', ltvDeals(false), '2024-03')).toBeCloseTo(950 / 3, 9);
    expect(call('LTV', ltvDeals(true), '2024-03')).toBeCloseTo(140, 9);
  });
  it('ends the window with the month holding the period\'s last day, or the last month with data', () => {
    expect(call('LTV', ltvDeals(true), '2024-Q1')).toBeCloseTo(140, 9);
    expect(call('LTV', ltvDeals(true), '2024-03-01..2024-03-31')).toBeCloseTo(140, 9);
    expect(call('LTV', ltvDeals(true))).toBeCloseTo(140, 9); // the last won deal closed in 2024-03
  });
  it('slides the window with each month', () => {
    // 2024-01, window 2023-02 … 2024-01: active 2023-03 {E}, 2024-01 {A, B} → 3; revenue 50 + 100 + 200 = 350;
    //   churn: 2023-04 base 1 lost 1 → 1; LTV = 350 / 3 / 1.
    // 2024-02, window 2023-03 … 2024-02: active {E}, {A, B}, {A, B, C} → 6; revenue 50 + 300 + 600 = 950;
    //   churn: 2023-04 (1 lost of 1) and 2024-02 (0 of 2) → 1 / 3; LTV = 950 / 6 × 3 = 475.
    const byMonth = call('LTV', ltvDeals(false), '2024-Q1', 'month') as unknown[][];
    expect(byMonth[0]).toEqual(['month', 'Customer lifetime value']);
    expect(byMonth.map((r) => r[0])).toEqual(['month', '2024-01', '2024-02', '2024-03']);
    expect(byMonth[1][1]).toBeCloseTo(350 / 3, 9);
    expect(byMonth[2][1]).toBeCloseTo(475, 9);
    expect(byMonth[3][1]).toBeCloseTo(950 / 3, 9);
  });
  it('by rep counts the rep\'s customers and revenue, churn against all activity (§6)', () => {
    // Anna: active 2024-01 {A}, 2024-02 {A, C}, 2024-03 {A} → 4; revenue 300 + 300 − 50 = 550 → ARPA 137.5;
    //   churn: 2024-02 base {A} lost 0; 2024-03 base {A, C} lost C → 1 / 3; LTV = 137.5 × 3 = 412.5.
    // Boris: active 2024-01 {B}, 2024-02 {B} → 2; revenue 400 → ARPA 200;
    //   churn: 2023-04 base {E} lost E; 2024-02 base {B} lost 0; 2024-03 base {B} lost B → 2 / 3; LTV = 200 × 3 / 2 = 300.
    const byRep = call('LTV', ltvDeals(false), '2024-03', 'rep');
    expect(groupValue(byRep, 'Anna')).toBeCloseTo(412.5, 9);
    expect(groupValue(byRep, 'Boris')).toBeCloseTo(300, 9);
  });
  it('does not count a customer who moved to another rep as lost by the first', () => {
    // X and Y buy from Boris in February; in March X buys from Anna, Y buys nothing.
    // Boris: ARPA 200 / 2 = 100; churn 1 (Y) / 2 = 0.5 → 200. Anna has no customers before March: no churn to measure.
    const g = grid(['Closed', 'Amount', 'Status', 'Customer', 'Rep'], [
      [d('2024-02-01'), 100, 'won', 'X', 'Boris'],
      [d('2024-02-02'), 100, 'won', 'Y', 'Boris'],
      [d('2024-03-01'), 100, 'won', 'X', 'Anna'],
    ]);
    expect(call('LTV', g, '2024-03', 'rep')).toEqual([['rep', 'Customer lifetime value'], ['Anna', ''], ['Boris', 200]]);
  });
  it('is an error when no customer was lost: churn 0, LTV unbounded', () => {
    const g = grid(['Closed', 'Amount', 'Status', 'Customer'], [
      [d('2024-02-01'), 100, 'won', 'A'], [d('2024-03-01'), 100, 'won', 'A'],
    ]);
    expect(() => call('LTV', g, '2024-03')).toThrow(
      'LTV: no customers were lost in the 12 months to 2024-03, so churn is 0 and LTV is unbounded',
    );
  });
  it('is an error when churn cannot be measured, or nobody bought in the window', () => {
    const g = grid(['Closed', 'Amount', 'Status', 'Customer'], [[d('2024-03-01'), 100, 'won', 'A']]);
    expect(() => call('LTV', g, '2024-03')).toThrow(
      'LTV: no customers were active in the 12 months to 2024-02, so churn in the 12 months to 2024-03 cannot be measured',
    );
    expect(() => call('LTV', g, '2022-03')).toThrow('LTV: no customers with a won deal in the 12 months to 2022-03');
  });
  it('names the missing customer column', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 100, 'won']]);
    expect(() => call('LTV', g, '2024-03')).toThrow('LTV: the deal table has no `customer` column (looked for: customer, client,');
  });
  it('has a calculator form: arpa × m × (1 + d) / (d + c) − cac', () => {
    expect(call('LTV', 100, 0.05)).toBeCloseTo(2000, 9); // textbook arpa / c = 100 / 0.05
    expect(call('LTV', 100, 0.05, 0.6)).toBeCloseTo(1200, 9); // 100 × 0.6 / 0.05
    expect(call('LTV', 100, 0.05, 0.6, 0.01)).toBeCloseTo(1010, 9); // 100 × 0.6 × 1.01 / 0.06
    expect(call('LTV', 100, 0.05, 0.6, '', 300)).toBeCloseTo(900, 9); // net LTV: 1200 − 300, blank discount → 0
    expect(() => call('LTV', 100, 0)).toThrow('LTV: churn_rate + discount_rate is 0: LTV is unbounded');
  });
});

/**
 * The LTV example over Q1 2024 with a spend of 600: new customers in Q1 are A, B (January) and C
 * (February) — E's first deal was in 2023 — so CAC = 600 / 3 = 200. The window ends 2024-03.
 */
describe('NET_LTV', () => {
  it('is LTV − CAC', () => {
    expect(call('NET_LTV', ltvDeals(true), 600, '2024-Q1')).toBeCloseTo(140 - 200, 9);
    expect(call('NET_LTV', ltvDeals(false), 600, '2024-Q1')).toBeCloseTo(950 / 3 - 200, 9);
  });
  it('is an error to split a single spend number by rep', () => {
    expect(() => call('NET_LTV', ltvDeals(true), 600, '2024-Q1', 'rep')).toThrow('NET_LTV: a single spend number cannot be split by rep');
  });
});

describe('LTV_CAC', () => {
  it('is LTV / CAC', () => {
    expect(call('LTV_CAC', ltvDeals(true), 600, '2024-Q1')).toBeCloseTo(0.7, 9); // 140 / 200
  });
  it('is an error when the spend is 0', () => {
    expect(() => call('LTV_CAC', ltvDeals(true), 0, '2024-Q1')).toThrow('LTV_CAC: the spend in 2024-Q1 is 0, so CAC is 0 and LTV:CAC is unbounded');
  });
  it('has a calculator form', () => {
    expect(call('LTV_CAC', 900, 300)).toBe(3);
    expect(() => call('LTV_CAC', 900, 0)).toThrow('LTV_CAC: cac is 0');
  });
});

describe('CAC_PAYBACK', () => {
  it('is CAC / (ARPA × margin) in months', () => {
    expect(call('CAC_PAYBACK', ltvDeals(true), 600, '2024-Q1')).toBeCloseTo(200 / 70, 9); // ARPA × margin = 70
    expect(call('CAC_PAYBACK', ltvDeals(false), 600, '2024-Q1')).toBeCloseTo(200 / (950 / 6), 9); // margin 1 without cost
  });
  it('has a calculator form', () => {
    expect(call('CAC_PAYBACK', 1200, 100)).toBe(12);
    expect(call('CAC_PAYBACK', 1200, 100, 0.5)).toBe(24);
    expect(() => call('CAC_PAYBACK', 1200, 0)).toThrow('CAC_PAYBACK: arpa × gross_margin is 0');
  });
});
