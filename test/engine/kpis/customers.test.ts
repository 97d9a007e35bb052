import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSlicing } from '../../../src/engine/slicing';
import { parsePeriodText } from '../../../src/engine/period';
import {
  activeCustomers, customerHistory, distinctOverSpans, distinctPerSlot, newCustomers,
} from '../../../src/engine/kpis/customerHistory';
import { call, d, grid, table } from '../../helpers';

const HEADER = ['Deal ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Customer'];

/**
 * Eight customers over January–March 2024 (row index in brackets):
 * Acme    [0] won 01-10 Anna 100, [4] won 03-05 Boris 200       — new in Jan, repeat + loyal in Mar (via Boris)
 * Beta    [1] won 02-15 Boris 300, [8] won 03-20 Boris 150      — new in Feb, repeat + loyal in Mar
 * Cobalt  [2] won 02-01 Anna 50, [12] won 03-28 Boris 90        — new in Feb, repeat + loyal in Mar (via Boris)
 * Echo    [3] won 02-20 Anna 80, [7] refund 03-12 Anna −80      — new in Feb, not active in Mar (a refund)
 * Delta   [5] won 03-10 Anna 400, [6] won 03-10 Boris 100       — new in Mar (Anna: the earlier row), no repeat
 * Gamma   [9] created 02-10, won 03-25 Anna 500                 — new in Mar; open at the end of Feb
 * Fox    [10] created 03-01, still open, Boris                  — potential at the end of Mar and now
 * Hotel  [11] created 02-05, lost 03-15, Boris                  — potential at the end of Feb
 */
function shop(): unknown[][] {
  return grid(HEADER, [
    ['A1', d('2024-01-02'), d('2024-01-10'), 100, 'won', 'Anna', 'Acme'],
    ['B1', d('2024-02-01'), d('2024-02-15'), 300, 'won', 'Boris', 'Beta'],
    ['C1', d('2024-01-20'), d('2024-02-01'), 50, 'won', 'Anna', 'Cobalt'],
    ['E1', d('2024-02-01'), d('2024-02-20'), 80, 'won', 'Anna', 'Echo'],
    ['A2', d('2024-02-20'), d('2024-03-05'), 200, 'won', 'Boris', 'Acme'],
    ['D1', d('2024-03-01'), d('2024-03-10'), 400, 'won', 'Anna', 'Delta'],
    ['D2', d('2024-03-01'), d('2024-03-10'), 100, 'won', 'Boris', 'Delta'],
    ['E2', d('2024-03-01'), d('2024-03-12'), -80, 'won', 'Anna', 'Echo'],
    ['B2', d('2024-03-01'), d('2024-03-20'), 150, 'won', 'Boris', 'Beta'],
    ['G1', d('2024-02-10'), d('2024-03-25'), 500, 'won', 'Anna', 'Gamma'],
    ['F1', d('2024-03-01'), '', 70, 'open', 'Boris', 'Fox'],
    ['H1', d('2024-02-05'), d('2024-03-15'), 60, 'lost', 'Boris', 'Hotel'],
    ['C2', d('2024-03-01'), d('2024-03-28'), 90, 'won', 'Boris', 'Cobalt'],
  ]);
}

/** A tiny sales log (no status): every row with an amount is a won sale. */
function log(rows: [string, number, string][]): unknown[][] {
  return grid(['Date', 'Amount', 'Client'], rows.map(([day, amount, who]) => [d(day), amount, who]));
}

