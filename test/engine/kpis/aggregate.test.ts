import { describe, expect, it } from 'vitest';
import { noValue } from '../../../src/engine/kpi';
import { combine, ratio, values } from '../../../src/engine/kpis/aggregate';
import { parsePeriodText } from '../../../src/engine/period';
import { makeSlicing } from '../../../src/engine/slicing';
import { d, grid, table } from '../../helpers';

const byRep = makeSlicing(table(grid(['Closed', 'Amount', 'Status', 'Rep'], [
  [d('2024-03-01'), 100, 'won', 'Anna'],
  [d('2024-03-04'), 50, 'lost', 'Boris'],
])), parsePeriodText('2024-03'), 'rep');

describe('ratio', () => {
  it('divides per slice, and gives the reason with the slice\'s period where the denominator is 0', () => {
    expect(ratio(byRep, [70, 0], [1, 0], (p) => `no won deals in ${p}`)).toEqual([70, { reason: 'no won deals in 2024-03' }]);
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
