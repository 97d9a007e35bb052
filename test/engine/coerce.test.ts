import { describe, expect, it } from 'vitest';
import {
  formulaError, isBlank, orderOfSlashDates, parseDateText, parseNumberText, readDate, readLabel, readNumber, readProbability, slashDateHint,
  slashDateOrder,
} from '../../src/engine/coerce';
import { dayFromCivil, formatDay } from '../../src/engine/days';
import { dayOfInstantIn } from '../../src/engine/timezone';

const utc = dayOfInstantIn('UTC');
const day = (iso: string): number => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromCivil(y, m, dd);
};

describe('parseNumberText (§1, §6 Numbers)', () => {
  it('reads a plain decimal with a dot', () => {
    expect(parseNumberText('1234.5')).toBe(1234.5);
    expect(parseNumberText('42')).toBe(42);
  });
  it('reads spaces (also non-breaking and narrow non-breaking) as thousands groups', () => {
    expect(parseNumberText('1 234,56')).toBe(1234.56);
    expect(parseNumberText('1\u00a0234,56')).toBe(1234.56);
    expect(parseNumberText('1\u202f234\u202f567,5')).toBe(1234567.5);
  });
  it('takes the later of `,` and `.` as the decimal mark', () => {
    expect(parseNumberText('1,234.56')).toBe(1234.56);
    expect(parseNumberText('1.234,56')).toBe(1234.56);
    expect(parseNumberText('1,234,567.8')).toBe(1234567.8);
    expect(parseNumberText('1.234.567,8')).toBe(1234567.8);
  });
  it('reads a lone `,` before exactly three digits as a thousands group, unless the integer part is 0', () => {
    expect(parseNumberText('1,234')).toBe(1234);
    expect(parseNumberText('0,125')).toBe(0.125);
    expect(parseNumberText(',125')).toBe(0.125);
  });
  it('reads any other lone `,` as the decimal mark', () => {
    expect(parseNumberText('12,5')).toBe(12.5);
    expect(parseNumberText('12,50')).toBe(12.5);
    expect(parseNumberText('1,2345')).toBe(1.2345);
  });
  it('reads several `,` or `.` alone as thousands groups', () => {
    expect(parseNumberText('1,234,567')).toBe(1234567);
    expect(parseNumberText('1.234.567')).toBe(1234567);
  });
  it('reads a percentage as a fraction, exactly (57 % is 0.57, not 0.5700000000000001)', () => {
    expect(parseNumberText('12%')).toBe(0.12);
    expect(parseNumberText('57%')).toBe(0.57);
    expect(parseNumberText('12,5 %')).toBe(0.125);
  });
  it('strips the currency signs ₽ $ € руб. р.', () => {
    expect(parseNumberText('1 234,56 ₽')).toBe(1234.56);
    expect(parseNumberText('$1,234.56')).toBe(1234.56);
    expect(parseNumberText('€ 99')).toBe(99);
    expect(parseNumberText('1 500 руб.')).toBe(1500);
    expect(parseNumberText('1 500 руб')).toBe(1500);
    expect(parseNumberText('1 500 р.')).toBe(1500);
    expect(parseNumberText('1 500 р')).toBe(1500);
    expect(parseNumberText('1500 RUB')).toBe(1500);
  });
  it('reads negative amounts: a minus sign, a Unicode minus, accounting brackets', () => {
    expect(parseNumberText('-1 234,5')).toBe(-1234.5);
    expect(parseNumberText('\u22125')).toBe(-5);
    expect(parseNumberText('(1 234)')).toBe(-1234);
    expect(parseNumberText('-$30')).toBe(-30);
  });
  it('is NaN for text that is not a number', () => {
    for (const t of ['abc', '', ' ', '-', '12abc', '1,2,3', '1.234,5.6', '1,23,456.7', 'N/A', '1e5', '--5']) {
      expect(parseNumberText(t), t).toBeNaN();
    }
  });
});

describe('readNumber', () => {
  it('takes numbers as they are, and text through parseNumberText', () => {
    expect(readNumber(1234.5)).toEqual({ ok: true, value: 1234.5 });
    expect(readNumber('1 234,56')).toEqual({ ok: true, value: 1234.56 });
  });
  it('names formula errors arriving as strings (§5)', () => {
    expect(readNumber('#N/A')).toEqual({ ok: false, reason: 'formula error #N/A' });
    expect(readNumber('#ref!')).toEqual({ ok: false, reason: 'formula error #REF!' });
    expect(readNumber('#DIV/0!')).toEqual({ ok: false, reason: 'formula error #DIV/0!' });
    expect(readNumber('#VALUE!')).toEqual({ ok: false, reason: 'formula error #VALUE!' });
  });
  it('never reads a Date, a boolean or text as a silent 0', () => {
    expect(readNumber('abc')).toEqual({ ok: false, reason: 'not a number' });
    expect(readNumber(new Date(0))).toEqual({ ok: false, reason: 'a date where a number was expected' });
    expect(readNumber(true)).toEqual({ ok: false, reason: 'TRUE/FALSE where a number was expected' });
    expect(readNumber(Infinity)).toEqual({ ok: false, reason: 'not a finite number' });
  });
});

