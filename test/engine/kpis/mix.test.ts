import { describe, expect, it } from 'vitest';
import { call, d, grid, referenceDeals } from '../../helpers';

/**
 * Deals with costs and types.
 *   March:    D1 1000 − 600 = 400 (new), D2 500 − 200 = 300 (upsell), D3 800 − 500 = 300 (cross-sell),
 *             D4 300 with no cost (upsell): not in PROFIT or MARGIN, but a won deal for the type rates
 *   February: D5 400 − 100 = 300 (no type), D6 a refund −100 − (−60) = −40, D7 lost (counts nowhere)
 *   January:  D8 600 − 400 = 200 (repeat)
 * PROFIT: March 1000, February 260, January 200, the table 1460.
 */
function deals(): unknown[][] {
  return grid(['ID', 'Closed', 'Amount', 'Cost', 'Status', 'Type', 'Rep'], [
    ['D1', d('2024-03-05'), 1000, 600, 'won', 'new', 'Anna'],
    ['D2', d('2024-03-12'), 500, 200, 'won', 'upsell', 'Anna'],
    ['D3', d('2024-03-20'), 800, 500, 'won', 'cross-sell', 'Boris'],
    ['D4', d('2024-03-25'), 300, '', 'won', 'upsell', 'Boris'],
    ['D5', d('2024-02-10'), 400, 100, 'won', '', 'Boris'],
    ['D6', d('2024-02-15'), -100, -60, 'won', 'new', 'Anna'],
    ['D7', d('2024-02-20'), 700, 350, 'lost', 'upsell', 'Anna'],
    ['D8', d('2024-01-08'), 600, 400, 'won', 'repeat', 'Anna'],
  ]);
}

describe('PROFIT', () => {
  it('sums amount − cost of won deals closed in the period', () => {
    expect(call('PROFIT', deals())).toBe(1460);
    expect(call('PROFIT', deals(), '2024-03')).toBe(1000);
  });
  it('counts a refund with its own cost (§6 Refunds): February 300 + (−100 + 60) = 260', () => {
    expect(call('PROFIT', deals(), '2024-02')).toBe(260);
  });
  it('skips a won deal without a cost only here: it still counts in SALES_VOLUME (§6 Skipping)', () => {
    // March sales volume 1000 + 500 + 800 + 300 = 2600 includes D4; March profit leaves it out.
    expect(call('SALES_VOLUME', deals(), '2024-03')).toBe(2600);
    expect(call('PROFIT', deals(), '2024-03')).toBe(1000);
  });
  it('is not disturbed by a lost deal with an unreadable amount', () => {
    const g = grid(['Closed', 'Amount', 'Cost', 'Status'], [
      [d('2024-03-01'), 100, 40, 'won'],
      [d('2024-03-02'), 'n/a', 'n/a', 'lost'],
    ]);
    expect(call('PROFIT', g, '2024-03')).toBe(60);
  });
  it('groups by rep: Anna 400 + 300 − 40 + 200 = 860, Boris 300 + 300 = 600 (sum 1460)', () => {
    expect(call('PROFIT', deals(), '', 'rep')).toEqual([['rep', 'Profit'], ['Anna', 860], ['Boris', 600]]);
  });
  it('groups by month', () => {
    expect(call('PROFIT', deals(), '2024-Q1', 'month')).toEqual([
      ['month', 'Profit'],
      ['2024-01', 200],
      ['2024-02', 260],
      ['2024-03', 1000],
    ]);
  });
  it('is 0 over a period with no sales', () => {
    expect(call('PROFIT', deals(), '2023')).toBe(0);
  });
  it('is an error on a table without a cost column', () => {
    expect(() => call('PROFIT', referenceDeals())).toThrow(
      'PROFIT: the deal table has no `cost` column (looked for: cost, cogs',
    );
  });
});