describe('customer history', () => {
  it('finds each customer’s first and second won deal by close date, ties going to the earlier row', () => {
    const t = table(shop());
    const h = customerHistory(t);
    const code = (name: string): number => t.labels.customer.labels.indexOf(name);
    expect(h.firstWon[code('Acme')]).toBe(0);
    expect(h.secondWon[code('Acme')]).toBe(4);
    // Delta's two deals share 2024-03-10: the first is row 5, the second row 6.
    expect(h.firstWon[code('Delta')]).toBe(5);
    expect(h.secondWon[code('Delta')]).toBe(6);
    // Echo's March row is a refund, not a won deal; Fox and Hotel never won.
    expect(h.secondWon[code('Echo')]).toBe(-1);
    expect(h.firstWon[code('Fox')]).toBe(-1);
    expect(h.firstWonDay[code('Hotel')]).toBe(Infinity);
    expect(customerHistory(t)).toBe(h);
  });
  it('orders by date, not by row', () => {
    const t = table(log([['2024-03-09', 10, 'X'], ['2024-03-01', 10, 'X'], ['2024-03-05', 10, 'X']]));
    const h = customerHistory(t);
    expect([h.firstWon[0], h.secondWon[0]]).toEqual([1, 2]);
  });
  it('counts distinct keys per slot', () => {
    // slot 0: keys 2, 2, 0 → 2; slot 1: key 2 → 1; slot 2: nothing; slot −1 and key −1 are left out.
    const slots = Int32Array.from([0, 1, 0, -1, 0, 1]);
    const keys = Int32Array.from([2, 2, 2, 1, 0, -1]);
    expect(Array.from(distinctPerSlot(slots, keys, 3, 3))).toEqual([2, 1, 0]);
  });
  it('counts distinct keys per slot over spans of slots', () => {
    // item 0 (key 1) covers slots 0–2, item 1 (key 1) slots 1–3, item 2 (key 0) slot 2, item 3 covers none.
    // slot 0: {1}; slot 1: {1}; slot 2: {1, 0}; slot 3: {1}.
    const lo = Int32Array.from([0, 1, 2, -1]);
    const hi = Int32Array.from([3, 4, 3, 0]);
    const keys = Int32Array.from([1, 1, 0, 0]);
    expect(Array.from(distinctOverSpans(lo, hi, keys, 4, 2))).toEqual([1, 1, 2, 1]);
  });
  it('counts like a set would', () => {
    const item = fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -1, max: 6 }));
    fc.assert(fc.property(fc.array(item, { maxLength: 40 }), (items) => {
      const nSlots = 6;
      const nKeys = 7;
      const lo = Int32Array.from(items.map(([a]) => a));
      const hi = Int32Array.from(items.map(([a, len]) => Math.min(nSlots, a + len)));
      const keys = Int32Array.from(items.map(([, , k]) => k));
      const sets = Array.from({ length: nSlots }, () => new Set<number>());
      const single = Array.from({ length: nSlots }, () => new Set<number>());
      items.forEach(([a, , k], i) => {
        if (k < 0 || a < 0) return;
        single[a].add(k);
        for (let j = a; j < hi[i]; j++) sets[j].add(k);
      });
      expect(Array.from(distinctOverSpans(lo, hi, keys, nSlots, nKeys))).toEqual(sets.map((x) => x.size));
      expect(Array.from(distinctPerSlot(lo, keys, nSlots, nKeys))).toEqual(single.map((x) => x.size));
    }));
  });
  it('gives per-slice counts to other KPIs', () => {
    const t = table(shop());
    const s = makeSlicing(t, parsePeriodText('2024-Q1'), 'month');
    expect(Array.from(newCustomers(t, s))).toEqual([1, 3, 2]);
    expect(Array.from(activeCustomers(t, s))).toEqual([1, 3, 5]);
  });
});

