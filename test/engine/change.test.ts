import { describe, expect, it } from 'vitest';
import { relativeChange } from '../../src/engine/change';

describe('relativeChange: (value − previous) / |previous|', () => {
  it('is the plain relative change from a positive previous value', () => {
    // (50 − 200) / 200 = −0.75; (90 − 100) / 100 = −0.1; (400 000 − 250 000) / 250 000 = 0.6 (§7).
    expect(relativeChange(50, 200)).toBe(-0.75);
    expect(relativeChange(90, 100)).toBeCloseTo(-0.1, 12);
    expect(relativeChange(400000, 250000)).toBe(0.6);
  });
  it('takes a negative previous value by its size, so the sign says which way the value went', () => {
    // −100 → 50: (50 + 100) / 100 = +1.5; −100 → −50: +0.5 (a loss shrank); −100 → −150: −0.5 (it grew).
    expect(relativeChange(50, -100)).toBe(1.5);
    expect(relativeChange(-50, -100)).toBe(0.5);
    expect(relativeChange(-150, -100)).toBe(-0.5);
  });
  it('is 0 for no change and undefined from 0', () => {
    expect(relativeChange(-100, -100)).toBe(0);
    expect(relativeChange(30, 0)).toBeUndefined();
    expect(relativeChange(0, 0)).toBeUndefined();
  });
});