describe('MARGIN', () => {
  it('is profit / sales volume over the deals that have both an amount and a cost', () => {
    // The table: 1460 / (1000 + 500 + 800 + 400 − 100 + 600 = 3200) = 0.45625.
    expect(call('MARGIN', deals())).toBeCloseTo(0.45625, 12);
    // February: 260 / (400 − 100) = 0.8666…
    expect(call('MARGIN', deals(), '2024-02')).toBeCloseTo(260 / 300, 12);
  });
  it('drops a deal without a cost from both sides (§6 Skipping): March 1000 / 2300, not 1000 / 2600', () => {
    expect(call('MARGIN', deals(), '2024-03')).toBeCloseTo(1000 / 2300, 12);
  });
  it('groups by rep: Anna 860 / 2000, Boris 600 / 1200', () => {
    expect(call('MARGIN', deals(), '', 'rep')).toEqual([['rep', 'Margin'], ['Anna', 0.43], ['Boris', 0.5]]);
  });
  it('groups by quarter: 2024-Q1 holds every deal, the other quarters none', () => {
    const out = call('MARGIN', deals(), '2024', 'quarter') as unknown[][];
    expect(out[1][0]).toBe('2024-Q1');
    expect(out[1][1]).toBeCloseTo(0.45625, 12);
    expect(out.slice(2)).toEqual([['2024-Q2', ''], ['2024-Q3', ''], ['2024-Q4', '']]);
  });
  it('is an error naming the period when no won deal with an amount and a cost closed in it', () => {
    expect(() => call('MARGIN', deals(), '2023-06')).toThrow(
      'MARGIN: no won deals with an amount and a cost closed in 2023-06',
    );
  });
  it('is an error when refunds cancel the sales out', () => {
    const g = grid(['Closed', 'Amount', 'Cost', 'Status'], [
      [d('2024-03-01'), 100, 40, 'won'],
      [d('2024-03-02'), -100, 0, 'won'],
    ]);
    expect(() => call('MARGIN', g, '2024-03')).toThrow('MARGIN: sales volume in 2024-03 is 0 after refunds');
  });
  it('is an error on a table without a cost column', () => {
    expect(() => call('MARGIN', referenceDeals())).toThrow('MARGIN: the deal table has no `cost` column (looked for: cost, cogs');
  });
});

describe('UPSELL_RATE', () => {
  it('is the share of won deals of type upsell; a won deal without a type counts in DEALS_WON', () => {
    // The table: D2, D4 of the won D1, D2, D3, D4, D5, D8 → 2 / 6 (the refund D6 and the lost D7 are not won deals).
    expect(call('UPSELL_RATE', deals())).toBeCloseTo(1 / 3, 12);
    // March: D2, D4 of D1–D4 = 0.5, though D4 has no cost; February: D5 has no type → 0 / 1.
    expect(call('UPSELL_RATE', deals(), '2024-03')).toBe(0.5);
    expect(call('UPSELL_RATE', deals(), '2024-02')).toBe(0);
  });
  it('groups by rep: Anna 1 of 3 (D2 of D1, D2, D8), Boris 1 of 3 (D4 of D3, D4, D5)', () => {
    expect(call('UPSELL_RATE', deals(), '', 'rep')).toEqual([['rep', 'Upsell rate'], ['Anna', 1 / 3], ['Boris', 1 / 3]]);
  });
  it('groups by month', () => {
    expect(call('UPSELL_RATE', deals(), '', 'month')).toEqual([
      ['month', 'Upsell rate'],
      ['2024-01', 0],
      ['2024-02', 0],
      ['2024-03', 0.5],
    ]);
  });
  it('groups by type with the canonical names: the upsell group is all upsell', () => {
    expect(call('UPSELL_RATE', deals(), '', 'type')).toEqual([
      ['type', 'Upsell rate'],
      ['cross-sell', 0],
      ['new', 0],
      ['repeat', 0],
      ['upsell', 1],
      ['(blank)', 0],
    ]);
  });
  it('skips a won deal whose type cannot be read, from both sides (§5)', () => {
    const g = grid(['Closed', 'Status', 'Type'], [
      [d('2024-03-01'), 'won', 'upsell'],
      [d('2024-03-02'), 'won', 'mystery'],
      [d('2024-03-03'), 'won', 'new'],
    ]);
    expect(call('UPSELL_RATE', g, '2024-03')).toBe(0.5);
  });
  it('is an error naming the period when no won deal closed in it', () => {
    expect(() => call('UPSELL_RATE', deals(), '2024-04')).toThrow('UPSELL_RATE: no won deals closed in 2024-04');
  });
  it('is an error on a table without a type column', () => {
    expect(() => call('UPSELL_RATE', referenceDeals())).toThrow(
      'UPSELL_RATE: the deal table has no `type` column (looked for: type, deal type',
    );
  });
});