describe('NEW_CUSTOMERS', () => {
  it('counts customers whose first won deal closed in the period', () => {
    // Jan: Acme; Feb: Beta, Cobalt, Echo; Mar: Delta, Gamma (Acme, Beta, Cobalt bought before).
    expect(call('NEW_CUSTOMERS', shop(), '2024-01')).toBe(1);
    expect(call('NEW_CUSTOMERS', shop(), '2024-02')).toBe(3);
    expect(call('NEW_CUSTOMERS', shop(), '2024-03')).toBe(2);
    expect(call('NEW_CUSTOMERS', shop())).toBe(6);
  });
  it('sums over months to the total', () => {
    // 1 + 3 + 2 = 6
    expect(call('NEW_CUSTOMERS', shop(), '', 'month')).toEqual([
      ['month', 'New customers'], ['2024-01', 1], ['2024-02', 3], ['2024-03', 2],
    ]);
  });
  it('puts a new customer with the rep of their first won deal (§6)', () => {
    // Acme's first deal was Anna's in January, Boris only sold to Acme later; Delta's first is row D1 (Anna).
    // Anna: Acme, Cobalt, Echo, Delta, Gamma = 5; Boris: Beta = 1.
    expect(call('NEW_CUSTOMERS', shop(), '', 'rep')).toEqual([['rep', 'New customers'], ['Anna', 5], ['Boris', 1]]);
    expect(call('NEW_CUSTOMERS', shop(), '2024-03', 'rep')).toEqual([['rep', 'New customers'], ['Anna', 2], ['Boris', 0]]);
  });
  it('takes the first purchase from the whole table, not from the period', () => {
    // Acme buys again in March, but its first purchase was in January: not new in March.
    const g = log([['2024-01-10', 100, 'Acme'], ['2024-03-05', 200, 'Acme'], ['2024-03-06', 50, 'Beta']]);
    expect(call('NEW_CUSTOMERS', g, '2024-03')).toBe(1);
  });
  it('does not count a refund as a first purchase (§6)', () => {
    // Zed's only March row is a refund; Zed becomes a customer with the April purchase.
    const g = log([['2024-03-01', -20, 'Zed'], ['2024-04-02', 70, 'Zed']]);
    expect(call('NEW_CUSTOMERS', g, '2024-03')).toBe(0);
    expect(call('NEW_CUSTOMERS', g, '2024-04')).toBe(1);
  });
  it('is an error naming `customer` and its synonyms when the column is missing', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 100, 'won']]);
    expect(() => call('NEW_CUSTOMERS', g)).toThrow(
      'NEW_CUSTOMERS: the deal table has no `customer` column (looked for: customer, client, account, company, клиент, покупатель, компания, контрагент)',
    );
  });
});

describe('ACTIVE_CUSTOMERS', () => {
  it('counts distinct customers with a won deal closed in the period', () => {
    // Mar: Acme, Delta (twice), Beta, Gamma, Cobalt = 5; Echo only has a refund in March.
    expect(call('ACTIVE_CUSTOMERS', shop(), '2024-03')).toBe(5);
    expect(call('ACTIVE_CUSTOMERS', shop(), '2024-02')).toBe(3);
    // Everyone who ever won: Acme, Beta, Cobalt, Echo, Delta, Gamma.
    expect(call('ACTIVE_CUSTOMERS', shop())).toBe(6);
  });
  it('groups by month', () => {
    expect(call('ACTIVE_CUSTOMERS', shop(), '', 'month')).toEqual([
      ['month', 'Active customers'], ['2024-01', 1], ['2024-02', 3], ['2024-03', 5],
    ]);
  });
  it('counts distinct customers within each rep, so reps add up to more than the total', () => {
    // March — Anna: Delta, Gamma (Echo's refund is not activity) = 2; Boris: Acme, Delta, Beta, Cobalt = 4.
    expect(call('ACTIVE_CUSTOMERS', shop(), '2024-03', 'rep')).toEqual([
      ['rep', 'Active customers'], ['Anna', 2], ['Boris', 4],
    ]);
  });
  it('does not count a refund as activity (§6)', () => {
    const g = log([['2024-03-01', 100, 'A'], ['2024-03-02', -30, 'B']]);
    expect(call('ACTIVE_CUSTOMERS', g, '2024-03')).toBe(1);
  });
});

describe('ARPU', () => {
  it('is sales volume / active customers', () => {
    // March: 200 + 400 + 100 − 80 + 150 + 500 + 90 = 1360 over 5 customers = 272 (the refund lowers revenue).
    expect(call('ARPU', shop(), '2024-03')).toBe(272);
    // February: (300 + 50 + 80) / 3.
    expect(call('ARPU', shop(), '2024-02')).toBeCloseTo(430 / 3, 9);
  });
  it('groups by rep', () => {
    // Anna: (400 − 80 + 500) / 2 = 410; Boris: (200 + 100 + 150 + 90) / 4 = 135.
    expect(call('ARPU', shop(), '2024-03', 'rep')).toEqual([['rep', 'Revenue per customer'], ['Anna', 410], ['Boris', 135]]);
  });
  it('names the period when nobody bought', () => {
    expect(() => call('ARPU', shop(), '2023-03')).toThrow('ARPU: no customers with a won deal closed in 2023-03');
  });
  it('has a calculator form', () => {
    expect(call('ARPU', 1000, 4)).toBe(250);
    expect(() => call('ARPU', 1000, 0)).toThrow('ARPU: customers is 0');
  });
});

