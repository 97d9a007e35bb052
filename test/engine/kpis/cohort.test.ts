import { describe, expect, it } from 'vitest';
import { call, d, grid } from '../../helpers';

/**
 * Leads created in January and February 2024.
 *   January cohort: A1 won, A2 won, A3 lost, A4 open             → 4 leads, 2 won, 1 lost, 2 qualified (A1, A2)
 *   February cohort: B1 won, B2 lost, B3 lost                     → 3 leads, 1 won, 2 lost, 2 qualified (B1, B2)
 *   not leads: R1 (a refund), X1 (unknown status), N1 (won, but no creation date: in no cohort)
 * Sales cycles of won deals: A1 Jan 10 → Feb 5 = 26 days, A2 Jan 20 → Mar 10 = 11 + 29 + 10 = 50 days,
 * B1 Feb 3 → Feb 20 = 17 days; R1 (refund, 10 days) and N1 (no creation date) are not counted.
 */
function leads(): unknown[][] {
  return grid(['ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Status', 'Source'], [
    ['A1', d('2024-01-10'), d('2024-01-15'), d('2024-02-05'), 100, 'won', 'Ads'],
    ['A2', d('2024-01-20'), true, d('2024-03-10'), 200, 'won', 'Web'],
    ['A3', d('2024-01-25'), '', d('2024-02-01'), 50, 'lost', 'Ads'],
    ['A4', d('2024-01-30'), '', '', '', 'open', 'Web'],
    ['B1', d('2024-02-03'), d('2024-02-10'), d('2024-02-20'), 300, 'won', 'Ads'],
    ['B2', d('2024-02-14'), d('2024-02-20'), d('2024-03-01'), '', 'lost', 'Ads'],
    ['B3', d('2024-02-18'), '', d('2024-02-28'), '', 'lost', 'Web'],
    ['R1', d('2024-02-15'), '', d('2024-02-25'), -40, 'won', 'Web'],
    ['X1', d('2024-02-20'), '', '', '', 'maybe', ''],
    ['N1', '', '', d('2024-02-10'), 80, 'won', 'Web'],
  ]);
}

describe('LEAD_CONVERSION', () => {
  it('is the share of a cohort of leads that is now won (whole table: 3 won of 7 leads)', () => {
    expect(call('LEAD_CONVERSION', leads())).toBeCloseTo(3 / 7, 12);
  });
  it('takes the cohort by creation date, not by close date (January: 2 of 4; February: 1 of 3)', () => {
    // A2 was created in January and won in March: it converts in January's cohort.
    expect(call('LEAD_CONVERSION', leads(), '2024-01')).toBe(0.5);
    expect(call('LEAD_CONVERSION', leads(), '2024-02')).toBeCloseTo(1 / 3, 12);
  });
  it('does not count refunds or rows of unknown status as leads (§6 Refunds)', () => {
    // Counting R1 as a won lead and X1 as a lead would give February 2 / 5.
    expect(call('LEAD_CONVERSION', leads(), '2024-02')).toBeCloseTo(1 / 3, 12);
  });
  it('groups by source: Ads 2 of 4, Web 1 of 3, the blank group has no leads', () => {
    expect(call('LEAD_CONVERSION', leads(), '', 'source')).toEqual([
      ['source', 'Lead conversion'],
      ['Ads', 0.5],
      ['Web', 1 / 3],
      ['(blank)', ''],
    ]);
  });
  it('groups by month over the table span; March has no new leads', () => {
    expect(call('LEAD_CONVERSION', leads(), '', 'month')).toEqual([
      ['month', 'Lead conversion'],
      ['2024-01', 0.5],
      ['2024-02', 1 / 3],
      ['2024-03', ''],
    ]);
  });
  it('counts a won lead without a close date in its cohort: the close date is not what it uses', () => {
    const g = grid(['Created', 'Closed', 'Status'], [
      [d('2024-03-01'), '', 'won'],
      [d('2024-03-02'), '', 'open'],
    ]);
    expect(call('LEAD_CONVERSION', g, '2024-03')).toBe(0.5);
  });
  it('is an error naming the period when no lead was created in it', () => {
    expect(() => call('LEAD_CONVERSION', leads(), '2023')).toThrow('LEAD_CONVERSION: no leads created in 2023');
  });
  it('needs a status column: a sales log cannot say which leads were lost', () => {
    const log = grid(['Created', 'Date', 'Amount'], [[d('2024-03-01'), d('2024-03-05'), 100]]);
    expect(() => call('LEAD_CONVERSION', log)).toThrow(
      'LEAD_CONVERSION: the deal table has no `status` column (looked for: status, state',
    );
  });
  it('has a calculator form (won, leads): 5 of 100 is 0.05', () => {
    expect(call('LEAD_CONVERSION', 5, 100)).toBeCloseTo(0.05, 12);
    expect(() => call('LEAD_CONVERSION', 5, '')).toThrow('LEAD_CONVERSION: leads is missing');
    expect(() => call('LEAD_CONVERSION', 5, 'many')).toThrow('LEAD_CONVERSION: leads must be a number, got "many"');
    expect(() => call('LEAD_CONVERSION', 0, 0)).toThrow('LEAD_CONVERSION: leads is 0');
  });
});

