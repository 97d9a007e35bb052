import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../src/engine/days';
import {
  ALL_TIME, bucketOf, bucketsBetween, contains, describePeriod, isFiscalYearStart, parsePeriod, parsePeriodText, previousPeriod, type Period,
} from '../../src/engine/period';
import { dayOfInstantIn } from '../../src/engine/timezone';

const utc = dayOfInstantIn('UTC');
const moscow = dayOfInstantIn('Europe/Moscow');
const day = (iso: string): number => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromCivil(y, m, dd);
};

/** A period as `kind label: first day .. last day` (inclusive), to compare with the spec by eye. */
function show(p: Period | null): string {
  if (p === null) return 'null';
  if (p.kind === 'all') return 'all';
  return `${p.kind} ${p.label}: ${formatDay(p.start)} .. ${formatDay(p.end - 1)}`;
}
const parse = (arg: unknown, dayOf = utc): string => show(parsePeriod(arg, dayOf));

describe('parsePeriod: every form of §2', () => {
  it('reads "" and omitted as the whole table', () => {
    expect(parsePeriod('', utc)).toBe(ALL_TIME);
    expect(parsePeriod(undefined, utc)).toBe(ALL_TIME);
    expect(parsePeriod(null, utc)).toBe(ALL_TIME);
    expect(parsePeriod('  ', utc)).toBe(ALL_TIME);
    expect(parsePeriod([['']], utc)).toBe(ALL_TIME);
  });
  it('reads a year, a quarter, a month and a day', () => {
    expect(parse('2024')).toBe('year 2024: 2024-01-01 .. 2024-12-31');
    expect(parse('2024-Q1')).toBe('quarter 2024-Q1: 2024-01-01 .. 2024-03-31');
    expect(parse('2024-Q4')).toBe('quarter 2024-Q4: 2024-10-01 .. 2024-12-31');
    expect(parse('2024-03')).toBe('month 2024-03: 2024-03-01 .. 2024-03-31');
    expect(parse('2024-02')).toBe('month 2024-02: 2024-02-01 .. 2024-02-29');
    expect(parse('2024-03-15')).toBe('day 2024-03-15: 2024-03-15 .. 2024-03-15');
  });
  it('reads the text 15.03.2024 (and 15/03/2024) as that day (§6)', () => {
    expect(parse('15.03.2024')).toBe('day 2024-03-15: 2024-03-15 .. 2024-03-15');
    expect(parse('15/03/2024')).toBe('day 2024-03-15: 2024-03-15 .. 2024-03-15');
  });
  it('reads ISO weeks: 2024-W05 is Monday 29 January to Sunday 4 February', () => {
    expect(parse('2024-W05')).toBe('week 2024-W05: 2024-01-29 .. 2024-02-04');
    expect(parse('2021-W01')).toBe('week 2021-W01: 2021-01-04 .. 2021-01-10');
    expect(parse('2020-W53')).toBe('week 2020-W53: 2020-12-28 .. 2021-01-03');
  });
  it('is case-insensitive and accepts short forms (2024q1, 2024-w5)', () => {
    expect(parse('2024q1')).toBe('quarter 2024-Q1: 2024-01-01 .. 2024-03-31');
    expect(parse('2024-q1')).toBe(parse('2024-Q1'));
    expect(parse('2024-w5')).toBe('week 2024-W05: 2024-01-29 .. 2024-02-04');
    expect(parse('2024W05')).toBe(parse('2024-W05'));
    expect(parse(' 2024-3 ')).toBe('month 2024-03: 2024-03-01 .. 2024-03-31');
  });
  it('reads the number 2024 as the year', () => {
    expect(parse(2024)).toBe('year 2024: 2024-01-01 .. 2024-12-31');
  });
  it('reads a Date as the calendar month that contains it, in the sheet zone', () => {
    expect(parse(new Date(Date.UTC(2024, 2, 15)))).toBe('month 2024-03: 2024-03-01 .. 2024-03-31');
    // Moscow midnight of 1 March = 29 February 21:00 UTC: March in Moscow, February in UTC.
    const moscowMidnight = new Date(Date.UTC(2024, 1, 29, 21));
    expect(parse(moscowMidnight, moscow)).toBe('month 2024-03: 2024-03-01 .. 2024-03-31');
    expect(parse(moscowMidnight, utc)).toBe('month 2024-02: 2024-02-01 .. 2024-02-29');
  });
  it('reads a two-cell row or column as a range of days, end inclusive', () => {
    const start = new Date(Date.UTC(2024, 2, 1));
    const end = new Date(Date.UTC(2024, 2, 10));
    expect(parse([[start, end]])).toBe('range 2024-03-01..2024-03-10: 2024-03-01 .. 2024-03-10');
    expect(parse([[start], [end]])).toBe('range 2024-03-01..2024-03-10: 2024-03-01 .. 2024-03-10');
    expect(parse([['2024-03-01', '10.03.2024']])).toBe('range 2024-03-01..2024-03-10: 2024-03-01 .. 2024-03-10');
    expect(parse([[45352, 45361]])).toBe('range 2024-03-01..2024-03-10: 2024-03-01 .. 2024-03-10');
    // A one-day range is that day.
    expect(parse([[start, start]])).toBe('range 2024-03-01..2024-03-01: 2024-03-01 .. 2024-03-01');
  });
  it('reads a range label back as the same range', () => {
    const p = parsePeriod([[new Date(Date.UTC(2024, 2, 1)), new Date(Date.UTC(2024, 2, 10))]], utc);
    expect(show(parsePeriod(p.label, utc))).toBe(show(p));
  });
  it('reads a one-cell range as its cell', () => {
    expect(parse([['2024-03']])).toBe('month 2024-03: 2024-03-01 .. 2024-03-31');
  });
});