describe('RETENTION_RATE', () => {
  it('is the share of the previous period’s active customers still active', () => {
    // Feb active: Beta, Cobalt, Echo; March active: Acme, Delta, Beta, Gamma, Cobalt → kept Beta, Cobalt: 2 / 3.
    expect(call('RETENTION_RATE', shop(), '2024-03')).toBeCloseTo(2 / 3, 12);
    // Jan active: Acme, who did not buy in Feb: 0 / 1.
    expect(call('RETENTION_RATE', shop(), '2024-02')).toBe(0);
  });
  it('names the previous period when it had no active customers', () => {
    expect(() => call('RETENTION_RATE', shop(), '2024-01')).toThrow(
      'RETENTION_RATE: no customers were active in 2023-12, the period before 2024-01',
    );
  });
  it('asks for a period over the whole table', () => {
    expect(() => call('RETENTION_RATE', shop())).toThrow(
      'RETENTION_RATE: the whole table has no previous period; give a period such as 2024-03',
    );
  });
  it('compares each month with the month before', () => {
    expect(call('RETENTION_RATE', shop(), '', 'month')).toEqual([
      ['month', 'Retention rate'], ['2024-01', ''], ['2024-02', 0], ['2024-03', 2 / 3],
    ]);
  });
  it('by rep: the rep’s customers of the previous period, kept if they bought from anyone', () => {
    // Feb — Anna sold to Cobalt and Echo: Cobalt bought again in March (from Boris), Echo did not → 1 / 2.
    // Boris sold to Beta, who bought again → 1 / 1.
    expect(call('RETENTION_RATE', shop(), '2024-03', 'rep')).toEqual([
      ['rep', 'Retention rate'], ['Anna', 0.5], ['Boris', 1],
    ]);
  });
  it('does not count a refund as activity (§6)', () => {
    // Echo was active in Feb and only refunded in March: lost. Ann stays.
    const g = log([['2024-02-01', 100, 'Echo'], ['2024-02-02', 100, 'Ann'], ['2024-03-01', -100, 'Echo'], ['2024-03-02', 10, 'Ann']]);
    expect(call('RETENTION_RATE', g, '2024-03')).toBe(0.5);
  });
  it('has a calculator form: (end − new) / start', () => {
    // (90 − 20) / 100
    expect(call('RETENTION_RATE', 100, 90, 20)).toBeCloseTo(0.7, 12);
    expect(() => call('RETENTION_RATE', 0, 5, 2)).toThrow('RETENTION_RATE: customers_at_start is 0');
  });
});

describe('CHURN_RATE', () => {
  it('is 1 − retention', () => {
    // Of Beta, Cobalt, Echo (February), Echo did not buy in March: 1 / 3.
    expect(call('CHURN_RATE', shop(), '2024-03')).toBeCloseTo(1 / 3, 12);
    expect(call('CHURN_RATE', shop(), '2024-02')).toBe(1);
  });
  it('groups by month and by rep', () => {
    expect(call('CHURN_RATE', shop(), '2024-Q1', 'month')).toEqual([
      ['month', 'Churn rate'], ['2024-01', ''], ['2024-02', 1], ['2024-03', 1 / 3],
    ]);
    expect(call('CHURN_RATE', shop(), '2024-03', 'rep')).toEqual([['rep', 'Churn rate'], ['Anna', 0.5], ['Boris', 0]]);
  });
  it('asks for a period over the whole table', () => {
    expect(() => call('CHURN_RATE', shop())).toThrow('CHURN_RATE: the whole table has no previous period; give a period such as 2024-03');
  });
  it('has a calculator form: lost / start', () => {
    expect(call('CHURN_RATE', 100, 30)).toBeCloseTo(0.3, 12);
    expect(() => call('CHURN_RATE', 0, 3)).toThrow('CHURN_RATE: customers_at_start is 0');
  });
});

