import { describe, expect, it } from 'vitest';
import { lowerBound, upperBound } from '../../src/engine/search';

describe('lowerBound and upperBound', () => {
  const xs = [10, 20, 20, 30];
  it('lowerBound counts the values strictly below x', () => {
    expect([5, 10, 20, 25, 30, 35].map((x) => lowerBound(xs, x))).toEqual([0, 0, 1, 3, 3, 4]);
  });
  it('upperBound finds the first value above x', () => {
    expect([5, 10, 20, 25, 30, 35].map((x) => upperBound(xs, x))).toEqual([0, 1, 3, 3, 4, 4]);
  });
  it('works on typed arrays and on nothing', () => {
    expect(lowerBound(new Float64Array([1, 2, 3]), 2.5)).toBe(2);
    expect(upperBound([], 1)).toBe(0);
  });
});
