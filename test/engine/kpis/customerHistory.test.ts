import { describe, expect, it } from 'vitest';
import {
  activeCustomers, customerHistory, distinctOverSpans, distinctPerSlot, newCustomers, retention, wonCustomerSlots,
} from '../../../src/engine/kpis/customerHistory';
import { parsePeriodText } from '../../../src/engine/period';
import { makeSlicing, previousSlicing, type Slicing } from '../../../src/engine/slicing';
import { d, grid, table } from '../../helpers';

/**
 * Rows 0–6 (close date, amount, status, rep, customer):
 *   0  01-20 won    Anna  Acme     Acme's first
 *   1  02-10 won    Boris Acme     Acme's second
 *   2  02-10 won    Anna  Beta     Beta's first (same day as row 3: the earlier row is first)
 *   3  02-10 won    Boris Beta     Beta's second
 *   4  02-15 refund Anna  Cobalt   a refund: not a purchase
 *   5  02-20 lost   Boris Delta    never won
 *   6  03-05 won    Boris ''       no customer
 */
const deals = table(grid(['Closed', 'Amount', 'Status', 'Rep', 'Customer'], [
  [d('2024-01-20'), 100, 'won', 'Anna', 'Acme'],
  [d('2024-02-10'), 200, 'won', 'Boris', 'Acme'],
  [d('2024-02-10'), 300, 'won', 'Anna', 'Beta'],
  [d('2024-02-10'), 50, 'won', 'Boris', 'Beta'],
  [d('2024-02-15'), -40, 'won', 'Anna', 'Cobalt'],
  [d('2024-02-20'), 70, 'lost', 'Boris', 'Delta'],
  [d('2024-03-05'), 90, 'won', 'Boris', ''],
]));
const code = (name: string): number => deals.labels.customer.labels.indexOf(name);
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86400000;
const slicing = (period: string, groupBy: '' | 'rep' | 'month'): Slicing => makeSlicing(deals, parsePeriodText(period), groupBy);

describe('customerHistory', () => {
  const h = customerHistory(deals);
  it('finds each customer\'s first and second won deal, ties on a day going to the earlier row', () => {
    expect([h.firstWon[code('Acme')], h.secondWon[code('Acme')]]).toEqual([0, 1]);
    expect([h.firstWonDay[code('Acme')], h.secondWonDay[code('Acme')]]).toEqual([day('2024-01-20'), day('2024-02-10')]);
    expect([h.firstWon[code('Beta')], h.secondWon[code('Beta')]]).toEqual([2, 3]);
  });
  it('gives a customer with only a refund or a lost deal no won deal', () => {
    for (const c of ['Cobalt', 'Delta']) {
      expect(h.firstWon[code(c)]).toBe(-1);
      expect(h.firstWonDay[code(c)]).toBe(Infinity);
      expect(h.secondWonDay[code(c)]).toBe(Infinity);
    }
  });
  it('is computed once per table', () => {
    expect(customerHistory(deals)).toBe(h);
    expect(h.nCustomers).toBe(4);
  });
});

describe('wonCustomerSlots', () => {
  it('gives the slice of each won deal with a customer, -1 to refunds, lost deals and rows without a customer', () => {
    expect(Array.from(wonCustomerSlots(deals, slicing('2024-Q1', 'month')))).toEqual([0, 1, 1, 1, -1, -1, -1]);
    expect(Array.from(wonCustomerSlots(deals, slicing('2024-02', 'rep')))).toEqual([-1, 1, 0, 1, -1, -1, -1]);
  });
});

describe('distinctPerSlot', () => {
  it('counts distinct keys per slot over items with a slot and a key', () => {
    // Slot 0: keys 1, 1, 2 → 2; slot 1: key 1 → 1 (item 4 has no key); slot 2: none.
    const slots = Int32Array.of(0, 0, 0, 1, 1, -1);
    const keys = Int32Array.of(1, 1, 2, 1, -1, 3);
    expect(Array.from(distinctPerSlot(slots, keys, 3, 4))).toEqual([2, 1, 0]);
  });
  it('gives the same counts with more than 32 slots (sorted by slot) as with few (a bit per slot)', () => {
    // The same items in slots 31 and 33 of 40: slot 31 keys 1, 1, 2 → 2; slot 33 key 1 → 1; slot 32 and 5 none.
    const keys = Int32Array.of(1, 1, 2, 1, -1, 3);
    const many = distinctPerSlot(Int32Array.of(31, 31, 31, 33, 33, -1), keys, 40, 4);
    expect([many[31], many[32], many[33], many[5]]).toEqual([2, 0, 1, 0]);
    const few = distinctPerSlot(Int32Array.of(31, 31, 31, 0, 0, -1), keys, 32, 4);
    expect([few[31], few[0]]).toEqual([2, 1]);
  });
});

describe('distinctOverSpans', () => {
  it('counts distinct keys per slot, item i covering slots lo[i] … hi[i] − 1', () => {
    // Item 0: key 0 over slots 0–1; item 1: key 0 over 1–2; item 2: key 1 over 2; item 3: none (lo −1).
    const lo = Int32Array.of(0, 1, 2, -1);
    const hi = Int32Array.of(2, 3, 3, 3);
    const keys = Int32Array.of(0, 0, 1, 1);
    expect(Array.from(distinctOverSpans(lo, hi, keys, 3, 2))).toEqual([1, 1, 2]);
  });
  it('stops before hi: an item over slot 0 alone is not in slot 1', () => {
    // Item 0: key 0 over slot 0; items 1 and 2: key 1 over slot 2 (counted once); item 3: none.
    const lo = Int32Array.of(0, 2, 2, -1);
    const hi = Int32Array.of(1, 3, 3, 3);
    const keys = Int32Array.of(0, 1, 1, 0);
    expect(Array.from(distinctOverSpans(lo, hi, keys, 3, 2))).toEqual([1, 0, 1]);
  });
});

describe('activeCustomers and newCustomers', () => {
  it('by month: January Acme; February Acme and Beta (Cobalt only refunded); March no one with a name', () => {
    expect(Array.from(activeCustomers(deals, slicing('2024-Q1', 'month')))).toEqual([1, 2, 0]);
    expect(Array.from(newCustomers(deals, slicing('2024-Q1', 'month')))).toEqual([1, 1, 0]);
  });
  it('by rep in February: Anna sold to Beta, Boris to Acme and Beta; Beta is new with Anna (the earlier row)', () => {
    expect(Array.from(activeCustomers(deals, slicing('2024-02', 'rep')))).toEqual([1, 2]);
    expect(Array.from(newCustomers(deals, slicing('2024-02', 'rep')))).toEqual([1, 0]);
  });
});

describe('retention', () => {
  it('February against January: Acme was active in January and is again', () => {
    const s = slicing('2024-02', '');
    expect(retention(deals, s, previousSlicing(s)!)).toEqual({ atStart: Float64Array.of(1), retained: Float64Array.of(1) });
  });
  it('March against February by rep: Anna\'s Beta and Boris\'s Acme and Beta all gone (March\'s sale has no customer)', () => {
    const s = slicing('2024-03', 'rep');
    expect(retention(deals, s, previousSlicing(s)!)).toEqual({ atStart: Float64Array.of(1, 2), retained: Float64Array.of(0, 0) });
  });
  it('February against January by rep: Anna\'s Acme stays though Acme bought from Boris in February', () => {
    const s = slicing('2024-02', 'rep');
    expect(retention(deals, s, previousSlicing(s)!)).toEqual({ atStart: Float64Array.of(1, 0), retained: Float64Array.of(1, 0) });
  });
});
