import { describe, expect, it } from 'vitest';
import { callKpi, type CallEnv } from '../../../src/engine/call';
import { findKpi } from '../../../src/engine/catalog';
import { CLV_CALLS } from '../../../src/engine/clv/index';
import { customerClv } from '../../../src/engine/clv/value';
import { expectedPurchases } from '../../../src/engine/clv/bgnbd';
import { d } from '../../helpers';
import { cdnowGrid } from './cdnow';

const ENV: CallEnv = { timeZone: 'UTC', now: Date.UTC(2026, 0, 1) };
const SAMPLE = cdnowGrid('CDNOW_sample.txt');
const LTV = findKpi('LTV')!;

type Row = (string | number | boolean)[];
const rowsOf = (v: unknown): Row[] => v as Row[];

describe('CLV_PARAMS', () => {
  const out = rowsOf(CLV_CALLS.CLV_PARAMS([SAMPLE, '1997-09-30'], ENV));
  const param = (name: string) => out.find((r) => r[0] === name)![1] as number;
  it('spills parameter, value with the rows of §8 in order', () => {
    expect(out.map((r) => r[0])).toEqual(['parameter', 'customers', 'repeat_customers', 'r', 'alpha', 'a', 'b', 'bgnbd_ll', 'p', 'q', 'gamma', 'gg_ll']);
    expect(out[0]).toEqual(['parameter', 'value']);
  });
  it('gives the literature\'s CDNOW fits', () => {
    expect([param('customers'), param('repeat_customers')]).toEqual([2357, 946]);
    expect(param('r')).toBeCloseTo(0.243, 3);
    expect(param('alpha')).toBeCloseTo(4.414, 3);
    expect(param('a')).toBeCloseTo(0.793, 3);
    expect(param('b')).toBeCloseTo(2.426, 3);
    expect(param('bgnbd_ll')).toBeCloseTo(-9582.4, 1);
    expect(param('p')).toBeCloseTo(6.25, 2);
    expect(param('q')).toBeCloseTo(3.74, 2);
    expect(param('gamma')).toBeCloseTo(15.44, 2);
  });
  it('reads calibration_end as a date (that day) or a period (its last day): all the same fit', () => {
    const r = (cal: unknown) => rowsOf(CLV_CALLS.CLV_PARAMS([SAMPLE, cal], ENV))[3][1];
    const want = param('r');
    expect([r(d('1997-09-30')), r('1997-09'), r('1997-Q3'), r([[d('1997-09-30')]])]).toEqual([want, want, want, want]);
  });
  it('calibrates at the last purchase\'s day by default (1998-06-30 in CDNOW)', () => {
    expect(rowsOf(CLV_CALLS.CLV_PARAMS([SAMPLE], ENV))).toEqual(rowsOf(CLV_CALLS.CLV_PARAMS([SAMPLE, '1998-06-30'], ENV)));
  });
  it('says what is wrong with its arguments', () => {
    expect(() => CLV_CALLS.CLV_PARAMS([SAMPLE, 'soon'], ENV)).toThrow('CLV_PARAMS: calibration_end "soon" is not a date or a period (such as 1997-09-30 or 1997-09)');
    expect(() => CLV_CALLS.CLV_PARAMS([SAMPLE, '', 'year'], ENV)).toThrow('CLV_PARAMS: unit "year" must be "day", "week" or "month"');
    expect(() => CLV_CALLS.CLV_PARAMS([SAMPLE, '', '', 1], ENV)).toThrow('CLV_PARAMS: takes at most 3 arguments');
    expect(() => CLV_CALLS.CLV_PARAMS([[['customer', 'amount'], ['A', 5]]], ENV)).toThrow(/CLV_PARAMS: the deal table has no `closed` column/);
    expect(() => CLV_CALLS.CLV_PARAMS([SAMPLE, '1996-12-31'], ENV)).toThrow('CLV_PARAMS: no customer made a purchase by the calibration end 1996-12-31');
  });
  it('says a custom function ran out of time, and what to do', () => {
    expect(() => CLV_CALLS.CLV_PARAMS([SAMPLE, '1997-09-30'], { ...ENV, fitDeadline: Date.now() - 1 }))
      .toThrow('CLV_PARAMS: fitting the models to 2357 customers takes longer than the 30 s a custom function may run');
  });
});

