import { describe, expect, it } from 'vitest';
import { findKpi } from '../../src/engine/catalog';
import { LEADS_CREATED, SALES, type Definition, type Tally } from '../../src/engine/definition';
import { evaluate, openAtEnd, tally, type TallyResult } from '../../src/engine/evaluate';
import type { KpiArgs } from '../../src/engine/kpi';
import { ALL_TIME, parsePeriodText } from '../../src/engine/period';
import { readPlan } from '../../src/engine/sideTables';
import { makeSlicing, type GroupBy, type Slicing } from '../../src/engine/slicing';
import type { DealTable } from '../../src/engine/table';
import { d, grid, table } from '../helpers';

/** The slices of `period` text cut by `by`. */
function slice(t: DealTable, period: string, by: GroupBy = ''): Slicing {
  return makeSlicing(t, parsePeriodText(period), by);
}

/** A tally's typed arrays as plain numbers, to compare with hand-added lists. */
function plain(r: TallyResult): { total: number[]; deals: number[] } {
  return { total: Array.from(r.total), deals: Array.from(r.deals) };
}

/** Evaluates a definition with the catalog as lookup. */
function run(def: Definition, t: DealTable, s: Slicing, args: KpiArgs = {}): unknown[] {
  return evaluate(def, t, s, args, findKpi);
}

const WON: Tally = { deals: 'won', date: 'closed', value: 'count' };
const LOST: Tally = { deals: 'lost', date: 'closed', value: 'count' };
const DECIDED: Tally = { deals: 'decided', date: 'closed', value: 'count' };
const PROFIT: Tally = { deals: 'revenue', date: 'closed', value: 'profit' };
const CYCLE: Tally = { deals: 'won', date: 'closed', value: 'cycle_days' };
/** AVG_DEAL: sales volume per won deal with an amount. */
const AVG_DEAL: Definition = { ratio: [{ sum: SALES }, { sum: { ...WON, readable: ['amount'] } }] };
/** WIN_RATE: won / (won + lost). */
const WIN_RATE: Definition = { ratio: [{ sum: WON }, { sum: DECIDED }] };

/**
 * Eight deals, two reps, 2024-Q1:
 *   ID  created  closed  amount  cost  status  rep    type
 *   A1  02-01    03-05   100     40    won     Anna   new
 *   B1  02-10    03-12   200     50    won     Boris  upsell
 *   A2  03-01    03-20   −30     —     won     Anna   —          a refund: revenue, not a won deal, not a lead
 *   B2  03-02    03-25   n/a     10    won     Boris  upsell     amount unreadable
 *   A3  03-03    03-15   80      20    lost    Anna   new
 *   B3  03-04    —       60      —     open    Boris  —
 *   A4  01-10    02-10   50      n/a   won     Anna   typo-type  cost and type unreadable
 *   B4  01-20    02-20   70      30    lost    Boris  repeat
 */
function mixed(): DealTable {
  return table(grid(['ID', 'Created', 'Closed', 'Amount', 'Cost', 'Status', 'Rep', 'Type'], [
    ['A1', d('2024-02-01'), d('2024-03-05'), 100, 40, 'won', 'Anna', 'new'],
    ['B1', d('2024-02-10'), d('2024-03-12'), 200, 50, 'won', 'Boris', 'upsell'],
    ['A2', d('2024-03-01'), d('2024-03-20'), -30, '', 'won', 'Anna', ''],
    ['B2', d('2024-03-02'), d('2024-03-25'), 'n/a', 10, 'won', 'Boris', 'upsell'],
    ['A3', d('2024-03-03'), d('2024-03-15'), 80, 20, 'lost', 'Anna', 'new'],
    ['B3', d('2024-03-04'), '', 60, '', 'open', 'Boris', ''],
    ['A4', d('2024-01-10'), d('2024-02-10'), 50, 'n/a', 'won', 'Anna', 'typo-type'],
    ['B4', d('2024-01-20'), d('2024-02-20'), 70, 30, 'lost', 'Boris', 'repeat'],
  ]));
}

