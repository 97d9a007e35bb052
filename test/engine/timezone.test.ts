import { describe, expect, it } from 'vitest';
import { dayOfInstantIn } from '../../src/engine/timezone';

/** The day number (days since 1970-01-01) of a calendar date. */
const day = (y: number, m: number, dd: number): number => Date.UTC(y, m - 1, dd) / 86400000;
/** An instant given as UTC. */
const utc = (iso: string): number => Date.parse(`${iso}Z`);

describe('dayOfInstantIn: the day an instant falls on in a zone', () => {
  it('UTC: the UTC day', () => {
    const dayOf = dayOfInstantIn('UTC');
    expect(dayOf(utc('2024-03-01T00:00:00'))).toBe(day(2024, 3, 1));
    expect(dayOf(utc('2024-02-29T23:59:59'))).toBe(day(2024, 2, 29));
  });
  it('Moscow (UTC+3): 22:30 UTC on 29 February is 01:30 on 1 March', () => {
    const dayOf = dayOfInstantIn('Europe/Moscow');
    expect(dayOf(utc('2024-02-29T22:30:00'))).toBe(day(2024, 3, 1));
    expect(dayOf(utc('2024-02-29T20:59:59'))).toBe(day(2024, 2, 29));
  });
  it('Kolkata (UTC+5:30): the day turns at 18:30 UTC', () => {
    const dayOf = dayOfInstantIn('Asia/Kolkata');
    expect(dayOf(utc('2024-03-01T18:29:59'))).toBe(day(2024, 3, 1));
    expect(dayOf(utc('2024-03-01T18:30:00'))).toBe(day(2024, 3, 2));
  });
  it('New York across the changes of offset: EST (UTC−5) in winter, EDT (UTC−4) in summer', () => {
    const dayOf = dayOfInstantIn('America/New_York');
    // 10 March 2024, clocks go forward at 07:00 UTC: 04:59 UTC is 23:59 EST on the 9th, 05:00 UTC midnight of the 10th.
    expect(dayOf(utc('2024-03-10T04:59:59'))).toBe(day(2024, 3, 9));
    expect(dayOf(utc('2024-03-10T05:00:00'))).toBe(day(2024, 3, 10));
    // The day after: midnight EDT is 04:00 UTC.
    expect(dayOf(utc('2024-03-11T03:59:59'))).toBe(day(2024, 3, 10));
    expect(dayOf(utc('2024-03-11T04:00:00'))).toBe(day(2024, 3, 11));
    // 3 November 2024, clocks go back at 06:00 UTC: 03:59 UTC is 23:59 EDT on the 2nd; 05:30 UTC is 01:30 EDT, 06:30 UTC 01:30 EST.
    expect(dayOf(utc('2024-11-03T03:59:59'))).toBe(day(2024, 11, 2));
    expect(dayOf(utc('2024-11-03T05:30:00'))).toBe(day(2024, 11, 3));
    expect(dayOf(utc('2024-11-03T06:30:00'))).toBe(day(2024, 11, 3));
    // Midnight EST of the 4th is 05:00 UTC.
    expect(dayOf(utc('2024-11-04T04:59:59'))).toBe(day(2024, 11, 3));
    expect(dayOf(utc('2024-11-04T05:00:00'))).toBe(day(2024, 11, 4));
  });
  it('a zone whose offset changes at local midnight: Santiago, clocks back at 03:00 UTC on 7 April 2024', () => {
    const dayOf = dayOfInstantIn('America/Santiago');
    // Before the change UTC−3: 02:59 UTC is 23:59 on the 6th; after it UTC−4: 03:30 UTC is 23:30 on the 6th again.
    expect(dayOf(utc('2024-04-07T02:59:59'))).toBe(day(2024, 4, 6));
    expect(dayOf(utc('2024-04-07T03:30:00'))).toBe(day(2024, 4, 6));
    expect(dayOf(utc('2024-04-07T04:00:00'))).toBe(day(2024, 4, 7));
  });
  it('instants before 1970 and with milliseconds', () => {
    expect(dayOfInstantIn('Europe/Berlin')(utc('1969-12-31T23:30:00.500'))).toBe(day(1970, 1, 1));
    expect(dayOfInstantIn('UTC')(utc('1969-12-31T23:30:00'))).toBe(-1);
  });
  it('an unknown zone is an error that names it', () => {
    expect(() => dayOfInstantIn('Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
  });
});
