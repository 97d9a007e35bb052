import { describe, expect, it } from 'vitest';
import { call, d, grid } from '../../helpers';

/**
 * Six deals around the end of February (exclusive end 2024-03-01) and of March (2024-04-01); "now" is 2025-01-01.
 *   P1 created 02-10, won 03-05        open at the end of Feb, not of March
 *   P2 created 02-20, lost ON 04-01    open at the end of Feb and of March (closed on the end day)
 *   P3 created 03-15, open             open at the end of March and now
 *   P4 created 01-05, open             open at every end from January on, and now
 *   P5 created 03-31, won 03-31        never open at a month end
 *   P6 created ON 04-01, open          not open at the end of March (not created before it); open now
 */
function pipelineDeals(withProbability = false): unknown[][] {
  const rows: unknown[][] = [
    ['P1', d('2024-02-10'), d('2024-03-05'), 1000, 'won', 'Anna', 0.5],
    ['P2', d('2024-02-20'), d('2024-04-01'), 2000, 'lost', 'Boris', 60],
    ['P3', d('2024-03-15'), '', 4000, 'open', 'Anna', 0.25],
    ['P4', d('2024-01-05'), '', 8000, 'open', 'Boris', ''],
    ['P5', d('2024-03-31'), d('2024-03-31'), 500, 'won', 'Anna', 1],
    ['P6', d('2024-04-01'), '', 16000, 'open', 'Anna', 0.1],
  ];
  const header = ['Deal ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Probability'];
  return withProbability ? grid(header, rows) : grid(header.slice(0, 6), rows.map((r) => r.slice(0, 6)));
}

describe('PIPELINE_COUNT', () => {
  it('takes the snapshot at the period\'s exclusive end (§6 Snapshots)', () => {
    // End of February: P1 (won 03-05, after the end), P2, P4 → 3.
    expect(call('PIPELINE_COUNT', pipelineDeals(), '2024-02')).toBe(3);
    // End of March: P2 (closed on 04-01, the end day itself, counts as open), P3, P4 → 3; P1 is won by then.
    expect(call('PIPELINE_COUNT', pipelineDeals(), '2024-03')).toBe(3);
  });
  it('counts a deal won in March as open at the end of February only', () => {
    const g = grid(['Created', 'Closed', 'Status'], [[d('2024-02-10'), d('2024-03-05'), 'won']]);
    expect(call('PIPELINE_COUNT', g, '2024-02')).toBe(1);
    expect(call('PIPELINE_COUNT', g, '2024-03')).toBe(0);
  });
  it('counts a deal closed on the end day as open at that end, and one created on it as not yet there', () => {
    const g = grid(['Created', 'Closed', 'Status'], [
      [d('2024-03-10'), d('2024-04-01'), 'lost'], // closed on the end day of March's snapshot: open
      [d('2024-04-01'), '', 'open'], // created on the end day: not created before the end
    ]);
    expect(call('PIPELINE_COUNT', g, '2024-03')).toBe(1);
  });
  it('without a period is the deals open now', () => {
    // P3, P4, P6 have status open.
    expect(call('PIPELINE_COUNT', pipelineDeals())).toBe(3);
  });
  it('groups by rep, each rep\'s snapshot at the same end', () => {
    // End of March: Anna P3; Boris P2, P4.
    expect(call('PIPELINE_COUNT', pipelineDeals(), '2024-03', 'rep')).toEqual([
      ['rep', 'Open deals'],
      ['Anna', 1],
      ['Boris', 2],
    ]);
  });
  it('groups by month with one snapshot per bucket, not a sum', () => {
    // End of Jan: P4 → 1; end of Feb: P1, P2, P4 → 3; end of March: P2, P3, P4 → 3.
    expect(call('PIPELINE_COUNT', pipelineDeals(), '2024-Q1', 'month')).toEqual([
      ['month', 'Open deals'],
      ['2024-01', 1],
      ['2024-02', 3],
      ['2024-03', 3],
    ]);
    // Over the whole table the months run from the first date (01-05) to the last (04-01);
    // the end of April holds P3, P4, P6 (P2 closed on 04-01, before 05-01).
    expect(call('PIPELINE_COUNT', pipelineDeals(), '', 'month')).toEqual([
      ['month', 'Open deals'],
      ['2024-01', 1],
      ['2024-02', 3],
      ['2024-03', 3],
      ['2024-04', 3],
    ]);
  });
  it('needs a status column: a sales log has no open deals (§6 Sales logs)', () => {
    const g = grid(['Created', 'Closed', 'Amount'], [[d('2024-03-01'), d('2024-03-02'), 100]]);
    expect(() => call('PIPELINE_COUNT', g)).toThrow(
      'PIPELINE_COUNT: the deal table has no `status` column (looked for: status, state, outcome, result, статус, результат, состояние)',
    );
  });
});