describe('tally by rep (2024-03)', () => {
  const t = mixed();
  const s = slice(t, '2024-03', 'rep');

  it('has the reps in label order', () => {
    expect(s.labels).toEqual(['Anna', 'Boris']);
  });
  it('counts won deals; a refund is not a won deal', () => {
    // Anna: A1 (A2 is a refund); Boris: B1, B2 (an unreadable amount does not stop a count).
    expect(plain(tally(t, s, WON))).toEqual({ total: [1, 2], deals: [1, 2] });
  });
  it('sums revenue: won deals and refunds; an unreadable amount adds nothing and is not counted', () => {
    // Anna: 100 + (−30) = 70 over 2 deals; Boris: 200 over 1 (B2's 'n/a' is left out).
    expect(plain(tally(t, s, SALES))).toEqual({ total: [70, 200], deals: [2, 1] });
  });
  it('readable: [amount] leaves a count of the deals whose amount could be read', () => {
    // Anna: A1; Boris: B1 (B2 'n/a' leaves).
    expect(plain(tally(t, s, { ...WON, readable: ['amount'] }))).toEqual({ total: [1, 1], deals: [1, 1] });
  });
  it('readable: [cost] leaves a deal without a cost out of an amount sum', () => {
    // Anna: A1 100 (the refund A2 has no cost); Boris: B1 200 (B2 has a cost but no amount).
    expect(plain(tally(t, s, { ...SALES, readable: ['cost'] }))).toEqual({ total: [100, 200], deals: [1, 1] });
  });
  it('sums profit over the deals with both an amount and a cost', () => {
    // Anna: A1 100 − 40 = 60 (A2 has no cost); Boris: B1 200 − 50 = 150 (B2 has no amount).
    expect(plain(tally(t, s, PROFIT))).toEqual({ total: [60, 150], deals: [1, 1] });
  });
  it('counts lost deals, and decided = won + lost', () => {
    // Lost: Anna A3, Boris none. Decided: Anna 1 + 1 = 2, Boris 2 + 0 = 2.
    expect(plain(tally(t, s, LOST))).toEqual({ total: [1, 0], deals: [1, 0] });
    expect(plain(tally(t, s, DECIDED))).toEqual({ total: [2, 2], deals: [2, 2] });
    const won = tally(t, s, WON);
    const lost = tally(t, s, LOST);
    expect(Array.from(tally(t, s, DECIDED).deals)).toEqual([won.deals[0] + lost.deals[0], won.deals[1] + lost.deals[1]]);
  });
  it('where: { type: upsell } counts only deals of that type', () => {
    // Anna: A1 is new; Boris: B1 and B2 are upsells.
    expect(plain(tally(t, s, { ...WON, known: ['type'], where: { type: 'upsell' } }))).toEqual({ total: [0, 2], deals: [0, 2] });
  });
});

describe('tally by month (2024-Q1)', () => {
  const t = mixed();
  const s = slice(t, '2024-Q1', 'month');

  it('has the months of the quarter', () => {
    expect(s.labels).toEqual(['2024-01', '2024-02', '2024-03']);
  });
  it('counts won deals by close date', () => {
    // January none; February A4; March A1, B1, B2.
    expect(plain(tally(t, s, WON))).toEqual({ total: [0, 1, 3], deals: [0, 1, 3] });
  });
  it('known: [type] drops a deal whose type could not be read', () => {
    // February's only won deal A4 has 'typo-type': it is neither a new deal nor any other.
    expect(plain(tally(t, s, { ...WON, known: ['type'] }))).toEqual({ total: [0, 0, 3], deals: [0, 0, 3] });
  });
  it('sums revenue by close date', () => {
    // February: A4 50. March: A1 100 + B1 200 + A2 (−30) = 270 over 3 deals (B2 unreadable).
    expect(plain(tally(t, s, SALES))).toEqual({ total: [0, 50, 270], deals: [0, 1, 3] });
  });
  it('readable: [cost] drops a deal whose cost could not be read', () => {
    // February: A4's cost is 'n/a' → nothing. March: A1 100 + B1 200 = 300 (A2 no cost, B2 no amount).
    expect(plain(tally(t, s, { ...SALES, readable: ['cost'] }))).toEqual({ total: [0, 0, 300], deals: [0, 0, 2] });
  });
  it('a created-date tally places deals by creation', () => {
    // Leads created: January A4, B4; February A1, B1; March B2, A3, B3 (A2 is a refund, not a lead).
    expect(plain(tally(t, s, LEADS_CREATED))).toEqual({ total: [2, 2, 3], deals: [2, 2, 3] });
    // Won deals by creation: January A4; February A1, B1; March B2 (by close date it was 0, 1, 3).
    expect(plain(tally(t, s, { ...WON, date: 'created' }))).toEqual({ total: [1, 2, 1], deals: [1, 2, 1] });
  });
  it('counts lost deals by close date', () => {
    // February B4; March A3.
    expect(Array.from(tally(t, s, LOST).total)).toEqual([0, 1, 1]);
  });
});

describe('tally: half-open periods (§2)', () => {
  /** Won deals on the edges of March 2024: Feb 29 → 1, Mar 1 → 10, Mar 31 → 100, Apr 1 → 1000. */
  const t = table(grid(['Closed', 'Amount', 'Status'], [
    [d('2024-02-29'), 1, 'won'],
    [d('2024-03-01'), 10, 'won'],
    [d('2024-03-31'), 100, 'won'],
    [d('2024-04-01'), 1000, 'won'],
  ]));

  it('takes a deal closed on the period\'s last day and leaves one closed on the next period\'s first day', () => {
    // March: 10 + 100 = 110 over 2 deals; April 1 belongs to April, February 29 to February.
    expect(plain(tally(t, slice(t, '2024-03'), SALES))).toEqual({ total: [110], deals: [2] });
  });
  it('puts each edge deal in exactly one month', () => {
    // February 1, March 10 + 100 = 110, April 1000: the months add up to the table's 1111.
    expect(plain(tally(t, slice(t, '', 'month'), SALES))).toEqual({ total: [1, 110, 1000], deals: [1, 2, 1] });
    expect(plain(tally(t, slice(t, ''), SALES))).toEqual({ total: [1111], deals: [4] });
  });
});

