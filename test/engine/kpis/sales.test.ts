import { describe, expect, it } from 'vitest';
import { call, d, grid, referenceDeals } from '../../helpers';

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
});