/**
 * Customers whose deals fall on the edges of February 2024 [02-01, 03-01) and March 2024 [03-01, 04-01), for
 * retention in March by rep and by source (periods are half-open, §2). Won unless marked.
 *   P1  02-01 Anna  Ads  | 03-31 Boris Web   — in February on its first day; kept on March's last day, by another rep and source
 *   P2  02-29 Anna  Ads  | 03-01 Anna  Ads   — February's last day; kept on March's first day
 *   P3  02-29 Boris Web  | 04-01 Boris Web   — February's last day; next deal the day after March: lost
 *   P4  01-31 Boris Web  | 03-15 Boris Web   — the day before February: not a February customer
 *   P5  02-15 Boris Ads  | 03-10 lost        — a lost deal is not activity: lost
 *   P6  02-10 Boris Web  | 03-31 Boris Web   — kept on March's last day
 *   P7  03-01 Boris Ads                      — March's first day is not February's: not a February customer
 * February's customers: P1, P2, P3, P5, P6; active in March: P1, P2, P4, P6, P7.
 */
function edges(): unknown[][] {
  return grid(['Closed', 'Amount', 'Status', 'Rep', 'Source', 'Customer'], [
    [d('2024-02-01'), 100, 'won', 'Anna', 'Ads', 'P1'],
    [d('2024-03-31'), 100, 'won', 'Boris', 'Web', 'P1'],
    [d('2024-02-29'), 100, 'won', 'Anna', 'Ads', 'P2'],
    [d('2024-03-01'), 100, 'won', 'Anna', 'Ads', 'P2'],
    [d('2024-02-29'), 100, 'won', 'Boris', 'Web', 'P3'],
    [d('2024-04-01'), 100, 'won', 'Boris', 'Web', 'P3'],
    [d('2024-01-31'), 100, 'won', 'Boris', 'Web', 'P4'],
    [d('2024-03-15'), 100, 'won', 'Boris', 'Web', 'P4'],
    [d('2024-02-15'), 100, 'won', 'Boris', 'Ads', 'P5'],
    [d('2024-03-10'), 100, 'lost', 'Boris', 'Ads', 'P5'],
    [d('2024-02-10'), 100, 'won', 'Boris', 'Web', 'P6'],
    [d('2024-03-31'), 100, 'won', 'Boris', 'Web', 'P6'],
    [d('2024-03-01'), 100, 'won', 'Boris', 'Ads', 'P7'],
  ]);
}

describe('RETENTION_RATE and CHURN_RATE on the first and last days of the periods', () => {
  it('over the whole March: 3 of February\'s 5 customers kept (P1, P2, P6)', () => {
    expect(call('RETENTION_RATE', edges(), '2024-03')).toBe(3 / 5);
    expect(call('CHURN_RATE', edges(), '2024-03')).toBe(2 / 5);
  });
  it('by rep: Anna kept P1 and P2 of 2; Boris kept P6 of P3, P5, P6', () => {
    // P1 moved to Boris and is still retained for Anna; P4 and P7 were not Boris's February customers.
    expect(call('RETENTION_RATE', edges(), '2024-03', 'rep')).toEqual([['rep', 'Retention rate'], ['Anna', 1], ['Boris', 1 / 3]]);
    expect(call('CHURN_RATE', edges(), '2024-03', 'rep')).toEqual([['rep', 'Churn rate'], ['Anna', 0], ['Boris', 2 / 3]]);
  });
  it('by source: Ads kept P1 and P2 of P1, P2, P5; Web kept P6 of P3, P6', () => {
    expect(call('RETENTION_RATE', edges(), '2024-03', 'source')).toEqual([['source', 'Retention rate'], ['Ads', 2 / 3], ['Web', 1 / 2]]);
    expect(call('CHURN_RATE', edges(), '2024-03', 'source')).toEqual([['source', 'Churn rate'], ['Ads', 1 / 3], ['Web', 1 / 2]]);
  });
});