describe('tally: qualified leads', () => {
  /**
   * Leads created in March 2024 (Q6 is February's):
   *   Q1 qualified 03-05, open    Q2 qualified TRUE, won     Q3 not qualified, lost
   *   Q4 qualified 'maybe' (unreadable), open                Q5 qualified, but a refund (not a lead)
   */
  const t = table(grid(['Created', 'Qualified', 'Closed', 'Amount', 'Status'], [
    [d('2024-03-01'), d('2024-03-05'), '', '', 'open'],
    [d('2024-03-02'), true, d('2024-03-10'), 10, 'won'],
    [d('2024-03-03'), '', d('2024-03-11'), '', 'lost'],
    [d('2024-03-04'), 'maybe', '', '', 'open'],
    [d('2024-03-05'), d('2024-03-06'), d('2024-03-12'), -5, 'won'],
    [d('2024-02-20'), d('2024-02-25'), '', '', 'open'],
  ]));
  const s = slice(t, '2024-03');

  it('where: { qualified: true } counts the qualified leads', () => {
    // Q1 and Q2.
    expect(plain(tally(t, s, { ...LEADS_CREATED, where: { qualified: true } }))).toEqual({ total: [2], deals: [2] });
    expect(plain(tally(t, s, { ...LEADS_CREATED, known: ['qualified'], where: { qualified: true } }))).toEqual({ total: [2], deals: [2] });
  });
  it('known: [qualified] drops the lead whose qualified cell could not be read', () => {
    // All leads: Q1, Q2, Q3, Q4 = 4; with the qualified cell known: Q1, Q2, Q3 = 3.
    expect(plain(tally(t, s, LEADS_CREATED))).toEqual({ total: [4], deals: [4] });
    expect(plain(tally(t, s, { ...LEADS_CREATED, known: ['qualified'] }))).toEqual({ total: [3], deals: [3] });
  });
});

describe('tally: a sales log (no status)', () => {
  /** March 2024: a sale of 100, a row with no amount (no outcome), a refund of −20. */
  const t = table(grid(['Created', 'Date', 'Amount'], [
    [d('2024-03-01'), d('2024-03-05'), 100],
    [d('2024-03-02'), d('2024-03-06'), ''],
    [d('2024-03-03'), d('2024-03-07'), -20],
  ]));
  const s = slice(t, '2024-03');

  it('counts every row but a refund as a lead (§1)', () => {
    expect(t.isSalesLog).toBe(true);
    // The sale and the row with no amount; not the refund.
    expect(plain(tally(t, s, LEADS_CREATED))).toEqual({ total: [2], deals: [2] });
  });
  it('counts one won deal, and revenue 100 − 20 = 80 over the sale and the refund', () => {
    expect(plain(tally(t, s, WON))).toEqual({ total: [1], deals: [1] });
    expect(plain(tally(t, s, SALES))).toEqual({ total: [80], deals: [2] });
  });
});

describe('tally cache', () => {
  it('returns the same result for equal tallies on the same table and slicing', () => {
    const t = mixed();
    const s = slice(t, '2024-03', 'rep');
    const first = tally(t, s, { deals: 'won', date: 'closed', value: 'count', readable: ['amount'] });
    const again = tally(t, s, { readable: ['amount'], value: 'count', date: 'closed', deals: 'won' });
    expect(again).toBe(first);
  });
  it('does not share a result between tables, slicings or different tallies', () => {
    const t = mixed();
    const s = slice(t, '2024-03', 'rep');
    const first = tally(t, s, WON);
    expect(tally(t, slice(t, '2024-03', 'rep'), WON)).not.toBe(first);
    expect(tally(mixed(), s, WON)).not.toBe(first);
    expect(tally(t, s, LOST)).not.toBe(first);
    // Another slicing of the same period still gives the same numbers.
    expect(plain(tally(t, slice(t, '2024-03', 'rep'), WON))).toEqual(plain(first));
  });
});

/**
 * March 2024 by rep, for ratios:
 *   Anna  won 100 (03-01), lost 50 (03-04)
 *   Boris lost 40 (03-05)
 *   Carol won 70 in February only: nothing closed in March
 */
function winLoss(): DealTable {
  return table(grid(['Closed', 'Amount', 'Status', 'Rep'], [
    [d('2024-03-01'), 100, 'won', 'Anna'],
    [d('2024-03-04'), 50, 'lost', 'Anna'],
    [d('2024-03-05'), 40, 'lost', 'Boris'],
    [d('2024-02-10'), 70, 'won', 'Carol'],
  ]));
}