describe('parsePeriod errors quote the text', () => {
  it('rejects a month that does not exist', () => {
    expect(() => parsePeriod('2024-13', utc)).toThrow('period "2024-13": there is no month 13');
    expect(() => parsePeriod('2024-00', utc)).toThrow('period "2024-00": there is no month 0');
  });
  it('rejects a week that does not exist: 2021 has no week 53, no year a week 60', () => {
    expect(() => parsePeriod('2021-W53', utc)).toThrow('period "2021-W53": 2021 has ISO weeks 1 to 52');
    expect(() => parsePeriod('2024-W60', utc)).toThrow('period "2024-W60": 2024 has ISO weeks 1 to 52');
    expect(() => parsePeriod('2024-W00', utc)).toThrow('period "2024-W00": 2024 has ISO weeks 1 to 52');
  });
  it('rejects text that is no period, naming the forms it accepts', () => {
    expect(() => parsePeriod('March', utc)).toThrow(
      'period "March" is not a period: use 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, FY2024, FY2024-Q1, a date, or a two-cell range of dates',
    );
    expect(() => parsePeriod('2024-Q5', utc)).toThrow('period "2024-Q5" is not a period');
    expect(() => parsePeriod('31.02.2024', utc)).toThrow('period "31.02.2024" is not a period');
  });
  it('rejects a range that ends before it starts, quoting its days', () => {
    expect(() => parsePeriod([[new Date(Date.UTC(2024, 2, 10)), new Date(Date.UTC(2024, 2, 1))]], utc)).toThrow(
      'period "2024-03-10 .. 2024-03-01": the range ends before it starts',
    );
  });
  it('rejects ranges of other sizes and numbers that are no year', () => {
    expect(() => parsePeriod([['2024-03-01', '2024-03-02', '2024-03-03']], utc)).toThrow(
      'period: a range must be two cells, a start date and an end date',
    );
    expect(() => parsePeriod([['2024-03-01', '']], utc)).toThrow('period: a range must be two cells');
    expect(() => parsePeriod(45366, utc)).toThrow('period 45366: a number is read as a year (such as 2024)');
    expect(() => parsePeriod(2024.5, utc)).toThrow('a number is read as a year');
  });
});