describe('PIPELINE_VALUE', () => {
  it('sums the amounts of the deals open at the period\'s end', () => {
    // End of Feb: P1 1000 + P2 2000 + P4 8000 = 11 000; end of March: P2 2000 + P3 4000 + P4 8000 = 14 000.
    expect(call('PIPELINE_VALUE', pipelineDeals(), '2024-02')).toBe(11000);
    expect(call('PIPELINE_VALUE', pipelineDeals(), '2024-03')).toBe(14000);
    // Now: P3 4000 + P4 8000 + P6 16 000 = 28 000.
    expect(call('PIPELINE_VALUE', pipelineDeals())).toBe(28000);
  });
  it('groups by rep and by month', () => {
    expect(call('PIPELINE_VALUE', pipelineDeals(), '2024-03', 'rep')).toEqual([
      ['rep', 'Pipeline value'],
      ['Anna', 4000], // P3
      ['Boris', 10000], // P2 2000 + P4 8000
    ]);
    expect(call('PIPELINE_VALUE', pipelineDeals(), '2024-Q1', 'month')).toEqual([
      ['month', 'Pipeline value'],
      ['2024-01', 8000], // P4
      ['2024-02', 11000],
      ['2024-03', 14000],
    ]);
  });
  it('weighted TRUE sums amount × probability, reading 60 as 60 % (§6 Numbers)', () => {
    // End of March: P2 2000 × 0.6 + P3 4000 × 0.25 = 1200 + 1000 = 2200; P4 has no probability and adds nothing.
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '2024-03', '', true)).toBeCloseTo(2200, 9);
    // End of Feb: P1 1000 × 0.5 + P2 2000 × 0.6 = 500 + 1200 = 1700.
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '2024-02', '', true)).toBeCloseTo(1700, 9);
    // Now: P3 1000 + P6 16 000 × 0.1 = 2600.
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '', '', true)).toBeCloseTo(2600, 9);
  });
  it('weighted FALSE or omitted is the plain sum, blank probabilities included', () => {
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '2024-03', '', false)).toBe(14000);
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '2024-03')).toBe(14000);
  });
  it('weighted without a probability column is an error naming the column and its synonyms', () => {
    expect(() => call('PIPELINE_VALUE', pipelineDeals(), '2024-03', '', true)).toThrow(
      'PIPELINE_VALUE: weighted TRUE needs win probabilities, but the deal table has no `probability` column ' +
        '(looked for: probability, win probability, вероятность)',
    );
  });
  it('skips an open deal whose amount cannot be read, which PIPELINE_COUNT still counts (§6 Skipping)', () => {
    const g = grid(['Created', 'Amount', 'Status'], [
      [d('2024-03-01'), 'n/a', 'open'],
      [d('2024-03-02'), 700, 'open'],
    ]);
    expect(call('PIPELINE_VALUE', g)).toBe(700);
    expect(call('PIPELINE_COUNT', g)).toBe(2);
  });
  // Now: P3 4000 × 0.25 + P4 8000 × (blank: nothing) + P6 16 000 × 0.1 = 1000 + 1600 = 2600 weighted;
  // 4000 + 8000 + 16 000 = 28 000 plain.
  it.each([
    ['TRUE', true], ['1', 1], ['"TRUE"', 'TRUE'], ['"true"', 'true'], ['" True "', ' True '],
  ])('weighted %s is the weighted sum: 2600 now', (_, flag) => {
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '', '', flag)).toBeCloseTo(2600, 9);
  });
  it.each([
    ['FALSE', false], ['0', 0], ['"FALSE"', 'FALSE'], ['"false"', 'false'], ['blank', ''],
  ])('weighted %s is the plain sum: 28 000 now', (_, flag) => {
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '', '', flag)).toBe(28000);
  });
  it('weighted 1 and 0 by rep at the end of March: Anna P3 4000 × 0.25 = 1000; Boris P2 2000 × 0.6 + P4 (blank) = 1200', () => {
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '2024-03', 'rep', 1)).toEqual([['rep', 'Pipeline value'], ['Anna', 1000], ['Boris', 1200]]);
    expect(call('PIPELINE_VALUE', pipelineDeals(true), '2024-03', 'rep', 0)).toEqual([['rep', 'Pipeline value'], ['Anna', 4000], ['Boris', 10000]]);
  });
  it.each([['"yes"', 'yes', 'yes'], ['2', 2, '2'], ['"1"', '1', '1']])('rejects weighted %s: only TRUE, FALSE, 1 or 0', (_, flag, shown) => {
    expect(() => call('PIPELINE_VALUE', pipelineDeals(true), '', '', flag)).toThrow(
      `PIPELINE_VALUE: weighted must be TRUE or FALSE, got "${shown}"`,
    );
  });
});

/**
 * March 2024: three won deals (10, 20 and 30 days from creation; 3000 + 5000 + 4000), one lost,
 * and two deals still open at the end of March. May holds only a lost deal; June one deal won the day it was created.
 */