describe('evaluate: sum', () => {
  it('is the tally\'s total per slice', () => {
    const t = mixed();
    // As in "tally by rep": Anna 100 − 30 = 70, Boris 200.
    expect(run({ sum: SALES }, t, slice(t, '2024-03', 'rep'))).toEqual([70, 200]);
  });
});

describe('evaluate: ratio', () => {
  const t = winLoss();
  const s = slice(t, '2024-03', 'rep');

  it('divides per slice', () => {
    // Win rate: Anna 1 / 2; Boris 0 / 1. AVG_DEAL: Anna 100 / 1.
    const rates = run(WIN_RATE, t, s);
    expect(rates.slice(0, 2)).toEqual([0.5, 0]);
    expect(run(AVG_DEAL, t, s)[0]).toBe(100);
  });
  it('says which deals there were none of, from the denominator\'s tally, where it has no deals', () => {
    // Carol closed nothing in March; Boris won nothing.
    expect(run(WIN_RATE, t, s)[2]).toEqual({ reason: 'no won or lost deals closed in 2024-03' });
    expect(run(AVG_DEAL, t, s)).toEqual([
      100,
      { reason: 'no won deals with an amount closed in 2024-03' },
      { reason: 'no won deals with an amount closed in 2024-03' },
    ]);
  });
  it('gives the denominator\'s no-deals reason before the numerator\'s', () => {
    // AVG_DEAL / decided: Anna 100 / 2 = 50; Boris: the numerator has no value, the denominator 1 deal;
    // Carol: the denominator has no deals at all.
    expect(run({ ratio: [AVG_DEAL, { sum: DECIDED }] }, t, s)).toEqual([
      50,
      { reason: 'no won deals with an amount closed in 2024-03' },
      { reason: 'no won or lost deals closed in 2024-03' },
    ]);
  });
  it('passes a denominator\'s own reason through', () => {
    // Won count / AVG_DEAL: Anna 1 / 100 = 0.01; Boris and Carol have no average deal, and say why.
    expect(run({ ratio: [{ sum: WON }, AVG_DEAL] }, t, s)).toEqual([
      0.01,
      { reason: 'no won deals with an amount closed in 2024-03' },
      { reason: 'no won deals with an amount closed in 2024-03' },
    ]);
  });

  /** March 2024: won 100 (cost 40) and a refund of −100 (cost 0): sales 0 over two deals, profit 60 − 100 = −40. */
  const refunded = table(grid(['Closed', 'Amount', 'Cost', 'Status'], [
    [d('2024-03-05'), 100, 40, 'won'],
    [d('2024-03-20'), -100, 0, 'won'],
  ]));
  const MARGIN_SALES: Tally = { ...SALES, readable: ['cost'] };

  it('says `ifZero` where the denominator sums to 0 over some deals', () => {
    const margin: Definition = { ratio: [{ sum: PROFIT }, { sum: MARGIN_SALES }], ifZero: 'sales volume in {period} is 0 after refunds' };
    expect(run(margin, refunded, slice(refunded, '2024-03'))).toEqual([{ reason: 'sales volume in 2024-03 is 0 after refunds' }]);
    // Without ifZero, a plain reason; by month, the months with no deals say so instead.
    expect(run({ ratio: [{ sum: PROFIT }, { sum: MARGIN_SALES }] }, refunded, slice(refunded, '2024-03'))).toEqual([
      { reason: 'the denominator is 0 in 2024-03' },
    ]);
    expect(run(margin, refunded, slice(refunded, '2024-Q1', 'month'))).toEqual([
      { reason: 'no won deals with an amount and a cost closed in 2024-01' },
      { reason: 'no won deals with an amount and a cost closed in 2024-02' },
      { reason: 'sales volume in 2024-03 is 0 after refunds' },
    ]);
  });
});

/**
 * Sales volume with refunds, by month: February 100 − 200 = −100, March 50, April nothing, May 30.
 *   Anna: February 100, March 50. Boris: February −200, May 30.
 */
function swings(): DealTable {
  return table(grid(['Closed', 'Amount', 'Status', 'Rep'], [
    [d('2024-02-05'), 100, 'won', 'Anna'],
    [d('2024-02-20'), -200, 'won', 'Boris'],
    [d('2024-03-10'), 50, 'won', 'Anna'],
    [d('2024-05-10'), 30, 'won', 'Boris'],
  ]));
}