describe('P_ALIVE and EXPECTED_PURCHASES', () => {
  const alive = rowsOf(CLV_CALLS.P_ALIVE([SAMPLE, '1997-09-30'], ENV));
  const expected = rowsOf(CLV_CALLS.EXPECTED_PURCHASES([SAMPLE, 39, '1997-09-30'], ENV));
  it('spill one row per customer in label order under their header', () => {
    expect(alive[0]).toEqual(['customer', 'P_ALIVE']);
    expect(expected[0]).toEqual(['customer', 'EXPECTED_PURCHASES']);
    expect(alive).toHaveLength(2358);
    expect(alive.slice(1, 3).map((r) => r[0])).toEqual(['00004', '00018']);
    expect(expected.map((r) => r[0])).toEqual(alive.map((r) => r[0]));
  });
  it('give P(alive) = 1 to a one-time buyer and between 0 and 1 to everyone', () => {
    for (const [, p] of alive.slice(1)) expect(p as number).toBeGreaterThan(0);
    for (const [, p] of alive.slice(1)) expect(p as number).toBeLessThanOrEqual(1);
  });
  it('need a horizon of 0 or more', () => {
    expect(() => CLV_CALLS.EXPECTED_PURCHASES([SAMPLE], ENV)).toThrow('EXPECTED_PURCHASES: horizon is missing: a number of units ahead, 0 or more (such as 52 weeks)');
    expect(() => CLV_CALLS.EXPECTED_PURCHASES([SAMPLE, -1], ENV)).toThrow('EXPECTED_PURCHASES: horizon "-1" must be');
  });
});

describe('CLV_TABLE', () => {
  const table = rowsOf(CLV_CALLS.CLV_TABLE([SAMPLE, 12, 0, '1997-09-30'], ENV));
  const params = rowsOf(CLV_CALLS.CLV_PARAMS([SAMPLE, '1997-09-30'], ENV));
  const bg = { r: params[3][1] as number, alpha: params[4][1] as number, a: params[5][1] as number, b: params[6][1] as number };
  it('has the columns of §8', () => {
    expect(table[0]).toEqual(['customer', 'x', 't_x', 'T', 'P_ALIVE', 'EXPECTED_PURCHASES', 'EXPECTED_VALUE', 'CLV']);
    expect(table).toHaveLength(2358);
  });
  it('undiscounted, a CLV is the expected purchases over the horizon × the expected value (the months telescope)', () => {
    for (const row of table.slice(1, 40)) {
      const [, x, tx, T, , purchases, value, clv] = row as number[];
      const twelveMonths = (12 * 365.25) / 12 / 7;
      expect(purchases).toBeCloseTo(expectedPurchases(bg, x, tx, T, twelveMonths), 12);
      expect(clv).toBeCloseTo(purchases * value, 9);
    }
  });
  it('discounts month k by (1 + D)^(k/12): 10 % a year lowers every CLV, and matches the sum worked month by month', () => {
    const discounted = rowsOf(CLV_CALLS.CLV_TABLE([SAMPLE, 12, 0.1, '1997-09-30'], ENV));
    const [, x, tx, T, , , value] = discounted[1] as number[];
    let sum = 0;
    for (let k = 1; k <= 12; k++) {
      const month = 365.25 / 12 / 7;
      sum += (expectedPurchases(bg, x, tx, T, k * month) - expectedPurchases(bg, x, tx, T, (k - 1) * month)) / Math.pow(1.1, k / 12);
    }
    expect(discounted[1][7] as number).toBeCloseTo(sum * value, 9);
    expect(discounted[1][7] as number).toBeLessThan(table[1][7] as number);
    expect(customerClv(bg, x, tx, T, value, 7, { horizonMonths: 12, discountRate: 0.1, margin: 1 })).toBeCloseTo(sum * value, 12);
  });
  it('multiplies by the margin of the purchases when the table has a cost column', () => {
    // Costs of 25 % of every amount: margin 0.75.
    const withCost = SAMPLE.map((r, i) => (i === 0 ? [...r, 'cost'] : [...r, (r[2] as number) * 0.25]));
    const costed = rowsOf(CLV_CALLS.CLV_TABLE([withCost, 12, 0, '1997-09-30'], ENV));
    expect(costed[1][7] as number).toBeCloseTo(0.75 * (table[1][7] as number), 9);
  });
  it('refuses a horizon that is not a whole number of months, and a discount rate of −1 or less', () => {
    expect(() => CLV_CALLS.CLV_TABLE([SAMPLE, 1.5], ENV)).toThrow('CLV_TABLE: horizon_months "1.5" must be a whole number of months, 0 or more');
    expect(() => CLV_CALLS.CLV_TABLE([SAMPLE, 12, -1], ENV)).toThrow('CLV_TABLE: discount_rate "-1" must be an annual rate above −1 (0.1 for 10 %)');
  });
});