describe('previousPeriod (§2)', () => {
  const prev = (text: string): string => show(previousPeriod(parsePeriod(text, utc)));
  it('is the period of the same kind immediately before', () => {
    expect(prev('2024-03')).toBe('month 2024-02: 2024-02-01 .. 2024-02-29');
    expect(prev('2024-01')).toBe('month 2023-12: 2023-12-01 .. 2023-12-31');
    expect(prev('2024-Q1')).toBe('quarter 2023-Q4: 2023-10-01 .. 2023-12-31');
    expect(prev('2024')).toBe('year 2023: 2023-01-01 .. 2023-12-31');
    expect(prev('2024-03-01')).toBe('day 2024-02-29: 2024-02-29 .. 2024-02-29');
  });
  it('takes week 1 back to the last week of the previous ISO year (53 weeks in 2020)', () => {
    expect(prev('2021-W01')).toBe('week 2020-W53: 2020-12-28 .. 2021-01-03');
    expect(prev('2022-W01')).toBe('week 2021-W52: 2021-12-27 .. 2022-01-02');
  });
  it('takes a 10-day range to the 10 days before it', () => {
    const p = parsePeriod([['2024-03-01', '2024-03-10']], utc);
    expect(show(previousPeriod(p))).toBe('range 2024-02-20..2024-02-29: 2024-02-20 .. 2024-02-29');
  });
  it('is null for the whole table', () => {
    expect(previousPeriod(parsePeriod('', utc))).toBeNull();
  });
});

describe('buckets and labels', () => {
  it('puts a day in its bucket of each granularity, labelled as a period', () => {
    const d = day('2024-12-30');
    expect(show(bucketOf('day', d))).toBe('day 2024-12-30: 2024-12-30 .. 2024-12-30');
    expect(show(bucketOf('week', d))).toBe('week 2025-W01: 2024-12-30 .. 2025-01-05');
    expect(show(bucketOf('month', d))).toBe('month 2024-12: 2024-12-01 .. 2024-12-31');
    expect(show(bucketOf('quarter', d))).toBe('quarter 2024-Q4: 2024-10-01 .. 2024-12-31');
    expect(show(bucketOf('year', d))).toBe('year 2024: 2024-01-01 .. 2024-12-31');
  });
  it('round-trips bucket labels through parsePeriod', () => {
    const d = day('2024-02-04');
    for (const g of ['day', 'week', 'month', 'quarter', 'year'] as const) {
      const b = bucketOf(g, d);
      expect(show(parsePeriod(b.label, utc))).toBe(show(b));
    }
  });
  it('clips the edge buckets of bucketsBetween to the interval', () => {
    // March 2024 by ISO week: Fri 1 – Sun 3 is the tail of W09, Mon 25 – Sun 31 is W13.
    const weeks = bucketsBetween('week', day('2024-03-01'), day('2024-04-01')).map(show);
    expect(weeks).toEqual([
      'week 2024-W09: 2024-03-01 .. 2024-03-03',
      'week 2024-W10: 2024-03-04 .. 2024-03-10',
      'week 2024-W11: 2024-03-11 .. 2024-03-17',
      'week 2024-W12: 2024-03-18 .. 2024-03-24',
      'week 2024-W13: 2024-03-25 .. 2024-03-31',
    ]);
  });
  it('describes a period for messages', () => {
    expect(describePeriod(ALL_TIME)).toBe('the table');
    expect(describePeriod(parsePeriod('2024-03', utc))).toBe('2024-03');
  });
  it('contains its days, not its end, and never NaN', () => {
    const march = parsePeriod('2024-03', utc);
    expect(contains(march, day('2024-03-01'))).toBe(true);
    expect(contains(march, day('2024-03-31'))).toBe(true);
    expect(contains(march, day('2024-04-01'))).toBe(false);
    expect(contains(ALL_TIME, 0)).toBe(true);
    expect(contains(ALL_TIME, NaN)).toBe(false);
  });
});