describe('evaluate: change against the previous period', () => {
  const t = swings();
  const growth: Definition = { change: { sum: SALES }, against: 'previous', as: 'relative', none: 'no sales in {previous}, the period before {period}' };
  const increment: Definition = { change: { sum: SALES }, against: 'previous', as: 'difference' };

  it('from a negative previous value is taken against its size: from −100 to 50 is +1.5', () => {
    // (50 − (−100)) / |−100| = 150 / 100 = 1.5.
    expect(run(growth, t, slice(t, '2024-03'))).toEqual([1.5]);
  });
  it('as a difference is value − previous: 50 − (−100) = 150', () => {
    expect(run(increment, t, slice(t, '2024-03'))).toEqual([150]);
  });
  it('from 0 has no value, and fills {previous} and {period} in `none`', () => {
    // April sold nothing, so May has nothing to grow from.
    expect(run(growth, t, slice(t, '2024-05'))).toEqual([{ reason: 'no sales in 2024-04, the period before 2024-05' }]);
    const plainGrowth: Definition = { change: { sum: SALES }, against: 'previous', as: 'relative' };
    expect(run(plainGrowth, t, slice(t, '2024-05'))).toEqual([{ reason: 'the value of 2024-04 is 0' }]);
  });
  it('by month, each month against the month before', () => {
    // February: January 0 → no value; March 1.5 (above); April (0 − 50) / 50 = −1; May: from April's 0 → no value.
    expect(run(growth, t, slice(t, '', 'month'))).toEqual([
      { reason: 'no sales in 2024-01, the period before 2024-02' },
      1.5,
      -1,
      { reason: 'no sales in 2024-04, the period before 2024-05' },
    ]);
    // Differences: −100 − 0 = −100; 50 − (−100) = 150; 0 − 50 = −50; 30 − 0 = 30.
    expect(run(increment, t, slice(t, '', 'month'))).toEqual([-100, 150, -50, 30]);
  });
  it('by rep, each rep against their own previous period', () => {
    // March against February: Anna (50 − 100) / 100 = −0.5; Boris (0 − (−200)) / 200 = 1.
    expect(run(growth, t, slice(t, '2024-03', 'rep'))).toEqual([-0.5, 1]);
  });
  it('over the whole table has no previous period', () => {
    expect(run(growth, t, slice(t, ''))).toEqual([{ reason: 'the whole table has no previous period; give a period such as 2024-03' }]);
  });
  it('passes on the reason of a value that has none, now or then', () => {
    // AVG_DEAL: April has no won deals (now), and is May's previous period (then).
    const avgGrowth: Definition = { change: AVG_DEAL, against: 'previous', as: 'relative' };
    expect(run(avgGrowth, t, slice(t, '2024-04'))).toEqual([{ reason: 'no won deals with an amount closed in 2024-04' }]);
    expect(run(avgGrowth, t, slice(t, '2024-05'))).toEqual([{ reason: 'no won deals with an amount closed in 2024-04' }]);
  });
});

/**
 * Won deals in two years:
 *   2023: January 10 (Anna), February 20 (Boris), March 40 (Anna)          Q1 = 70
 *   2024: January 15 (Anna), February 50 (Boris), March 100 (Anna) + 30 (Boris)   Q1 = 195
 * By rep, Q1: Anna 2023 10 + 40 = 50, 2024 15 + 100 = 115; Boris 2023 20, 2024 50 + 30 = 80.
 */
function years(): DealTable {
  return table(grid(['Closed', 'Amount', 'Status', 'Rep'], [
    [d('2023-01-10'), 10, 'won', 'Anna'],
    [d('2023-02-10'), 20, 'won', 'Boris'],
    [d('2023-03-10'), 40, 'won', 'Anna'],
    [d('2024-01-10'), 15, 'won', 'Anna'],
    [d('2024-02-10'), 50, 'won', 'Boris'],
    [d('2024-03-10'), 100, 'won', 'Anna'],
    [d('2024-03-20'), 30, 'won', 'Boris'],
  ]));
}

describe('evaluate: change against an explicit baseline', () => {
  const t = years();
  const incremental: Definition = { change: { sum: SALES }, against: 'baseline', as: 'difference' };
  const baseline = (text: string): KpiArgs => ({ baseline: parsePeriodText(text) });

  it('compares the whole period with the baseline', () => {
    // 195 − 70 = 125; relative 125 / 70.
    expect(run(incremental, t, slice(t, '2024-Q1'), baseline('2023-Q1'))).toEqual([125]);
    const relative: Definition = { change: { sum: SALES }, against: 'baseline', as: 'relative' };
    const [r] = run(relative, t, slice(t, '2024-Q1'), baseline('2023-Q1'));
    expect(r).toBeCloseTo(125 / 70, 12);
  });
  it('by rep, each rep against their own baseline', () => {
    // Anna 115 − 50 = 65; Boris 80 − 20 = 60.
    expect(run(incremental, t, slice(t, '2024-Q1', 'rep'), baseline('2023-Q1'))).toEqual([65, 60]);
  });
  it('by month, the k-th month against the baseline\'s k-th month', () => {
    // January 15 − 10 = 5; February 50 − 20 = 30; March 130 − 40 = 90.
    expect(run(incremental, t, slice(t, '2024-Q1', 'month'), baseline('2023-Q1'))).toEqual([5, 30, 90]);
  });
  it('by month against a one-month baseline: every month against it', () => {
    // Against March 2023's 40: 15 − 40 = −25; 50 − 40 = 10; 130 − 40 = 90.
    expect(run(incremental, t, slice(t, '2024-Q1', 'month'), baseline('2023-03'))).toEqual([-25, 10, 90]);
  });
  it('by month against a shorter baseline: a month with no match says so', () => {
    // The baseline has January (10) and February (20) only: 5, 30, and March has no baseline month.
    expect(run(incremental, t, slice(t, '2024-Q1', 'month'), baseline('2023-01-01..2023-02-28'))).toEqual([
      5, 30, { reason: 'the baseline 2023-01-01..2023-02-28 has no month to match 2024-03' },
    ]);
  });
  it('is an error text when the call gives a baseline but no period', () => {
    expect(run(incremental, t, slice(t, ''), baseline('2023-Q1'))).toEqual([
      { reason: 'a baseline_period is compared with a period: give one too, such as 2024-03' },
    ]);
  });
  it('without a baseline compares with the previous period', () => {
    // March 2024 130 − February 50 = 80.
    expect(run(incremental, t, slice(t, '2024-03'))).toEqual([80]);
    expect(run(incremental, t, slice(t, '2024-03'), { baseline: ALL_TIME })).toEqual([80]);
  });
});