function velocityDeals(): unknown[][] {
  return grid(['Deal ID', 'Created', 'Closed', 'Amount', 'Status'], [
    ['W1', d('2024-03-01'), d('2024-03-11'), 3000, 'won'], // 10 days
    ['W2', d('2024-03-01'), d('2024-03-21'), 5000, 'won'], // 20 days
    ['W3', d('2024-02-01'), d('2024-03-02'), 4000, 'won'], // 30 days (February 2024 has 29)
    ['L1', d('2024-03-01'), d('2024-03-15'), 1000, 'lost'],
    ['O1', d('2024-03-10'), '', 7000, 'open'],
    ['O2', d('2024-03-20'), '', 9000, 'open'],
    ['L2', d('2024-04-20'), d('2024-05-10'), 2000, 'lost'],
    ['W4', d('2024-06-03'), d('2024-06-03'), 6000, 'won'], // 0 days
  ]);
}

describe('PIPELINE_VELOCITY', () => {
  it('is open deals × win rate × average deal / sales cycle (worked example)', () => {
    // End of March: O1, O2 open → 2. Win rate 3 / 4 = 0.75. Average deal 12 000 / 3 = 4000.
    // Sales cycle (10 + 20 + 30) / 3 = 20 days. Velocity = 2 × 0.75 × 4000 / 20 = 300 per day.
    expect(call('PIPELINE_VELOCITY', velocityDeals(), '2024-03')).toBeCloseTo(300, 9);
  });
  it('passes on the reason of the part that has no value', () => {
    // April: no deal closed, so no win rate.
    expect(() => call('PIPELINE_VELOCITY', velocityDeals(), '2024-04')).toThrow(
      'PIPELINE_VELOCITY: no won or lost deals closed in 2024-04',
    );
    // May: win rate 0 / 1 is a number, but nothing was won, so no average deal.
    expect(() => call('PIPELINE_VELOCITY', velocityDeals(), '2024-05')).toThrow(
      'PIPELINE_VELOCITY: no won deals with an amount closed in 2024-05',
    );
  });
  it('is undefined, not infinite, when the sales cycle is 0 days', () => {
    expect(() => call('PIPELINE_VELOCITY', velocityDeals(), '2024-06')).toThrow(
      'PIPELINE_VELOCITY: the sales cycle of deals won in 2024-06 is 0 days',
    );
  });
  it('leaves a month empty when a part is missing there', () => {
    // March as above (300); April has no closed deal.
    expect(call('PIPELINE_VELOCITY', velocityDeals(), ['2024-03-01', '2024-04-30'], 'month')).toEqual([
      ['month', 'Pipeline velocity'],
      ['2024-03', expect.closeTo(300, 9)],
      ['2024-04', ''],
    ]);
  });
  it('has a calculator form (opportunities, win_rate, avg_deal, cycle_days)', () => {
    // 20 × 0.25 × 5000 / 50 = 500 per day.
    expect(call('PIPELINE_VELOCITY', 20, 0.25, 5000, 50)).toBeCloseTo(500, 9);
    expect(() => call('PIPELINE_VELOCITY', 20, 0.25, 5000, 0)).toThrow('PIPELINE_VELOCITY: cycle_days is 0');
    expect(() => call('PIPELINE_VELOCITY', 20, 0.25, 5000)).toThrow('PIPELINE_VELOCITY: cycle_days is missing');
  });
});

describe('the pipeline of a plain open-deal list (§6 Snapshots: "now" needs no `created`)', () => {
  /** Open 1 000 at 50 %, open 2 000 at 30 (%), open 400 without a probability, a won and a lost deal. */
  const list = (): unknown[][] => grid(['Status', 'Amount', 'Probability'], [
    ['open', 1000, 0.5],
    ['open', 2000, 30],
    ['won', 500, 1],
    ['lost', 700, 0],
    ['open', 400, ''],
  ]);
  it('counts and sums the deals open now: 3 deals, 1 000 + 2 000 + 400 = 3 400', () => {
    expect(call('PIPELINE_COUNT', list())).toBe(3);
    expect(call('PIPELINE_VALUE', list())).toBe(3400);
    expect(call('PIPELINE_VALUE', list(), '', '', false)).toBe(3400);
  });
  it('weights by probability: 1 000 × 0.5 + 2 000 × 0.3 = 1 100 (a blank probability adds nothing)', () => {
    expect(call('PIPELINE_VALUE', list(), '', '', true)).toBe(1100);
  });
  it('needs `created` for a period\'s snapshot, and says so', () => {
    expect(() => call('PIPELINE_COUNT', list(), '2024-03')).toThrow(
      'PIPELINE_COUNT: the deal table has no `created` column (looked for: created, created at',
    );
    expect(() => call('PIPELINE_VALUE', list(), '', 'month')).toThrow('PIPELINE_VALUE: the deal table has no `created` column');
  });
});