describe('previousPeriod of a bucket clipped by the asked period', () => {
  const march = parsePeriod('2024-03', utc) as { start: number; end: number };
  const weeks = bucketsBetween('week', march.start, march.end);
  it('is the same stretch of the bucket before: Fri 1 – Sun 3 March → Fri 23 – Sun 25 February', () => {
    expect(show(previousPeriod(weeks[0]))).toBe('week 2024-W08: 2024-02-23 .. 2024-02-25');
    // A whole week inside March still has the whole week before.
    expect(show(previousPeriod(weeks[1]))).toBe('week 2024-W09: 2024-02-26 .. 2024-03-03');
  });
  it('aligns clipped months on their first day and stays inside the shorter month before', () => {
    const range = parsePeriod([['2024-03-10', '2024-04-20']], utc) as { start: number; end: number };
    const months = bucketsBetween('month', range.start, range.end);
    expect(months.map((m) => show(previousPeriod(m)))).toEqual([
      'month 2024-02: 2024-02-10 .. 2024-02-29', // 10–31 March → 10–29 February (February ends first)
      'month 2024-03: 2024-03-01 .. 2024-03-20', // 1–20 April → 1–20 March
    ]);
    const lastDay = bucketsBetween('month', day('2024-03-31'), day('2024-04-01'));
    expect(show(previousPeriod(lastDay[0]))).toBe('month 2024-02: 2024-02-29 .. 2024-02-29');
  });
});

describe('a two-cell period range of numbers', () => {
  it('reads date serials, and names a number that is not a date', () => {
    const dayOf = dayOfInstantIn('UTC');
    expect(parsePeriod([[45366, 45375]], dayOf)).toMatchObject({ kind: 'range', label: '2024-03-15..2024-03-24' });
    expect(() => parsePeriod([[1, 2024]], dayOf)).toThrow('period: 1 in a range is not a date; give two dates, a start and an end');
  });
});