describe('REPEAT_PURCHASES', () => {
  it('counts won deals whose customer had a won deal on an earlier day', () => {
    // March: A2 (Acme since Jan), B2 (Beta since Feb), C2 (Cobalt since Feb) = 3.
    // Not D1, D2 (Delta's first day), G1 (Gamma's first), E2 (a refund).
    expect(call('REPEAT_PURCHASES', shop(), '2024-03')).toBe(3);
    expect(call('REPEAT_PURCHASES', shop())).toBe(3);
    expect(call('REPEAT_PURCHASES', shop(), '', 'month')).toEqual([
      ['month', 'Repeat purchases'], ['2024-01', 0], ['2024-02', 0], ['2024-03', 3],
    ]);
  });
  it('needs an earlier purchase with anyone (§6)', () => {
    // All three March repeats are Boris's, though Acme and Cobalt first bought from Anna.
    expect(call('REPEAT_PURCHASES', shop(), '2024-03', 'rep')).toEqual([['rep', 'Repeat purchases'], ['Anna', 0], ['Boris', 3]]);
  });
  it('takes the earlier purchase from the whole table (§6)', () => {
    const g = log([['2024-01-10', 100, 'Acme'], ['2024-03-05', 200, 'Acme']]);
    expect(call('REPEAT_PURCHASES', g, '2024-03')).toBe(1);
  });
  it('needs a strictly earlier date: two purchases on one day are not repeats (§6)', () => {
    const g = log([['2024-03-10', 100, 'X'], ['2024-03-10', 50, 'X'], ['2024-03-11', 10, 'X']]);
    expect(call('REPEAT_PURCHASES', g, '2024-03-10')).toBe(0);
    expect(call('REPEAT_PURCHASES', g, '2024-03')).toBe(1);
  });
  it('neither counts a refund nor lets one start a history (§6)', () => {
    // The refund of 03-01 is no purchase, so the sale of 03-02 is Y's first.
    const g = log([['2024-03-01', -10, 'Y'], ['2024-03-02', 40, 'Y'], ['2024-03-03', -40, 'Y']]);
    expect(call('REPEAT_PURCHASES', g, '2024-03')).toBe(0);
  });
});

describe('REPEAT_RATE', () => {
  it('is repeat purchases / deals won over the same period', () => {
    // March: 3 repeats of 6 won deals (A2, D1, D2, B2, G1, C2); the whole table: 3 of 10.
    expect(call('REPEAT_RATE', shop(), '2024-03')).toBe(0.5);
    expect(call('DEALS_WON', shop(), '2024-03')).toBe(6);
    expect(call('REPEAT_RATE', shop())).toBeCloseTo(0.3, 12);
  });
  it('groups by rep and by month', () => {
    // March — Anna: D1, G1, no repeat → 0; Boris: A2, B2, C2 of A2, D2, B2, C2 → 3 / 4.
    expect(call('REPEAT_RATE', shop(), '2024-03', 'rep')).toEqual([['rep', 'Repeat purchase rate'], ['Anna', 0], ['Boris', 0.75]]);
    expect(call('REPEAT_RATE', shop(), '', 'month')).toEqual([
      ['month', 'Repeat purchase rate'], ['2024-01', 0], ['2024-02', 0], ['2024-03', 0.5],
    ]);
  });
  it('names the period when nothing was won', () => {
    expect(() => call('REPEAT_RATE', shop(), '2024-04')).toThrow('REPEAT_RATE: no won deals with a customer closed in 2024-04');
  });
});

