import { describe, expect, it } from 'vitest';
import { num, opt } from '../../../src/engine/kpis/calculator';

describe('num: a required calculator argument', () => {
  it('is the number given, 0 included', () => {
    expect(num(8, 'won')).toBe(8);
    expect(num(0, 'lost')).toBe(0);
  });
  it('is an error naming the argument when blank', () => {
    expect(() => num(undefined, 'won')).toThrow('won is missing');
  });
});

describe('opt: an optional calculator argument (§6: a blank takes its default)', () => {
  it('takes the default only when blank: 0 is a value', () => {
    expect(opt(undefined, 1)).toBe(1);
    expect(opt(0, 1)).toBe(0);
    expect(opt(0.6, 1)).toBe(0.6);
  });
});