/**
 * Deals for snapshots (§6: open at the period's exclusive end = created before it, and open now or closed on
 * or after it):
 *   O1 Anna  created 02-10, open,              100 × 0.5
 *   O2 Boris created 03-05, won 04-10,         200 × 0.25
 *   O3 Anna  created 03-10, lost 03-31,         50 × 0.4
 *   O4 Boris created 04-01, open,              400 × 0.75
 *   O5 Anna  created 02-01, open,              'n/a' × 0.9   (counted, adds no amount)
 * At the end of March (April 1): O1, O2, O5 — O3 closed before it, O4 was created on it.
 */
function snapshot(withProbability = true): DealTable {
  const rows = [
    ['O1', d('2024-02-10'), '', 100, 0.5, 'open', 'Anna'],
    ['O2', d('2024-03-05'), d('2024-04-10'), 200, 0.25, 'won', 'Boris'],
    ['O3', d('2024-03-10'), d('2024-03-31'), 50, 0.4, 'lost', 'Anna'],
    ['O4', d('2024-04-01'), '', 400, 0.75, 'open', 'Boris'],
    ['O5', d('2024-02-01'), '', 'n/a', 0.9, 'open', 'Anna'],
  ];
  const header = ['ID', 'Created', 'Closed', 'Amount', 'Probability', 'Status', 'Rep'];
  if (withProbability) return table(grid(header, rows));
  return table(grid(header.filter((h) => h !== 'Probability'), rows.map((r) => r.filter((_, i) => i !== 4))));
}

describe('evaluate: open', () => {
  const t = snapshot();

  it('counts the deals open at the period\'s end', () => {
    // O1, O2, O5.
    expect(run({ open: 'count' }, t, slice(t, '2024-03'))).toEqual([3]);
    // By rep: Anna O1, O5; Boris O2.
    expect(run({ open: 'count' }, t, slice(t, '2024-03', 'rep'))).toEqual([2, 1]);
    // By month: end of January (Feb 1) none — O5 was created on Feb 1; end of February (Mar 1) O1, O5; end of March 3.
    expect(run({ open: 'count' }, t, slice(t, '2024-Q1', 'month'))).toEqual([0, 2, 3]);
  });
  it('sums their amounts; an unreadable amount adds nothing', () => {
    // March: O1 100 + O2 200 = 300. By rep: Anna 100, Boris 200. By month: 0, 100, 300.
    expect(run({ open: 'amount' }, t, slice(t, '2024-03'))).toEqual([300]);
    expect(run({ open: 'amount' }, t, slice(t, '2024-03', 'rep'))).toEqual([100, 200]);
    expect(run({ open: 'amount' }, t, slice(t, '2024-Q1', 'month'))).toEqual([0, 100, 300]);
  });
  it('weights the amounts by probability when args.weighted', () => {
    // March: 100 × 0.5 + 200 × 0.25 = 50 + 50 = 100. By rep: Anna 50, Boris 50.
    expect(run({ open: 'amount' }, t, slice(t, '2024-03'), { weighted: true })).toEqual([100]);
    expect(run({ open: 'amount' }, t, slice(t, '2024-03', 'rep'), { weighted: true })).toEqual([50, 50]);
    // A count is a count, weighted or not.
    expect(run({ open: 'count' }, t, slice(t, '2024-03'), { weighted: true })).toEqual([3]);
  });
  it('without a period is the deals open now', () => {
    // Open now: O1, O4, O5 = 3; amounts 100 + 400 = 500; weighted 50 + 300 = 350.
    expect(run({ open: 'count' }, t, slice(t, ''))).toEqual([3]);
    expect(run({ open: 'amount' }, t, slice(t, ''))).toEqual([500]);
    expect(run({ open: 'amount' }, t, slice(t, ''), { weighted: true })).toEqual([350]);
  });
  it('is an error to weight without a probability column', () => {
    const bare = snapshot(false);
    expect(() => run({ open: 'amount' }, bare, slice(bare, '2024-03'), { weighted: true })).toThrow(
      'weighted TRUE needs win probabilities, but the deal table has no `probability` column (looked for: probability, win probability, вероятность)',
    );
    // Unweighted it needs no probabilities: 300 as above.
    expect(run({ open: 'amount' }, bare, slice(bare, '2024-03'))).toEqual([300]);
  });
  it('openAtEnd gives the same numbers as typed arrays', () => {
    expect(Array.from(openAtEnd(t, slice(t, '2024-Q1', 'month'), 'count', false))).toEqual([0, 2, 3]);
    expect(Array.from(openAtEnd(t, slice(t, '2024-03'), 'amount', true))).toEqual([100]);
  });
});

