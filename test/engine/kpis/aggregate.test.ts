import { describe, expect, it } from 'vitest';
import { Kind } from '../../../src/engine/fields';
import { noValue } from '../../../src/engine/kpi';
import { combine, countKind, ratio, values, wonAmounts } from '../../../src/engine/kpis/aggregate';
import { parsePeriodText } from '../../../src/engine/period';
import { makeSlicing } from '../../../src/engine/slicing';
import { d, grid, table } from '../../helpers';

/**
 * March 2024 and one April deal, by rep:
 *   Anna   won 100, refund −30                      → Σ 70 over 1 deal
 *   Boris  won with an unreadable amount, lost 50   → Σ 0 over 0 deals; 1 won, 1 lost
 *   Boris  won 70 on 1 April                        → outside March
 */
const deals = table(grid(['Closed', 'Amount', 'Status', 'Rep'], [
  [d('2024-03-01'), 100, 'won', 'Anna'],
  [d('2024-03-02'), -30, 'won', 'Anna'],
  [d('2024-03-03'), 'n/a', 'won', 'Boris'],
  [d('2024-03-04'), 50, 'lost', 'Boris'],
  [d('2024-04-01'), 70, 'won', 'Boris'],
]));
const march = parsePeriodText('2024-03');
const byRep = makeSlicing(deals, march, 'rep');

describe('countKind', () => {
  it('counts rows of a kind whose date falls in each slice: a refund is not a won deal', () => {
    expect(Array.from(countKind(deals, byRep, 'closed', Kind.Won))).toEqual([1, 1]);
    expect(Array.from(countKind(deals, byRep, 'closed', Kind.Lost))).toEqual([0, 1]);
    expect(Array.from(countKind(deals, byRep, 'closed', Kind.Refund))).toEqual([1, 0]);
    expect(Array.from(countKind(deals, makeSlicing(deals, parsePeriodText('2024'), ''), 'closed', Kind.Won))).toEqual([3]);
  });
});

describe('wonAmounts', () => {
  it('sums won deals and refunds, and counts the won deals with a readable amount (§6 Refunds, Skipping)', () => {
    const { sum, deals: n } = wonAmounts(deals, byRep);
    // Anna 100 − 30 = 70 over 1 deal; Boris's won deal has no readable amount and leaves both sides.
    expect(Array.from(sum)).toEqual([70, 0]);
    expect(Array.from(n)).toEqual([1, 0]);
  });
  it('by month over the whole table: March 70 over 1 deal, April 70 over 1', () => {
    const { sum, deals: n } = wonAmounts(deals, makeSlicing(deals, parsePeriodText('2024-03-01..2024-04-30'), 'month'));
    expect(Array.from(sum)).toEqual([70, 70]);
    expect(Array.from(n)).toEqual([1, 1]);
  });
});

describe('ratio', () => {
  it('divides per slice, and gives the reason with the slice\'s period where the denominator is 0', () => {
    const { sum, deals: n } = wonAmounts(deals, byRep);
    expect(ratio(byRep, sum, n, (p) => `no won deals in ${p}`)).toEqual([70, { reason: 'no won deals in 2024-03' }]);
  });
});

describe('values and combine', () => {
  it('values turns numbers into KPI values', () => {
    expect(values(Float64Array.of(1, 2.5))).toEqual([1, 2.5]);
  });
  it('combine applies f where both have a number, else passes the first reason on', () => {
    const a = [10, noValue('no a'), 3];
    const b = [2, 5, noValue('no b')];
    expect(combine(a, b, (x, y) => x - y)).toEqual([8, { reason: 'no a' }, { reason: 'no b' }]);
    expect(combine([noValue('first')], [noValue('second')], (x, y) => x + y)).toEqual([{ reason: 'first' }]);
  });
});