describe('LEAD_TO_OPPORTUNITY', () => {
  it('is the share of a cohort with `qualified` set, as a date or TRUE (whole table: 4 of 7)', () => {
    expect(call('LEAD_TO_OPPORTUNITY', leads())).toBeCloseTo(4 / 7, 12);
    expect(call('LEAD_TO_OPPORTUNITY', leads(), '2024-01')).toBe(0.5);
    expect(call('LEAD_TO_OPPORTUNITY', leads(), '2024-02')).toBeCloseTo(2 / 3, 12);
  });
  it('groups by source: Ads 3 of 4 (A1, B1, B2), Web 1 of 3 (A2)', () => {
    expect(call('LEAD_TO_OPPORTUNITY', leads(), '2024', 'source')).toEqual([
      ['source', 'Lead to opportunity'],
      ['Ads', 0.75],
      ['Web', 1 / 3],
      ['(blank)', ''],
    ]);
  });
  it('groups by quarter within a period', () => {
    expect(call('LEAD_TO_OPPORTUNITY', leads(), '2024', 'quarter')).toEqual([
      ['quarter', 'Lead to opportunity'],
      ['2024-Q1', 4 / 7],
      ['2024-Q2', ''],
      ['2024-Q3', ''],
      ['2024-Q4', ''],
    ]);
  });
  it('skips a lead whose qualified cell cannot be read, only for this KPI (§5, §6 Skipping)', () => {
    const g = grid(['Created', 'Qualified', 'Status'], [
      [d('2024-03-01'), d('2024-03-03'), 'won'],
      [d('2024-03-02'), '', 'lost'],
      [d('2024-03-04'), 'soon', 'won'],
    ]);
    // Qualified: 1 of the 2 readable leads; converted: 2 of all 3 leads.
    expect(call('LEAD_TO_OPPORTUNITY', g, '2024-03')).toBe(0.5);
    expect(call('LEAD_CONVERSION', g, '2024-03')).toBeCloseTo(2 / 3, 12);
  });
  it('treats every row of a lead list without status as a lead (no refunds among them)', () => {
    const list = grid(['Created', 'Qualified', 'Source'], [
      [d('2024-03-01'), true, 'Ads'],
      [d('2024-03-02'), false, 'Ads'],
      [d('2024-03-03'), '', 'Web'],
    ]);
    expect(call('LEAD_TO_OPPORTUNITY', list, '2024-03')).toBeCloseTo(1 / 3, 12);
  });
  it('is an error on a table without a qualified column', () => {
    const g = grid(['Created', 'Status'], [[d('2024-03-01'), 'open']]);
    expect(() => call('LEAD_TO_OPPORTUNITY', g)).toThrow(
      'LEAD_TO_OPPORTUNITY: the deal table has no `qualified` column (looked for: qualified, qualified at',
    );
  });
  it('has a calculator form (opportunities, leads): 30 of 120 is 0.25', () => {
    expect(call('LEAD_TO_OPPORTUNITY', 30, 120)).toBe(0.25);
    expect(() => call('LEAD_TO_OPPORTUNITY', 30, '')).toThrow('LEAD_TO_OPPORTUNITY: leads is missing');
    expect(() => call('LEAD_TO_OPPORTUNITY', 30, 'x')).toThrow('LEAD_TO_OPPORTUNITY: leads must be a number, got "x"');
  });
});

describe('LOSS_RATE', () => {
  it('is the share of a cohort that is now lost (whole table: 3 of 7; January 1 of 4; February 2 of 3)', () => {
    expect(call('LOSS_RATE', leads())).toBeCloseTo(3 / 7, 12);
    expect(call('LOSS_RATE', leads(), '2024-01')).toBe(0.25);
    expect(call('LOSS_RATE', leads(), '2024-02')).toBeCloseTo(2 / 3, 12);
  });
  it('groups by source: Ads 2 of 4 (A3, B2), Web 1 of 3 (B3)', () => {
    expect(call('LOSS_RATE', leads(), '', 'source')).toEqual([
      ['source', 'Loss rate'],
      ['Ads', 0.5],
      ['Web', 1 / 3],
      ['(blank)', ''],
    ]);
  });
  it('groups by month', () => {
    expect(call('LOSS_RATE', leads(), '', 'month')).toEqual([
      ['month', 'Loss rate'],
      ['2024-01', 0.25],
      ['2024-02', 2 / 3],
      ['2024-03', ''],
    ]);
  });
  it('is an error naming the period when no lead was created in it', () => {
    expect(() => call('LOSS_RATE', leads(), '2024-03')).toThrow('LOSS_RATE: no leads created in 2024-03');
  });
  it('is an error on a sales log, naming status', () => {
    const log = grid(['Created', 'Date', 'Amount'], [[d('2024-03-01'), d('2024-03-05'), 100]]);
    expect(() => call('LOSS_RATE', log)).toThrow('LOSS_RATE: the deal table has no `status` column');
  });
});