/**
 * Won deals closed in March 2024, listed out of order, with their cycles (closed − created):
 *   C1 Anna  02-20 → 03-20  29 days (9 to Feb 29, 20 more)   amount 300
 *   C2 Anna  03-01 → 03-05   4 days                          amount 100
 *   C3 Boris 03-10 → 03-16   6 days                          amount 200
 *   C4 Anna  03-01 → 03-11  10 days                          amount 1000
 *   C5 Boris lost in 2 days, C6 Boris a refund of −50 in 1 day: neither is a won deal.
 */
function cycles(): DealTable {
  return table(grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'], [
    [d('2024-02-20'), d('2024-03-20'), 300, 'won', 'Anna'],
    [d('2024-03-01'), d('2024-03-05'), 100, 'won', 'Anna'],
    [d('2024-03-10'), d('2024-03-16'), 200, 'won', 'Boris'],
    [d('2024-03-01'), d('2024-03-11'), 1000, 'won', 'Anna'],
    [d('2024-03-01'), d('2024-03-03'), 50, 'lost', 'Boris'],
    [d('2024-03-01'), d('2024-03-02'), -50, 'won', 'Boris'],
  ]));
}

describe('evaluate: typical', () => {
  const t = cycles();

  it('is the mean by default, and with stat: mean', () => {
    // (29 + 4 + 6 + 10) / 4 = 49 / 4 = 12.25.
    expect(run({ typical: CYCLE }, t, slice(t, '2024-03'))).toEqual([12.25]);
    expect(run({ typical: CYCLE }, t, slice(t, '2024-03'), { stat: 'mean' })).toEqual([12.25]);
    // By rep: Anna (29 + 4 + 10) / 3 = 43 / 3; Boris 6.
    const [anna, boris] = run({ typical: CYCLE }, t, slice(t, '2024-03', 'rep'));
    expect(anna).toBeCloseTo(43 / 3, 12);
    expect(boris).toBe(6);
  });
  it('is the median with stat: median', () => {
    // Sorted 4, 6, 10, 29: (6 + 10) / 2 = 8. By rep: Anna 4, 10, 29 → 10; Boris 6.
    expect(run({ typical: CYCLE }, t, slice(t, '2024-03'), { stat: 'median' })).toEqual([8]);
    expect(run({ typical: CYCLE }, t, slice(t, '2024-03', 'rep'), { stat: 'median' })).toEqual([10, 6]);
  });
  it('of amounts: mean 400, median 250', () => {
    // (300 + 100 + 200 + 1000) / 4 = 1600 / 4 = 400; sorted 100, 200, 300, 1000 → (200 + 300) / 2 = 250.
    const amounts: Tally = { deals: 'won', date: 'closed', value: 'amount' };
    expect(run({ typical: amounts }, t, slice(t, '2024-03'))).toEqual([400]);
    expect(run({ typical: amounts }, t, slice(t, '2024-03'), { stat: 'median' })).toEqual([250]);
  });
  it('says which deals there were none of', () => {
    const why = { reason: 'no won deals with a creation date closed in 2024-04' };
    expect(run({ typical: CYCLE }, t, slice(t, '2024-04'))).toEqual([why]);
    expect(run({ typical: CYCLE }, t, slice(t, '2024-04'), { stat: 'median' })).toEqual([why]);
    // By month over Feb–Mar: February has none, March's median is 8.
    expect(run({ typical: CYCLE }, t, slice(t, '2024-02-01..2024-03-31', 'month'), { stat: 'median' })).toEqual([
      { reason: 'no won deals with a creation date closed in 2024-02' }, 8,
    ]);
  });
});

