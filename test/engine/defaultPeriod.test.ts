import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../src/engine/days';
import { lastWholeMonth } from '../../src/engine/defaultPeriod';
import { ALL_TIME, parsePeriodText } from '../../src/engine/period';
import { readDeals } from '../../src/engine/read';
import { chosenPeriod } from '../../src/engine/summary';
import { d } from '../helpers';

/** A local day number from "2026-12-01". */
const day = (iso: string): number => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromCivil(y, m, dd);
};

/** The label and bounds of lastWholeMonth's answer, the bounds as ISO days (end exclusive). */
function month(maxDay: string, today: string): [string, number, number] | null {
  const p = lastWholeMonth(day(maxDay), day(today));
  return p && [p.label, p.start, p.end];
}

describe('lastWholeMonth: the last whole month with data (DESIGN, the sidebar\'s server API)', () => {
  it('today mid-month with data in this month: the month before', () => {
    // Today 2026-12-15, last date 2026-12-10: December is still running, so November 2026.
    expect(month('2026-12-10', '2026-12-15')).toEqual(['2026-11', day('2026-11-01'), day('2026-12-01')]);
  });

  it('data ending in an earlier month: that month, however long ago', () => {
    // Data ending 2025-12-20, today 2026-03-05: December 2025 has ended and has data.
    expect(month('2025-12-20', '2026-03-05')).toEqual(['2025-12', day('2025-12-01'), day('2026-01-01')]);
    // Data ending the month before today's: that month, not the one before it.
    expect(month('2026-11-03', '2026-12-15')).toEqual(['2026-11', day('2026-11-01'), day('2026-12-01')]);
  });

  it('today on the 1st: last month has just ended', () => {
    // Today 2026-12-01 with data up to today: November (December has a dated row but has not ended).
    expect(month('2026-12-01', '2026-12-01')).toEqual(['2026-11', day('2026-11-01'), day('2026-12-01')]);
    // Today 2026-12-01 with data up to 2026-11-30: November has ended by today.
    expect(month('2026-11-30', '2026-12-01')).toEqual(['2026-11', day('2026-11-01'), day('2026-12-01')]);
  });

  it('today on the last day of the month: the month is still running', () => {
    // Today 2026-11-30 with data on it: November has not ended, so October.
    expect(month('2026-11-30', '2026-11-30')).toEqual(['2026-10', day('2026-10-01'), day('2026-11-01')]);
  });

  it('across a year: in January with data this January, December of last year', () => {
    expect(month('2026-01-03', '2026-01-10')).toEqual(['2025-12', day('2025-12-01'), day('2026-01-01')]);
  });

  it('no dates: none', () => {
    expect(lastWholeMonth(NaN, day('2026-12-15'))).toBeNull();
  });

  it('a latest date after today (never in a DealTable) counts as today', () => {
    expect(month('2027-02-01', '2026-12-15')).toEqual(['2026-11', day('2026-11-01'), day('2026-12-01')]);
  });
});

describe('chosenPeriod: the summary\'s period', () => {
  const HEADER = ['Deal ID', 'Created', 'Closed', 'Amount', 'Status'];
  /** Reads rows as of `now` (an ISO day, at noon UTC) in UTC. */
  const tableAt = (now: string, rows: unknown[][]) => readDeals([HEADER, ...rows], { timeZone: 'UTC', now: Date.parse(`${now}T12:00:00Z`) });

  it('without an asked period: the last whole month with data as of the table\'s today, chosen automatically', () => {
    const table = tableAt('2026-12-15', [
      ['A', d('2026-10-20'), d('2026-11-25'), 1000, 'won'],
      ['B', d('2026-11-28'), d('2026-12-04'), 2000, 'won'],
    ]);
    const { period, auto } = chosenPeriod(table, ALL_TIME);
    expect([period.label, auto]).toEqual(['2026-11', true]);
    // The same table read a month later: December has ended, and it has B's close date.
    const later = tableAt('2027-01-02', [['B', d('2026-11-28'), d('2026-12-04'), 2000, 'won']]);
    expect(chosenPeriod(later, ALL_TIME).period.label).toBe('2026-12');
  });

  it('a table whose only dates are in today\'s month: last month, which has no data (the DESIGN text\'s parenthesis)', () => {
    // Today 2026-12-15, every date in December: the month before is November 2026, empty but whole.
    const table = tableAt('2026-12-15', [['A', d('2026-12-01'), d('2026-12-10'), 1000, 'won']]);
    expect(table.maxDay).toBe(day('2026-12-10'));
    const { period, auto } = chosenPeriod(table, ALL_TIME);
    expect([period.label, auto]).toEqual(['2026-11', true]);
  });

  it('future dates are not data: a close date after today does not make its month the latest', () => {
    // Today 2026-11-15: the close date 2026-12-20 is in the future (an issue), so the latest date is 2026-10-05.
    const table = tableAt('2026-11-15', [['A', d('2026-10-01'), d('2026-10-05'), 1000, 'won'], ['B', d('2026-10-02'), d('2026-12-20'), 500, 'won']]);
    expect(chosenPeriod(table, ALL_TIME).period.label).toBe('2026-10');
  });

  it('a table without dates: the whole table, not chosen as a month', () => {
    const table = readDeals([['Amount', 'Status'], [1000, 'won'], [500, 'lost']], { timeZone: 'UTC', now: Date.UTC(2026, 11, 15) });
    expect(chosenPeriod(table, ALL_TIME)).toEqual({ period: ALL_TIME, auto: false });
  });

  it('an asked period stays as it is, even the month still running', () => {
    const table = tableAt('2026-12-15', [['A', d('2026-12-01'), d('2026-12-10'), 1000, 'won']]);
    const asked = parsePeriodText('2026-12');
    expect(chosenPeriod(table, asked)).toEqual({ period: asked, auto: false });
  });
});