describe('fiscal years: FY2025 is named after the calendar year it ends in', () => {
  const fy = (text: string, fiscal: number): string => show(parsePeriodText(text, fiscal));
  it('reads FY2025 and FY25 of a year starting in April as April 2024 – March 2025', () => {
    expect(fy('FY2025', 4)).toBe('year FY2025: 2024-04-01 .. 2025-03-31');
    expect(fy('fy25', 4)).toBe('year FY2025: 2024-04-01 .. 2025-03-31');
  });
  it('counts fiscal quarters from the fiscal year\'s first month: FY2025-Q1 is April–June 2024, Q4 January–March 2025', () => {
    expect(fy('FY2025-Q1', 4)).toBe('quarter FY2025-Q1: 2024-04-01 .. 2024-06-30');
    expect(fy('FY2025Q2', 4)).toBe('quarter FY2025-Q2: 2024-07-01 .. 2024-09-30');
    expect(fy('FY25-Q4', 4)).toBe('quarter FY2025-Q4: 2025-01-01 .. 2025-03-31');
  });
  it('reads an October year (the US government\'s): FY2025 is 1 October 2024 – 30 September 2025', () => {
    expect(fy('FY2025', 10)).toBe('year FY2025: 2024-10-01 .. 2025-09-30');
    expect(fy('FY2025-Q3', 10)).toBe('quarter FY2025-Q3: 2025-04-01 .. 2025-06-30');
  });
  it('reads quarters that straddle calendar quarters: a February year\'s FY2025-Q4 is November 2024 – January 2025', () => {
    expect(fy('FY2025-Q4', 2)).toBe('quarter FY2025-Q4: 2024-11-01 .. 2025-01-31');
  });
  it('reads FY text of a January year as the calendar\'s year and quarter', () => {
    expect(fy('FY2025', 1)).toBe('year 2025: 2025-01-01 .. 2025-12-31');
    expect(fy('FY2025-Q2', 1)).toBe('quarter 2025-Q2: 2025-04-01 .. 2025-06-30');
    expect(show(parsePeriod('FY2025-Q2', utc))).toBe('quarter 2025-Q2: 2025-04-01 .. 2025-06-30');
  });
  it('leaves calendar text calendar whatever the fiscal year: 2025-Q1 is January–March', () => {
    expect(fy('2025-Q1', 4)).toBe('quarter 2025-Q1: 2025-01-01 .. 2025-03-31');
    expect(fy('2025', 4)).toBe('year 2025: 2025-01-01 .. 2025-12-31');
    expect(show(parsePeriod(2025, utc, 4))).toBe('year 2025: 2025-01-01 .. 2025-12-31');
  });
  it('reads FY text given as the period argument with the workbook\'s fiscal year', () => {
    expect(show(parsePeriod('FY2025-Q1', utc, 7))).toBe('quarter FY2025-Q1: 2024-07-01 .. 2024-09-30');
    expect(show(parsePeriod([['FY2025']], utc, 7))).toBe('year FY2025: 2024-07-01 .. 2025-06-30');
  });
  it('puts a day in its fiscal quarter and year: 15 March 2025 is FY2025-Q4 of an April year, 15 April FY2026-Q1', () => {
    expect(show(bucketOf('quarter', day('2025-03-15'), 4))).toBe('quarter FY2025-Q4: 2025-01-01 .. 2025-03-31');
    expect(show(bucketOf('quarter', day('2025-04-15'), 4))).toBe('quarter FY2026-Q1: 2025-04-01 .. 2025-06-30');
    expect(show(bucketOf('year', day('2025-04-01'), 4))).toBe('year FY2026: 2025-04-01 .. 2026-03-31');
    expect(show(bucketOf('year', day('2025-03-31'), 4))).toBe('year FY2025: 2024-04-01 .. 2025-03-31');
  });
  it('leaves days, weeks and months alone', () => {
    const d = day('2025-03-15');
    for (const g of ['day', 'week', 'month'] as const) expect(bucketOf(g, d, 4)).toEqual(bucketOf(g, d));
  });
  it('round-trips fiscal labels: every bucket of FY2020–FY2027 of each start month reads back as itself', () => {
    for (let m = 2; m <= 12; m++) {
      for (const b of bucketsBetween('quarter', day('2019-01-01'), day('2027-01-01'), m)) {
        if (b.end - b.start < 89) continue; // the clipped edge buckets
        expect(show(parsePeriodText(b.label, m))).toBe(show(b));
      }
      for (const b of bucketsBetween('year', day('2019-12-01'), day('2027-01-01'), m)) {
        if (b.end - b.start < 365) continue;
        expect(show(parsePeriodText(b.label, m))).toBe(show(b));
      }
    }
  });
  it('tiles time: a fiscal year is its four quarters, end to end', () => {
    for (let m = 1; m <= 12; m++) {
      const year = bucketOf('year', day('2024-06-15'), m);
      const quarters = bucketsBetween('quarter', year.start, year.end, m);
      expect(quarters).toHaveLength(4);
      expect(quarters[0].start).toBe(year.start);
      expect(quarters[3].end).toBe(year.end);
      for (let k = 1; k < 4; k++) expect(quarters[k].start).toBe(quarters[k - 1].end);
    }
  });
  it('takes the previous period in fiscal terms: FY2025-Q1 → FY2024-Q4, FY2025 → FY2024', () => {
    expect(show(previousPeriod(parsePeriodText('FY2025-Q1', 4)))).toBe('quarter FY2024-Q4: 2024-01-01 .. 2024-03-31');
    expect(show(previousPeriod(parsePeriodText('FY2025', 4)))).toBe('year FY2024: 2023-04-01 .. 2024-03-31');
  });
  it('clips fiscal quarters to a calendar period: 2024 in April-year quarters', () => {
    expect(bucketsBetween('quarter', day('2024-01-01'), day('2025-01-01'), 4).map(show)).toEqual([
      'quarter FY2024-Q4: 2024-01-01 .. 2024-03-31',
      'quarter FY2025-Q1: 2024-04-01 .. 2024-06-30',
      'quarter FY2025-Q2: 2024-07-01 .. 2024-09-30',
      'quarter FY2025-Q3: 2024-10-01 .. 2024-12-31',
    ]);
  });
  it('accepts month numbers 1..12 only as a fiscal year start', () => {
    expect([1, 4, 12].every(isFiscalYearStart)).toBe(true);
    expect([0, 13, 4.5, '4', null].some(isFiscalYearStart)).toBe(false);
  });
});