describe('evaluate: product', () => {
  it('multiplies per slice', () => {
    const t = mixed();
    // Won deals × sales volume in March: Anna 1 × 70 = 70; Boris 2 × 200 = 400.
    expect(run({ product: [{ sum: WON }, { sum: SALES }] }, t, slice(t, '2024-03', 'rep'))).toEqual([70, 400]);
  });
  it('passes the first part without a value on, even where another part is 0', () => {
    const t = winLoss();
    // Decided × AVG_DEAL: Anna 2 × 100 = 200; Boris 1 × none; Carol 0 × none.
    expect(run({ product: [{ sum: DECIDED }, AVG_DEAL] }, t, slice(t, '2024-03', 'rep'))).toEqual([
      200,
      { reason: 'no won deals with an amount closed in 2024-03' },
      { reason: 'no won deals with an amount closed in 2024-03' },
    ]);
  });
});

describe('evaluate: kpi', () => {
  const t = winLoss();
  const s = slice(t, '2024-03', 'rep');

  it('is another catalog KPI\'s value, by name in any case', () => {
    // WIN_RATE: Anna 1 / 2, Boris 0 / 1, Carol nothing closed.
    const expected = [0.5, 0, { reason: 'no won or lost deals closed in 2024-03' }];
    expect(run({ kpi: 'WIN_RATE' }, t, s)).toEqual(expected);
    expect(run({ kpi: 'win_rate' }, t, s)).toEqual(expected);
  });
  it('can be combined: won deals × the catalog\'s AVG_DEAL', () => {
    // Anna 1 × 100 = 100; Boris and Carol have no average deal.
    expect(run({ product: [{ sum: WON }, { kpi: 'AVG_DEAL' }] }, t, s)[0]).toBe(100);
  });
  it('throws for a KPI that is not in the catalog', () => {
    expect(() => run({ kpi: 'NO_SUCH_KPI' }, t, s)).toThrow('the definition refers to NO_SUCH_KPI, which is not in the catalog');
  });
});

describe('evaluate: target', () => {
  const t = years();
  // March 2024: Anna 100, Boris 30 (130 in all); January 15.
  const monthly = readPlan(grid(['Month', 'Target'], [['2024-01', 100], ['2024-03', 260]]), t.dayOf);
  const byRep = readPlan(grid(['Month', 'Rep', 'Target'], [['2024-03', 'Anna', 200], ['2024-03', 'Boris', 120]]), t.dayOf);

  it('is the plan\'s target of the slice', () => {
    expect(run({ target: 'plan' }, t, slice(t, '2024-03'), { plan: monthly })).toEqual([260]);
    // A quarter sums its months: 100 + 260 = 360.
    expect(run({ target: 'plan' }, t, slice(t, '2024-Q1'), { plan: monthly })).toEqual([360]);
  });
  it('by month, names a month without a target', () => {
    expect(run({ target: 'plan' }, t, slice(t, '2024-Q1', 'month'), { plan: monthly })).toEqual([
      100, { reason: 'the plan has no target in 2024-02' }, 260,
    ]);
  });
  it('by rep, each rep\'s target, naming a rep without one', () => {
    expect(run({ target: 'plan' }, t, slice(t, '2024-03', 'rep'), { plan: byRep })).toEqual([200, 120]);
    const annaOnly = readPlan(grid(['Month', 'Rep', 'Target'], [['2024-03', 'Anna', 200]]), t.dayOf);
    expect(run({ target: 'plan' }, t, slice(t, '2024-03', 'rep'), { plan: annaOnly })).toEqual([
      200, { reason: 'the plan has no target for Boris in 2024-03' },
    ]);
  });
  it('divides sales by it: plan attainment', () => {
    const attainment: Definition = { ratio: [{ sum: SALES }, { target: 'plan' }] };
    // March: 130 / 260 = 0.5. By rep: Anna 100 / 200 = 0.5; Boris 30 / 120 = 0.25.
    expect(run(attainment, t, slice(t, '2024-03'), { plan: monthly })).toEqual([0.5]);
    expect(run(attainment, t, slice(t, '2024-03', 'rep'), { plan: byRep })).toEqual([0.5, 0.25]);
    // By month: January 15 / 100; February has no target; March 0.5.
    const [jan, feb, mar] = run(attainment, t, slice(t, '2024-Q1', 'month'), { plan: monthly });
    expect(jan).toBeCloseTo(0.15, 12);
    expect(feb).toEqual({ reason: 'the plan has no target in 2024-02' });
    expect(mar).toBe(0.5);
  });
  it('takes a single plan number for the whole period, but cannot split it by rep', () => {
    const number = readPlan(500, t.dayOf);
    expect(run({ target: 'plan' }, t, slice(t, '2024-03'), { plan: number })).toEqual([500]);
    expect(() => run({ target: 'plan' }, t, slice(t, '2024-03', 'rep'), { plan: number })).toThrow(
      'a single plan number cannot be split by rep: give a plan table (period, [rep], target) with a header row',
    );
  });
  it('is an error without a plan', () => {
    expect(() => run({ target: 'plan' }, t, slice(t, '2024-03'))).toThrow(
      'plan is missing: give a number or a plan table (period, [rep], target) with a header row',
    );
  });
});