describe('LTV with method "bgnbd"', () => {
  // Every CDNOW customer first bought in 1997-Q1, so LTV over Q1 is the mean CLV of all of them, calibrated at 1997-03-31.
  const atQ1End = rowsOf(CLV_CALLS.CLV_TABLE([SAMPLE, 12, 0, '1997-03-31'], ENV)).slice(1);
  const meanClv = (rows: Row[]) => rows.reduce((s, r) => s + (r[7] as number), 0) / rows.length;
  it('is the mean 12-month CLV of the customers whose first purchase is in the period, calibrated at its end', () => {
    expect(callKpi(LTV, [SAMPLE, '1997-Q1', '', 'bgnbd'], ENV) as number).toBeCloseTo(meanClv(atQ1End), 9);
  });
  it('over the whole table, is the mean CLV of every customer at the last purchase\'s day', () => {
    const all = rowsOf(CLV_CALLS.CLV_TABLE([SAMPLE], ENV)).slice(1);
    expect(callKpi(LTV, [SAMPLE, '', '', 'bgnbd'], ENV) as number).toBeCloseTo(meanClv(all), 9);
  });
  it('groups customers by the rep of their first purchase', () => {
    // Reps alternate by row, so a customer's later purchases are often another rep's.
    const withRep = SAMPLE.map((r, i) => (i === 0 ? [...r, 'rep'] : [...r, i % 2 === 0 ? 'Eve' : 'Max']));
    const firstRep = new Map<string, string>();
    for (const r of withRep.slice(1)) if (!firstRep.has(r[0] as string)) firstRep.set(r[0] as string, r[3] as string);
    const got = rowsOf(callKpi(LTV, [withRep, '1997-Q1', 'rep', 'bgnbd'], ENV));
    expect(got[0]).toEqual(['rep', 'Customer lifetime value']);
    for (const [rep, value] of got.slice(1)) {
      expect(value as number).toBeCloseTo(meanClv(atQ1End.filter((r) => firstRep.get(r[0] as string) === rep)), 9);
    }
    expect(got.slice(1).map((r) => r[0])).toEqual(['Eve', 'Max']);
  });
  it('by quarter, values each quarter\'s new customers at its end: only 1997-Q1 acquired any', () => {
    const got = rowsOf(callKpi(LTV, [SAMPLE, '', 'quarter', 'bgnbd'], ENV));
    expect(got[1][0]).toBe('1997-Q1');
    expect(got[1][1] as number).toBeCloseTo(meanClv(atQ1End), 9);
    for (const r of got.slice(2)) expect(r[1]).toBe('');
  });
  it('keeps "simple" as the §3 formula, and refuses another method', () => {
    expect(callKpi(LTV, [SAMPLE, '1997-Q1', '', 'simple'], ENV)).toEqual(callKpi(LTV, [SAMPLE, '1997-Q1'], ENV));
    expect(() => callKpi(LTV, [SAMPLE, '', '', 'pareto'], ENV)).toThrow('LTV: method "pareto" must be "simple" or "bgnbd"');
  });
  it('says when there are too few customers to fit', () => {
    const small = [['customer', 'close date', 'amount'], ['A', d('2024-01-01'), 5], ['A', d('2024-02-01'), 5], ['B', d('2024-01-03'), 7]];
    expect(() => callKpi(LTV, [small, '', '', 'bgnbd'], ENV)).toThrow('LTV: 2 customers are too few to fit BG/NBD: it needs at least 20');
  });
});
