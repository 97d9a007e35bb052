import { describe, expect, it } from 'vitest';
import { customerHistory, lastPurchaseDay, parseUnit, UNIT_DAYS } from '../../../src/engine/clv/history';
import { dayFromCivil } from '../../../src/engine/days';
import { readDeals } from '../../../src/engine/read';
import { d, grid } from '../../helpers';
import { cdnowGrid } from './cdnow';

const NOW = Date.UTC(2026, 0, 1);
const read = (g: unknown[][], timeZone = 'UTC') => readDeals(g, { timeZone, now: NOW });

describe('customerHistory on CDNOW (the literature\'s customer summary)', () => {
  const sample = read(cdnowGrid('CDNOW_sample.txt'));
  const h = customerHistory(sample, 'week', dayFromCivil(1997, 9, 30));
  it('has 2 357 customers, 946 of them repeat buyers, at 1997-09-30', () => {
    expect(h.labels).toHaveLength(2357);
    expect(Array.from(h.x).filter((x) => x > 0)).toHaveLength(946);
  });
  it('gives a customer who first bought on 1997-01-01 T = 272 / 7 weeks', () => {
    const first = Array.from(h.firstDay).indexOf(dayFromCivil(1997, 1, 1));
    expect(h.T[first]).toBeCloseTo(272 / 7, 12);
    expect(h.T[first]).toBeCloseTo(38.86, 2);
  });
  it('reads the same days in Moscow, which had daylight saving in 1997, as in UTC', () => {
    const moscow = customerHistory(read(cdnowGrid('CDNOW_sample.txt', 'Europe/Moscow'), 'Europe/Moscow'), 'week', dayFromCivil(1997, 9, 30));
    expect(Array.from(moscow.x)).toEqual(Array.from(h.x));
    expect(Array.from(moscow.tx)).toEqual(Array.from(h.tx));
    expect(Array.from(moscow.T)).toEqual(Array.from(h.T));
  });
  it('lists customers in label order (00004 before 00018)', () => {
    expect(h.labels.slice(0, 2)).toEqual(['00004', '00018']);
  });
});

describe('customerHistory by hand', () => {
  // Ann: 2024-01-01 (10 + 5 on one day), 2024-01-08 (20), 2024-01-15 (30 + 10), 2024-03-01 (after the calibration end).
  // Bob: one purchase 2024-01-10 (50) and a refund. Cid: first purchase after the calibration end. Dee: won 0 twice.
  const g = grid(['customer', 'close date', 'amount', 'status'], [
    ['Ann', d('2024-01-01'), 10, 'won'],
    ['Ann', d('2024-01-01'), 5, 'won'],
    ['Ann', d('2024-01-08'), 20, 'won'],
    ['Bob', d('2024-01-10'), 50, 'won'],
    ['Ann', d('2024-01-15'), 30, 'won'],
    ['Ann', d('2024-01-15'), 10, 'won'],
    ['Bob', d('2024-01-12'), -50, 'won'],
    ['Ann', d('2024-01-20'), 99, 'lost'],
    ['Ann', d('2024-03-01'), 70, 'won'],
    ['Cid', d('2024-02-10'), 40, 'won'],
    ['Dee', d('2024-01-02'), 0, 'won'],
    ['Dee', d('2024-01-09'), 0, 'won'],
    ['', d('2024-01-05'), 60, 'won'],
  ]);
  const end = dayFromCivil(2024, 1, 31);
  const h = customerHistory(read(g), 'day', end);
  const at = (name: string) => h.labels.indexOf(name);
  it('merges one day\'s purchases, counts repeat days as x, and leaves out lost deals, refunds, later purchases and blank customers', () => {
    expect(h.labels).toEqual(['Ann', 'Bob', 'Dee']);
    // Ann: days 01-01, 01-08, 01-15 → x = 2, t_x = 14 days, T = 30 days, m = (20 + 40) / 2 = 30.
    expect([h.x[at('Ann')], h.tx[at('Ann')], h.T[at('Ann')], h.m[at('Ann')]]).toEqual([2, 14, 30, 30]);
    expect(h.revenue[at('Ann')]).toBe(75);
    // Bob: one purchase → x = 0, m none; T from 01-10 to 01-31 = 21 days.
    expect([h.x[at('Bob')], h.tx[at('Bob')], h.T[at('Bob')]]).toEqual([0, 0, 21]);
    expect(h.m[at('Bob')]).toBeNaN();
    // Dee's free repeat purchase is a purchase: x = 1, m = 0.
    expect([h.x[at('Dee')], h.m[at('Dee')]]).toEqual([1, 0]);
  });
  it('keeps the first row of the first day: the row whose rep or source is the customer\'s', () => {
    expect(h.firstRow[at('Ann')]).toBe(0);
    expect(h.firstRow[at('Bob')]).toBe(3);
  });
  it('divides times by the unit: a week is 7 days, a month 365.25 / 12', () => {
    const weeks = customerHistory(read(g), 'week', end);
    expect(weeks.tx[0]).toBe(2);
    const months = customerHistory(read(g), 'month', end);
    expect(months.T[0]).toBeCloseTo(30 / (365.25 / 12), 14);
    expect(UNIT_DAYS.month).toBe(30.4375);
  });
  it('calibrates by default at the last purchase\'s day (refunds and lost deals do not count)', () => {
    expect(lastPurchaseDay(read(g))).toBe(dayFromCivil(2024, 3, 1));
    expect(customerHistory(read(g), 'day').labels).toEqual(['Ann', 'Bob', 'Cid', 'Dee']);
  });
});

describe('parseUnit', () => {
  it('reads day, week (the default) and month, plural or not, in any case', () => {
    expect(['', 'day', 'Weeks', 'MONTH'].map(parseUnit)).toEqual(['week', 'day', 'week', 'month']);
    expect(parseUnit(undefined)).toBe('week');
  });
  it('refuses anything else, saying what it takes', () => {
    expect(() => parseUnit('year')).toThrow('unit "year" must be "day", "week" or "month"');
  });
});
