import { describe, expect, it } from 'vitest';
import {
  dealSetMask, describeTally, fillReason, LEADS_CREATED, REVENUE_KINDS, SALES, tallyKey, type Tally,
} from '../../src/engine/definition';
import { Kind } from '../../src/engine/fields';

/** The row kinds a mask takes, by name: easier to read than five 0s and 1s. */
function kindsOf(mask: Uint8Array): string[] {
  const names = ['unknown', 'won', 'lost', 'open', 'refund'];
  expect(mask.length).toBe(5);
  return names.filter((_, k) => mask[k] === 1);
}

describe('dealSetMask', () => {
  it('revenue is won deals and refunds (§6 Refunds), never lost, open or unknown rows', () => {
    expect(kindsOf(dealSetMask('revenue', false))).toEqual(['won', 'refund']);
    // A sales log changes nothing: a row with no outcome has no amount, so it is no revenue.
    expect(kindsOf(dealSetMask('revenue', true))).toEqual(['won', 'refund']);
  });
  it('leads are won, lost and open deals, never refunds (§6 Cohorts)', () => {
    expect(kindsOf(dealSetMask('leads', false))).toEqual(['won', 'lost', 'open']);
  });
  it('leads in a sales log are every row but a refund: rows with no outcome too (§1)', () => {
    expect(kindsOf(dealSetMask('leads', true))).toEqual(['unknown', 'won', 'lost', 'open']);
  });
  it('decided is won and lost deals, with or without a status', () => {
    expect(kindsOf(dealSetMask('decided', false))).toEqual(['won', 'lost']);
    expect(kindsOf(dealSetMask('decided', true))).toEqual(['won', 'lost']);
  });
  it('won and lost are one outcome each; a refund is not a won deal', () => {
    expect(kindsOf(dealSetMask('won', false))).toEqual(['won']);
    expect(kindsOf(dealSetMask('won', true))).toEqual(['won']);
    expect(kindsOf(dealSetMask('lost', false))).toEqual(['lost']);
  });
  it('is indexed by Kind codes', () => {
    const m = dealSetMask('revenue', false);
    expect(m[Kind.Won]).toBe(1);
    expect(m[Kind.Refund]).toBe(1);
    expect(m[Kind.Lost]).toBe(0);
    expect(m[Kind.Open]).toBe(0);
    expect(m[Kind.Unknown]).toBe(0);
  });
});

describe('REVENUE_KINDS', () => {
  it('is 1 for won deals and refunds only', () => {
    expect(Array.from(REVENUE_KINDS)).toEqual([0, 1, 0, 0, 1]); // unknown, won, lost, open, refund
    expect(kindsOf(REVENUE_KINDS)).toEqual(['won', 'refund']);
  });
});

describe('tallyKey', () => {
  const base: Tally = { deals: 'won', date: 'closed', value: 'count' };

  it('gives equal tallies equal keys, however they were built', () => {
    expect(tallyKey({ deals: 'won', date: 'closed', value: 'count' })).toBe(tallyKey(base));
    expect(tallyKey({ ...SALES })).toBe(tallyKey(SALES));
    const a: Tally = { deals: 'leads', date: 'created', value: 'count', known: ['qualified'], where: { qualified: true } };
    const b: Tally = { where: { qualified: true }, known: ['qualified'], value: 'count', date: 'created', deals: 'leads' };
    expect(tallyKey(a)).toBe(tallyKey(b));
    expect(tallyKey({ ...base, where: { type: 'upsell' } })).toBe(tallyKey({ ...base, where: { type: 'upsell' } }));
  });
  it('gives tallies differing in any one field different keys', () => {
    const variants: Tally[] = [
      base,
      { ...base, deals: 'lost' },
      { ...base, deals: 'decided' },
      { ...base, deals: 'revenue' },
      { ...base, deals: 'leads' },
      { ...base, date: 'created' },
      { ...base, value: 'amount' },
      { ...base, value: 'profit' },
      { ...base, value: 'cycle_days' },
      { ...base, readable: ['amount'] },
      { ...base, readable: ['cost'] },
      { ...base, readable: ['amount', 'cost'] },
      { ...base, known: ['type'] },
      { ...base, known: ['qualified'] },
      { ...base, where: { type: 'upsell' } },
      { ...base, where: { type: 'cross-sell' } },
      { ...base, where: { qualified: true } },
    ];
    const keys = variants.map(tallyKey);
    expect(new Set(keys).size).toBe(variants.length);
  });
  it('does not confuse a `readable` condition with a `known` one on the same words', () => {
    // Each condition has its own place in the key, so one list is never read as another.
    expect(tallyKey({ ...base, readable: ['cost'] })).not.toBe(tallyKey({ ...base, known: ['type'] }));
    expect(tallyKey({ ...base, known: ['qualified'] })).not.toBe(tallyKey({ ...base, where: { qualified: true } }));
  });
});

describe('describeTally', () => {
  it('names the deals, what they need to be read, and the placing date', () => {
    expect(describeTally({ deals: 'won', date: 'closed', value: 'count', readable: ['amount'] })).toBe('won deals with an amount closed');
    expect(describeTally({ deals: 'decided', date: 'closed', value: 'count' })).toBe('won or lost deals closed');
    expect(describeTally(LEADS_CREATED)).toBe('leads created');
    expect(describeTally({ deals: 'won', date: 'closed', value: 'cycle_days' })).toBe('won deals with a creation date closed');
    expect(describeTally({ deals: 'won', date: 'closed', value: 'count', readable: ['amount', 'cost'] })).toBe(
      'won deals with an amount and a cost closed',
    );
  });
  it('calls revenue "won deals" (a refund is in the sum, not in the words), and an amount sum needs an amount', () => {
    expect(describeTally(SALES)).toBe('won deals with an amount closed');
  });
  it('asks for an amount and a cost for a profit, or for an amount sum that needs a cost', () => {
    expect(describeTally({ deals: 'revenue', date: 'closed', value: 'profit' })).toBe('won deals with an amount and a cost closed');
    expect(describeTally({ ...SALES, readable: ['cost'] })).toBe('won deals with an amount and a cost closed');
  });
  it('names a plain count by its deals alone', () => {
    expect(describeTally({ deals: 'lost', date: 'closed', value: 'count' })).toBe('lost deals closed');
    expect(describeTally({ deals: 'won', date: 'created', value: 'count' })).toBe('won deals created');
  });
  it('names a narrower set: a type, or qualified leads', () => {
    expect(describeTally({ deals: 'won', date: 'closed', value: 'count', known: ['type'], where: { type: 'upsell' } })).toBe(
      'won deals of type upsell closed',
    );
    expect(describeTally({ ...LEADS_CREATED, known: ['qualified'], where: { qualified: true } })).toBe('qualified leads created');
  });
});

describe('fillReason', () => {
  it('fills {period} and {previous}', () => {
    expect(fillReason('no sales in {previous}, the period before {period}', '2024-07', '2024-06')).toBe(
      'no sales in 2024-06, the period before 2024-07',
    );
  });
  it('fills every occurrence of a name', () => {
    expect(fillReason('{period}: {previous} → {period}', '2024-03', '2024-02')).toBe('2024-03: 2024-02 → 2024-03');
  });
  it('fills {previous} with nothing when none is given, and leaves a template without names alone', () => {
    expect(fillReason('sales volume in {period} is 0 after refunds', '2024-03')).toBe('sales volume in 2024-03 is 0 after refunds');
    expect(fillReason('since {previous}', '2024-03')).toBe('since ');
    expect(fillReason('nothing to fill', '2024-03', '2024-02')).toBe('nothing to fill');
  });
});