describe('readProbability (§6: above 1 is a percentage)', () => {
  it('reads 0–1 as it is and 60 as 0.6', () => {
    expect(readProbability(0.6)).toEqual({ ok: true, value: 0.6 });
    expect(readProbability(60)).toEqual({ ok: true, value: 0.6 });
    expect(readProbability('60%')).toEqual({ ok: true, value: 0.6 });
    expect(readProbability('0,6')).toEqual({ ok: true, value: 0.6 });
    expect(readProbability(1)).toEqual({ ok: true, value: 1 });
    expect(readProbability(100)).toEqual({ ok: true, value: 1 });
  });
  it('rejects values outside 0 % … 100 %', () => {
    const reason = 'a probability must be between 0 and 1 (or 0 % and 100 %)';
    expect(readProbability(150)).toEqual({ ok: false, reason });
    expect(readProbability(-0.2)).toEqual({ ok: false, reason });
  });
});

describe('parseDateText and readDate (§1)', () => {
  it('reads 2024-03-15, 15.03.2024 and 15/03/2024 (day first) as the same day', () => {
    const d = day('2024-03-15');
    expect(parseDateText('2024-03-15')).toBe(d);
    expect(parseDateText('15.03.2024')).toBe(d);
    expect(parseDateText('15/03/2024')).toBe(d);
    expect(parseDateText(' 2024-03-15T10:30:00Z ')).toBe(d);
    expect(parseDateText('15.03.24')).toBe(d);
  });
  it('reads a four-digit year first with / or . too (2024/03/15), but not mixed separators', () => {
    expect(parseDateText('2024/03/15')).toBe(day('2024-03-15'));
    expect(parseDateText('2024.3.5')).toBe(day('2024-03-05'));
    expect(parseDateText('2024-03/15')).toBeNaN();
  });
  it('reads 03/04/2024 day first: the 3rd of April', () => {
    expect(formatDay(parseDateText('03/04/2024'))).toBe('2024-04-03');
  });
  it('is NaN for days that do not exist and for other text', () => {
    for (const t of ['2024-02-30', '31.04.2024', '2023-02-29', '2024-13-01', 'March 15', '15-03-2024', '']) {
      expect(parseDateText(t), t).toBeNaN();
    }
    expect(formatDay(parseDateText('29.02.2024'))).toBe('2024-02-29');
  });
  it('reads Sheets serial numbers in a date column (45366 is 2024-03-15; the time of day is dropped)', () => {
    // 45366 − 25569 (the serial of 1970-01-01) = 19797 days after 1970-01-01.
    expect(readDate(45366, utc)).toEqual({ ok: true, value: day('2024-03-15') });
    expect(readDate(45366.75, utc)).toEqual({ ok: true, value: day('2024-03-15') });
    expect(readDate(-3, utc)).toEqual({ ok: false, reason: 'a number that is not a date' });
  });
  it('reads a Date as its day in the sheet time zone: Moscow midnight of 1 March is 29 February 21:00 UTC', () => {
    const moscowMidnight = new Date(Date.UTC(2024, 1, 29, 21, 0, 0));
    expect(readDate(moscowMidnight, dayOfInstantIn('Europe/Moscow'))).toEqual({ ok: true, value: day('2024-03-01') });
    // Read in UTC the same instant is still February: the reason the zone matters.
    expect(readDate(moscowMidnight, utc)).toEqual({ ok: true, value: day('2024-02-29') });
    // A zone west of UTC: midnight of 1 March in New York is 05:00 UTC.
    expect(readDate(new Date(Date.UTC(2024, 2, 1, 5)), dayOfInstantIn('America/New_York'))).toEqual({ ok: true, value: day('2024-03-01') });
  });
  it('rejects a day before 1900: a mistyped year, or a time-only cell (Sheets passes 10:30 as 1899-12-30 10:30)', () => {
    expect(readDate('15.03.1024', utc)).toEqual({ ok: false, reason: 'a date before 1900 (1024-03-15): is the year mistyped?' });
    expect(readDate(new Date(Date.UTC(1899, 11, 30, 10, 30)), utc)).toEqual({
      ok: false, reason: 'a date before 1900 (1899-12-30): is the year mistyped?',
    });
    expect(readDate('1900-01-01', utc)).toEqual({ ok: true, value: day('1900-01-01') });
    expect(readDate(2, utc)).toEqual({ ok: true, value: day('1900-01-01') });
  });
  it('names what it could not read', () => {
    expect(readDate('soon', utc)).toEqual({ ok: false, reason: 'not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)' });
    expect(readDate('#N/A', utc)).toEqual({ ok: false, reason: 'formula error #N/A' });
    expect(readDate(true, utc)).toEqual({ ok: false, reason: 'TRUE/FALSE where a date was expected' });
    expect(readDate(new Date(NaN), utc)).toEqual({ ok: false, reason: 'an invalid date' });
  });
});

