import { describe, expect, it } from 'vitest';
import { call, d, grid, referenceDeals, salesSwings as swings } from '../../helpers';

describe('SALES_VOLUME', () => {
  it('sums won deals closed in the period (§7: 400 000 in March)', () => {
    expect(call('SALES_VOLUME', referenceDeals(), '2024-03')).toBe(400000);
    expect(call('SALES_VOLUME', referenceDeals(), '2024-02')).toBe(250000);
    expect(call('SALES_VOLUME', referenceDeals())).toBe(650000);
  });
  it('counts a refund as a negative amount (§6 Refunds)', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 100, 'won'], [d('2024-03-02'), -30, 'won']]);
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(70);
    expect(call('DEALS_WON', g, '2024-03')).toBe(1);
    expect(call('AVG_DEAL', g, '2024-03')).toBe(70);
  });
  it('groups by rep with a header row and labels sorted', () => {
    expect(call('SALES_VOLUME', referenceDeals(), '2024', 'rep')).toEqual([
      ['rep', 'Sales volume'],
      ['Anna', 400000],
      ['Boris', 250000],
    ]);
  });
  it('groups by month over the whole table, every bucket from first to last date', () => {
    expect(call('SALES_VOLUME', referenceDeals(), '', 'month')).toEqual([
      ['month', 'Sales volume'],
      ['2024-01', 0],
      ['2024-02', 250000],
      ['2024-03', 400000],
    ]);
  });
});

describe('AVG_DEAL', () => {
  it('is sales volume per won deal (§7: 50 000)', () => {
    expect(call('AVG_DEAL', referenceDeals(), '2024-03')).toBe(50000);
  });
  it('is an error that says why when nothing was won', () => {
    expect(() => call('AVG_DEAL', referenceDeals(), '2023-03')).toThrow('AVG_DEAL: no won deals with an amount closed in 2023-03');
  });
});

describe('WIN_RATE', () => {
  it('is won / (won + lost) among deals closed in the period (§7: 8 / 10)', () => {
    expect(call('WIN_RATE', referenceDeals(), '2024-03')).toBeCloseTo(0.8, 12);
  });
  it('names the period when no deal closed in it', () => {
    expect(() => call('WIN_RATE', referenceDeals(), '2024-04')).toThrow('WIN_RATE: no won or lost deals closed in 2024-04');
  });
  it('has a calculator form', () => {
    expect(call('WIN_RATE', 8, 2)).toBeCloseTo(0.8, 12);
  });
  it('leaves a group with no closed deals empty instead of failing', () => {
    expect(call('WIN_RATE', referenceDeals(), '2024-02', 'rep')).toEqual([['rep', 'Win rate'], ['Anna', ''], ['Boris', 1]]);
  });
});

describe('SALES_GROWTH', () => {
  it('compares with the previous period (§7: 0.6)', () => {
    expect(call('SALES_GROWTH', referenceDeals(), '2024-03')).toBeCloseTo(0.6, 12);
  });
  it('has a calculator form', () => {
    expect(call('SALES_GROWTH', 95000, 75000)).toBeCloseTo(20000 / 75000, 12);
  });
  it('from a negative previous volume is taken against its size: from −100 to 50 is +150 %', () => {
    // (50 − (−100)) / |−100| = 150 / 100 = 1.5; (V − V_prev) / V_prev would say −1.5, a fall.
    expect(call('SALES_GROWTH', swings(), '2024-03')).toBe(1.5);
    expect(call('SALES_GROWTH', 50, -100)).toBe(1.5);
    // From 50 to −100 is a fall of 300 %: (−100 − 50) / 50 = −3.
    expect(call('SALES_GROWTH', -100, 50)).toBe(-3);
  });
  it('from a positive previous volume is (V − V_prev) / V_prev: from 200 to 50 is −75 %', () => {
    // (50 − 200) / 200 = −0.75.
    expect(call('SALES_GROWTH', swings(), '2024-05')).toBe(-0.75);
    expect(call('SALES_GROWTH', 50, 200)).toBe(-0.75);
  });
  it('from a previous volume of 0 has no value, and says why', () => {
    // June sold nothing, so July has nothing to grow from.
    expect(() => call('SALES_GROWTH', swings(), '2024-07')).toThrow(
      'SALES_GROWTH: no sales in 2024-06, the period before 2024-07',
    );
    expect(() => call('SALES_GROWTH', 50, 0)).toThrow('SALES_GROWTH: previous is 0: growth from nothing is undefined');
  });
  it('by month, each month against the month before by the same rule', () => {
    // Feb: January sold nothing → empty; Mar (50 + 100) / 100 = 1.5; Apr (200 − 50) / 50 = 3;
    // May (50 − 200) / 200 = −0.75; Jun (0 − 50) / 50 = −1; Jul: June sold nothing → empty.
    expect(call('SALES_GROWTH', swings(), '', 'month')).toEqual([
      ['month', 'Sales growth'],
      ['2024-02', ''],
      ['2024-03', 1.5],
      ['2024-04', 3],
      ['2024-05', -0.75],
      ['2024-06', -1],
      ['2024-07', ''],
    ]);
  });
});

/**
 * A won deal of amount 0 (a free pilot) is a deal, not a refund (§6 Refunds: a refund is a won row with a
 * negative amount). March 2024: Z1 won 0 (Zed, 4 days), A1 won 300 (Acme, 8 days), A2 a refund of −50 (Acme),
 * B1 lost (Beta).
 */
function freePilot(): unknown[][] {
  return grid(['ID', 'Created', 'Closed', 'Amount', 'Status', 'Customer'], [
    ['Z1', d('2024-03-01'), d('2024-03-05'), 0, 'won', 'Zed'],
    ['A1', d('2024-03-02'), d('2024-03-10'), 300, 'won', 'Acme'],
    ['A2', d('2024-03-02'), d('2024-03-15'), -50, 'won', 'Acme'],
    ['B1', d('2024-03-03'), d('2024-03-12'), 100, 'lost', 'Beta'],
  ]);
}

describe('a won deal of amount 0', () => {
  it('counts in DEALS_WON and adds 0 to SALES_VOLUME', () => {
    // Z1 and A1; the refund A2 is not a deal. Volume 0 + 300 − 50 = 250.
    expect(call('DEALS_WON', freePilot(), '2024-03')).toBe(2);
    expect(call('SALES_VOLUME', freePilot(), '2024-03')).toBe(250);
  });
  it('is in AVG_DEAL\'s denominator: 250 / 2 = 125, not 250 / 1', () => {
    expect(call('AVG_DEAL', freePilot(), '2024-03')).toBe(125);
  });
  it('counts in WIN_RATE: 2 won of 3 closed', () => {
    expect(call('WIN_RATE', freePilot(), '2024-03')).toBeCloseTo(2 / 3, 12);
  });
  it('makes its customer new and active', () => {
    // Zed (first won deal Z1) and Acme (A1).
    expect(call('NEW_CUSTOMERS', freePilot(), '2024-03')).toBe(2);
    expect(call('ACTIVE_CUSTOMERS', freePilot(), '2024-03')).toBe(2);
  });
  it('counts in SALES_CYCLE: (4 + 8) / 2 = 6 days', () => {
    expect(call('SALES_CYCLE', freePilot(), '2024-03')).toBe(6);
  });
});