describe('CROSS_SELL_RATE', () => {
  it('is the share of won deals of type cross-sell (the table: D3 of 6; March: 1 of 4)', () => {
    expect(call('CROSS_SELL_RATE', deals())).toBeCloseTo(1 / 6, 12);
    expect(call('CROSS_SELL_RATE', deals(), '2024-03')).toBe(0.25);
  });
  it('groups by rep: Anna 0 of 3, Boris 1 of 3', () => {
    expect(call('CROSS_SELL_RATE', deals(), '', 'rep')).toEqual([['rep', 'Cross-sell rate'], ['Anna', 0], ['Boris', 1 / 3]]);
  });
  it('groups by quarter', () => {
    expect(call('CROSS_SELL_RATE', deals(), '2024-01-01..2024-06-30', 'quarter')).toEqual([
      ['quarter', 'Cross-sell rate'],
      ['2024-Q1', 1 / 6],
      ['2024-Q2', ''],
    ]);
  });
  it('reads Russian type names', () => {
    const g = grid(['Дата', 'Статус', 'Тип сделки'], [
      [d('2024-03-01'), 'выиграна', 'кросс-продажа'],
      [d('2024-03-02'), 'выиграна', 'допродажа'],
    ]);
    expect(call('CROSS_SELL_RATE', g, '2024-03')).toBe(0.5);
  });
  it('is an error on a table without a type column', () => {
    expect(() => call('CROSS_SELL_RATE', referenceDeals())).toThrow('CROSS_SELL_RATE: the deal table has no `type` column');
  });
});

/** A sales log over two years: 2023 Jan 100, Feb 200; 2024 Jan 150, Feb 260, Mar 50. */
function twoYears(): unknown[][] {
  return grid(['Date', 'Amount', 'Source'], [
    [d('2023-01-15'), 100, 'Ads'],
    [d('2023-02-10'), 200, 'Web'],
    [d('2024-01-05'), 150, 'Ads'],
    [d('2024-02-07'), 260, 'Ads'],
    [d('2024-03-01'), 50, 'Web'],
  ]);
}

/**
 * Three campaigns over 2023-Q2, 2024-Q1 and 2024-Q2 (closed date, amount, source, rep, type, customer):
 *   2023-Q2: 05-05  50 000 Ads   Anna  new    C1
 *   2024-Q1: 01-10  75 000 Ads   Anna  new    C1 | 02-15 30 000 Email Boris repeat C2 | 03-20 10 000 Web Anna new C3
 *   2024-Q2: 04-05  95 000 Ads   Boris repeat C1 | 05-10 20 000 Email Anna  new    C2 |
 *            06-12  25 000 Web   Anna  repeat C3 | 06-20  5 000 Web   Boris new    C1 | 05-01 a lost Ads deal (counts nowhere)
 * Q2 against Q1: Ads 95 000 − 75 000 = 20 000 (the source documents' own example), Email 20 000 − 30 000 = −10 000,
 * Web 30 000 − 10 000 = 20 000; the whole table 145 000 − 115 000 = 30 000.
 */
function campaigns(): unknown[][] {
  return grid(['Closed', 'Amount', 'Status', 'Source', 'Rep', 'Type', 'Customer'], [
    [d('2023-05-05'), 50000, 'won', 'Ads', 'Anna', 'new', 'C1'],
    [d('2024-01-10'), 75000, 'won', 'Ads', 'Anna', 'new', 'C1'],
    [d('2024-02-15'), 30000, 'won', 'Email', 'Boris', 'repeat', 'C2'],
    [d('2024-03-20'), 10000, 'won', 'Web', 'Anna', 'new', 'C3'],
    [d('2024-04-05'), 95000, 'won', 'Ads', 'Boris', 'repeat', 'C1'],
    [d('2024-05-01'), 40000, 'lost', 'Ads', 'Anna', 'new', 'C2'],
    [d('2024-05-10'), 20000, 'won', 'Email', 'Anna', 'new', 'C2'],
    [d('2024-06-12'), 25000, 'won', 'Web', 'Anna', 'repeat', 'C3'],
    [d('2024-06-20'), 5000, 'won', 'Web', 'Boris', 'new', 'C1'],
  ]);
}