describe('readLabel, isBlank, formulaError', () => {
  it('trims and collapses white space; numbers and dates become text', () => {
    const fmt = (ms: number): string => formatDay(utc(ms));
    expect(readLabel('  Anna\u00a0 Petrova ', fmt)).toEqual({ ok: true, value: 'Anna Petrova' });
    expect(readLabel(1001, fmt)).toEqual({ ok: true, value: '1001' });
    expect(readLabel(new Date(Date.UTC(2024, 2, 15)), fmt)).toEqual({ ok: true, value: '2024-03-15' });
    expect(readLabel('#REF!', fmt)).toEqual({ ok: false, reason: 'formula error #REF!' });
  });
  it('treats "", null, undefined and white space as blank, but not 0 or FALSE', () => {
    for (const c of ['', null, undefined, '   ', '\u00a0']) expect(isBlank(c)).toBe(true);
    for (const c of [0, false, 'x']) expect(isBlank(c)).toBe(false);
  });
  it('recognises the formula errors Sheets passes as strings', () => {
    expect(formulaError(' #N/A ')).toBe('formula error #N/A');
    expect(formulaError('#NAME?')).toBe('formula error #NAME?');
    expect(formulaError('#hashtag')).toBeUndefined();
  });
});

describe('dayOfInstantIn: the local day of an instant', () => {
  /** The day by formatting every instant with Intl: slow, plainly right. */
  const reference = (timeZone: string) => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    return (ms: number): number => day(fmt.format(new Date(ms)));
  };
  const zones = ['Europe/Moscow', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo', 'Pacific/Apia'];
  it('agrees with Intl on random instants of 2000–2030 in zones with odd offsets and DST', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lo = Date.UTC(2000, 0, 1);
    const hi = Date.UTC(2030, 0, 1);
    for (const zone of zones) {
      const fast = dayOfInstantIn(zone);
      const slow = reference(zone);
      const wrong: string[] = [];
      for (let k = 0; k < 3000; k++) {
        const ms = Math.floor(lo + random() * (hi - lo));
        if (fast(ms) !== slow(ms)) wrong.push(new Date(ms).toISOString());
      }
      expect(wrong, zone).toEqual([]);
    }
  });
  it('agrees with Intl minute by minute around DST changes and local midnights', () => {
    const around = [
      ['America/New_York', Date.UTC(2024, 2, 10, 7)], // 2024-03-10 02:00 EST → 03:00 EDT
      ['America/New_York', Date.UTC(2024, 10, 3, 6)], // 2024-11-03 02:00 EDT → 01:00 EST
      ['Europe/London', Date.UTC(2024, 2, 31, 1)],
      ['Australia/Lord_Howe', Date.UTC(2024, 3, 6, 15)], // a half-hour DST change
      ['America/Sao_Paulo', Date.UTC(2018, 10, 4, 3)], // DST began at local midnight: 00:00 did not exist
      ['Pacific/Apia', Date.UTC(2011, 11, 30, 10)], // Samoa skipped 30 December 2011
    ] as const;
    for (const [zone, at] of around) {
      const fast = dayOfInstantIn(zone);
      const slow = reference(zone);
      const wrong: string[] = [];
      for (let ms = at - 26 * 3600000; ms <= at + 26 * 3600000; ms += 60000 + 7) {
        if (fast(ms) !== slow(ms)) wrong.push(new Date(ms).toISOString());
      }
      expect(wrong, zone).toEqual([]);
    }
  });
  it('reads UTC without Intl and rejects an unknown zone', () => {
    expect(dayOfInstantIn('UTC')(Date.UTC(2024, 2, 1, 23, 59))).toBe(day('2024-03-01'));
    expect(() => dayOfInstantIn('Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
  });
});

describe('slashDateOrder (§1: 15/03/2024 is day first)', () => {
  it('tells what one slash date shows: only day first, only month first, or either', () => {
    expect(['15/03/2024', '3/15/2024', '05/03/2024', ' 3/15/2024 14:05 ', '15.03.2024', '2024/03/15', 'n/a'].map(slashDateHint))
      .toEqual(['dmy', 'mdy', undefined, 'mdy', undefined, undefined, undefined]);
  });
  it('is month first only when some date shows it and none shows day first', () => {
    expect(slashDateOrder(['05/03/2024', '3/15/2024'])).toBe('mdy');
    expect(slashDateOrder(['15/03/2024', '3/15/2024'])).toBe('dmy');
    expect(slashDateOrder(['05/03/2024'])).toBe('dmy');
    expect([orderOfSlashDates(false, true), orderOfSlashDates(true, true), orderOfSlashDates(false, false)]).toEqual(['mdy', 'dmy', 'dmy']);
  });
});