describe('LOYAL_CUSTOMERS', () => {
  it('counts customers with two won deals closed before the end of the period', () => {
    // Second won deals: Acme 03-05, Delta 03-10 (same day as its first), Beta 03-20, Cobalt 03-28.
    expect(call('LOYAL_CUSTOMERS', shop(), '2024-02')).toBe(0);
    expect(call('LOYAL_CUSTOMERS', shop(), '2024-03')).toBe(4);
    // The day 2024-03-15 ends on the 16th: Acme and Delta.
    expect(call('LOYAL_CUSTOMERS', shop(), '2024-03-15')).toBe(2);
    // Whole table: everyone with two won deals (Echo's second row is a refund).
    expect(call('LOYAL_CUSTOMERS', shop())).toBe(4);
  });
  it('is a snapshot at each month’s end', () => {
    expect(call('LOYAL_CUSTOMERS', shop(), '', 'month')).toEqual([
      ['month', 'Loyal customers'], ['2024-01', 0], ['2024-02', 0], ['2024-03', 4],
    ]);
    // 2024-W11 ends on 03-18: Acme and Delta.
    expect((call('LOYAL_CUSTOMERS', shop(), '2024-03', 'week') as unknown[][])[3]).toEqual(['2024-W11', 2]);
  });
  it('by rep: the rep of the deal that made the customer loyal, the second won deal', () => {
    // All four second deals are Boris's (Delta's D2 comes after D1 in the table).
    expect(call('LOYAL_CUSTOMERS', shop(), '', 'rep')).toEqual([['rep', 'Loyal customers'], ['Anna', 0], ['Boris', 4]]);
  });
});

describe('POTENTIAL_CUSTOMERS', () => {
  it('counts customers with a deal open at the end of the period and no won deal before it', () => {
    // End of Jan (02-01): C1 is open (created 01-20, won 02-01, not before the end) → Cobalt.
    expect(call('POTENTIAL_CUSTOMERS', shop(), '2024-01')).toBe(1);
    // End of Feb (03-01): H1 (Hotel), G1 (Gamma) and A2 are open, but Acme had won in January → 2.
    expect(call('POTENTIAL_CUSTOMERS', shop(), '2024-02')).toBe(2);
    // End of March and now: Fox's open deal.
    expect(call('POTENTIAL_CUSTOMERS', shop(), '2024-03')).toBe(1);
    expect(call('POTENTIAL_CUSTOMERS', shop())).toBe(1);
  });
  it('groups by month', () => {
    expect(call('POTENTIAL_CUSTOMERS', shop(), '', 'month')).toEqual([
      ['month', 'Potential customers'], ['2024-01', 1], ['2024-02', 2], ['2024-03', 1],
    ]);
  });
  it('groups by the rep of the open deals', () => {
    // End of Feb: Gamma's G1 is Anna's, Hotel's H1 is Boris's.
    expect(call('POTENTIAL_CUSTOMERS', shop(), '2024-02', 'rep')).toEqual([
      ['rep', 'Potential customers'], ['Anna', 1], ['Boris', 1],
    ]);
  });
  it('counts a customer with two open deals once', () => {
    const g = grid(HEADER, [
      ['P1', d('2024-03-01'), '', 10, 'open', 'Anna', 'Pia'],
      ['P2', d('2024-03-02'), '', 20, 'open', 'Anna', 'Pia'],
    ]);
    expect(call('POTENTIAL_CUSTOMERS', g)).toBe(1);
  });
  it('is an error on a sales log, naming `status`', () => {
    expect(() => call('POTENTIAL_CUSTOMERS', log([['2024-03-01', 10, 'X']]))).toThrow(
      'POTENTIAL_CUSTOMERS: the deal table has no `status` column',
    );
  });
});

describe('customer KPIs by month', () => {
  it('give each month the value of a call for that month', () => {
    const names = ['NEW_CUSTOMERS', 'ACTIVE_CUSTOMERS', 'ARPU', 'RETENTION_RATE', 'CHURN_RATE', 'REPEAT_PURCHASES',
      'REPEAT_RATE', 'LOYAL_CUSTOMERS', 'POTENTIAL_CUSTOMERS'];
    for (const name of names) {
      const rows = (call(name, shop(), '', 'month') as unknown[][]).slice(1);
      for (const [month, value] of rows) {
        if (value === '') expect(() => call(name, shop(), month)).toThrow(name);
        else expect(call(name, shop(), month)).toBe(value);
      }
    }
  });
});