describe('SALES_CYCLE', () => {
  it('is the mean days from creation to close of won deals closed in the period', () => {
    // Whole table: (26 + 50 + 17) / 3 = 31; February: (26 + 17) / 2 = 21.5; March: 50.
    expect(call('SALES_CYCLE', leads())).toBe(31);
    expect(call('SALES_CYCLE', leads(), '2024-02')).toBe(21.5);
    expect(call('SALES_CYCLE', leads(), '2024-03')).toBe(50);
  });
  it('does not count refunds (§6 Refunds): R1 would make February (26 + 17 + 10) / 3', () => {
    expect(call('SALES_CYCLE', leads(), '2024-02')).toBe(21.5);
  });
  it('takes the median with stat "median" (whole table: 17, 26, 50 → 26)', () => {
    expect(call('SALES_CYCLE', leads(), '', '', 'median')).toBe(26);
    expect(call('SALES_CYCLE', leads(), '', '', 'mean')).toBe(31);
  });
  it('takes the median of an even count as the mean of the middle two', () => {
    const g = grid(['Created', 'Closed', 'Status'], [
      [d('2024-03-01'), d('2024-03-03'), 'won'], // 2
      [d('2024-03-01'), d('2024-03-05'), 'won'], // 4
      [d('2024-03-01'), d('2024-03-11'), 'won'], // 10
      [d('2024-03-01'), d('2024-03-31'), 'won'], // 30
    ]);
    expect(call('SALES_CYCLE', g, '2024-03', '', 'median')).toBe(7);
    expect(call('SALES_CYCLE', g, '2024-03')).toBe(11.5);
  });
  it('groups by source: Ads (26 + 17) / 2, Web 50 (N1 has no creation date)', () => {
    expect(call('SALES_CYCLE', leads(), '', 'source')).toEqual([
      ['source', 'Sales cycle'],
      ['Ads', 21.5],
      ['Web', 50],
      ['(blank)', ''],
    ]);
  });
  it('groups by month of the close date; January closed no won deal', () => {
    expect(call('SALES_CYCLE', leads(), '', 'month', 'median')).toEqual([
      ['month', 'Sales cycle'],
      ['2024-01', ''],
      ['2024-02', 21.5],
      ['2024-03', 50],
    ]);
  });
  it('skips a won deal closed before it was created, and counts one closed the day it was created', () => {
    const g = grid(['Created', 'Closed', 'Status'], [
      [d('2024-03-10'), d('2024-03-05'), 'won'], // closed 5 days before it was created: skipped
      [d('2024-03-01'), d('2024-03-04'), 'won'], // 3
      [d('2024-03-06'), d('2024-03-06'), 'won'], // 0
    ]);
    expect(call('SALES_CYCLE', g, '2024-03')).toBe(1.5);
  });
  it('is an error naming the period when no won deal with a creation date closed in it', () => {
    expect(() => call('SALES_CYCLE', leads(), '2024-01')).toThrow(
      'SALES_CYCLE: no won deals with a creation date closed in 2024-01',
    );
  });
  // Whole table: cycles 17, 26 and 50 days → mean 31, median 26.
  it.each(['mean', 'average', 'avg', 'MEAN', ' Average ', ''])('takes stat "%s" as the mean: 31 days', (stat) => {
    expect(call('SALES_CYCLE', leads(), '', '', stat)).toBe(31);
  });
  it.each(['median', 'MEDIAN', ' Median '])('takes stat "%s" as the median: 26 days', (stat) => {
    expect(call('SALES_CYCLE', leads(), '', '', stat)).toBe(26);
  });
  it('takes the stat per group: by source the median of Ads (17, 26) is 21.5, of Web (50) 50', () => {
    expect(call('SALES_CYCLE', leads(), '', 'source', 'MEDIAN')).toEqual([
      ['source', 'Sales cycle'], ['Ads', 21.5], ['Web', 50], ['(blank)', ''],
    ]);
  });
  it('rejects a stat other than mean or median', () => {
    expect(() => call('SALES_CYCLE', leads(), '', '', 'mode')).toThrow('SALES_CYCLE: stat "mode" must be "mean" or "median"');
  });
  it('is an error on a table without a created column', () => {
    const log = grid(['Date', 'Amount'], [[d('2024-03-05'), 100]]);
    expect(() => call('SALES_CYCLE', log)).toThrow(
      'SALES_CYCLE: the deal table has no `created` column (looked for: created, created at',
    );
  });
});