describe('INCREMENTAL_SALES per campaign: each group against its own baseline', () => {
  it('by source, against an explicit baseline 2024-Q1', () => {
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'source', '2024-Q1')).toEqual([
      ['source', 'Incremental sales'], ['Ads', 20000], ['Email', -10000], ['Web', 20000],
    ]);
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', '', '2024-Q1')).toBe(30000);
  });
  it('by source, against the default previous period (2024-Q1 again)', () => {
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'source')).toEqual([
      ['source', 'Incremental sales'], ['Ads', 20000], ['Email', -10000], ['Web', 20000],
    ]);
  });
  it('by source, against a year-earlier baseline 2023-Q2 that only Ads sold in', () => {
    // Ads 95 000 − 50 000; Email 20 000 − 0; Web 30 000 − 0.
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'source', '2023-Q2')).toEqual([
      ['source', 'Incremental sales'], ['Ads', 45000], ['Email', 20000], ['Web', 30000],
    ]);
  });
  it('by rep: Anna 45 000 − 85 000, Boris 100 000 − 30 000', () => {
    const expected = [['rep', 'Incremental sales'], ['Anna', -40000], ['Boris', 70000]];
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'rep', '2024-Q1')).toEqual(expected);
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'rep')).toEqual(expected);
  });
  it('by type: new 25 000 − 85 000, repeat 120 000 − 30 000', () => {
    const expected = [['type', 'Incremental sales'], ['new', -60000], ['repeat', 90000]];
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'type', '2024-Q1')).toEqual(expected);
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'type')).toEqual(expected);
  });
  it('by customer: C1 100 000 − 75 000, C2 20 000 − 30 000, C3 25 000 − 10 000', () => {
    const expected = [['customer', 'Incremental sales'], ['C1', 25000], ['C2', -10000], ['C3', 15000]];
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'customer', '2024-Q1')).toEqual(expected);
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'customer')).toEqual(expected);
  });
  it('by month: against the month before by default, against the baseline\'s month in the same place otherwise', () => {
    // Apr 95 000 − Mar 10 000, May 20 000 − Apr 95 000, Jun 30 000 − May 20 000.
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'month')).toEqual([
      ['month', 'Incremental sales'], ['2024-04', 85000], ['2024-05', -75000], ['2024-06', 10000],
    ]);
    // Apr − Jan 75 000, May − Feb 30 000, Jun − Mar 10 000.
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', 'month', '2024-Q1')).toEqual([
      ['month', 'Incremental sales'], ['2024-04', 20000], ['2024-05', -10000], ['2024-06', 20000],
    ]);
  });
});

describe('INCREMENTAL_SALES', () => {
  it('is sales volume minus that of the previous period (§7: March 400 000 − February 250 000)', () => {
    expect(call('INCREMENTAL_SALES', referenceDeals(), '2024-03')).toBe(150000);
  });
  it('compares with an explicit baseline period', () => {
    // March 400 000 against January 0.
    expect(call('INCREMENTAL_SALES', referenceDeals(), '2024-03', '', '2024-01')).toBe(400000);
    // A baseline needs a period to compare with it: the whole table is not one.
    expect(() => call('INCREMENTAL_SALES', referenceDeals(), '', '', '2024-02')).toThrow(
      'INCREMENTAL_SALES: a baseline_period is compared with a period: give one too, such as 2024-03',
    );
    // 2024: 150 + 260 + 50 = 460 against 2023: 100 + 200 = 300.
    expect(call('INCREMENTAL_SALES', twoYears(), '2024', '', '2023')).toBe(160);
  });
  it('is an error over the whole table without a baseline: it has no previous period', () => {
    expect(() => call('INCREMENTAL_SALES', referenceDeals())).toThrow(
      'INCREMENTAL_SALES: the whole table has no previous period; give a period such as 2024-03',
    );
  });
  it('groups by source against each source\'s own baseline (sums to the total)', () => {
    // Ads: 150 + 260 − 100 = 310; Web: 50 − 200 = −150; together 160.
    expect(call('INCREMENTAL_SALES', twoYears(), '2024', 'source')).toEqual([
      ['source', 'Incremental sales'],
      ['Ads', 310],
      ['Web', -150],
    ]);
    expect(call('INCREMENTAL_SALES', referenceDeals(), '2024-03', 'rep')).toEqual([
      ['rep', 'Incremental sales'],
      ['Anna', 400000],
      ['Boris', -250000],
    ]);
  });
  it('groups by month, each month against the month before', () => {
    expect(call('INCREMENTAL_SALES', referenceDeals(), '', 'month')).toEqual([
      ['month', 'Incremental sales'],
      ['2024-01', 0],
      ['2024-02', 250000],
      ['2024-03', 150000],
    ]);
  });
  it('by month against a baseline of several months: each month against the baseline\'s month in the same place', () => {
    // 2024-Q1 against 2023-Q1: Jan 150 − 100, Feb 260 − 200, Mar 50 − 0.
    expect(call('INCREMENTAL_SALES', twoYears(), '2024-Q1', 'month', '2023-Q1')).toEqual([
      ['month', 'Incremental sales'],
      ['2024-01', 50],
      ['2024-02', 60],
      ['2024-03', 50],
    ]);
  });
  it('by month against a one-month baseline: every month against it', () => {
    // Against January 2023 (100): 150 − 100, 260 − 100, 50 − 100.
    expect(call('INCREMENTAL_SALES', twoYears(), '2024-Q1', 'month', '2023-01')).toEqual([
      ['month', 'Incremental sales'],
      ['2024-01', 50],
      ['2024-02', 160],
      ['2024-03', -50],
    ]);
  });
  it('by month against a shorter baseline: months without a counterpart are empty', () => {
    expect(call('INCREMENTAL_SALES', twoYears(), '2024-Q1', 'month', [[d('2023-01-01'), d('2023-02-28')]])).toEqual([
      ['month', 'Incremental sales'],
      ['2024-01', 50],
      ['2024-02', 60],
      ['2024-03', ''],
    ]);
  });
  // campaigns(): 2024-Q2 sold 95 000 + 20 000 + 25 000 + 5 000 = 145 000.
  it.each([
    ['blank: the previous period, 2024-Q1 (75 000 + 30 000 + 10 000)', '', 145000 - 115000],
    ['"2024q1" in any case', '2024q1', 145000 - 115000],
    ['a Date: its month, January 2024', d('2024-01-15'), 145000 - 75000],
    ['the number 2023: that year', 2023, 145000 - 50000],
    ['"15.02.2024": that day', '15.02.2024', 145000 - 30000],
    ['a two-cell range: 1 January – 15 February 2024, end included', [[d('2024-01-01'), d('2024-02-15')]], 145000 - 105000],
  ])('takes the baseline as %s', (_, baseline, want) => {
    expect(call('INCREMENTAL_SALES', campaigns(), '2024-Q2', '', baseline)).toBe(want);
  });
  it('says what is wrong with a baseline that is not a period', () => {
    expect(() => call('INCREMENTAL_SALES', campaigns(), '2024-Q2', '', 'last quarter')).toThrow(
      'INCREMENTAL_SALES: period "last quarter" is not a period: use 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, FY2024, FY2024-Q1, a date, or a two-cell range of dates',
    );
  });
  it('has a calculator form (sales, baseline): 95 000 − 75 000 = 20 000', () => {
    expect(call('INCREMENTAL_SALES', 95000, 75000)).toBe(20000);
    expect(() => call('INCREMENTAL_SALES', 95000, '')).toThrow('INCREMENTAL_SALES: baseline is missing');
    expect(() => call('INCREMENTAL_SALES', 95000, 'abc')).toThrow('INCREMENTAL_SALES: baseline must be a number, got "abc"');
  });
  it('is an error on a table without an amount column', () => {
    const g = grid(['Closed', 'Status'], [[d('2024-03-01'), 'won']]);
    expect(() => call('INCREMENTAL_SALES', g, '2024-03')).toThrow(
      'INCREMENTAL_SALES: the deal table has no `amount` column (looked for: amount, value',
    );
  });
});
