import { describe, expect, it } from 'vitest';
import {
  civilFromDay, dayFromCivil, dayFromSerial, daysInMonth, formatDay, formatMonth, formatWeek, isValidCivil,
  isoWeekOf, isoWeekStart, isoWeekday, isoWeeksInYear, serialFromDay,
} from '../../src/engine/days';

describe('day numbers', () => {
  it('count days from 1970-01-01', () => {
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(dayFromCivil(1970, 1, 2)).toBe(1);
    expect(dayFromCivil(1969, 12, 31)).toBe(-1);
    // 2000-03-01: 30 years of 365 days + 7 leap days (72, 76, …, 96) + 31 + 29 days of 2000 = 11017.
    expect(dayFromCivil(2000, 3, 1)).toBe(30 * 365 + 7 + 31 + 29);
  });
  it('round-trip through civil dates for every day of 1899–2101', () => {
    const mismatches: number[] = [];
    for (let n = dayFromCivil(1899, 1, 1); n <= dayFromCivil(2101, 12, 31); n++) {
      const c = civilFromDay(n);
      if (dayFromCivil(c.year, c.month, c.day) !== n || !isValidCivil(c.year, c.month, c.day)) mismatches.push(n);
    }
    expect(mismatches).toEqual([]);
  });
  it('know leap years and month lengths', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(isValidCivil(2024, 2, 29)).toBe(true);
    expect(isValidCivil(2023, 2, 29)).toBe(false);
    expect(isValidCivil(2024, 4, 31)).toBe(false);
    expect(isValidCivil(2024, 0, 1)).toBe(false);
    expect(isValidCivil(2024, 1.5, 1)).toBe(false);
  });
  it('format as the period text accepts', () => {
    expect(formatDay(dayFromCivil(2024, 3, 5))).toBe('2024-03-05');
    expect(formatMonth(2024, 3)).toBe('2024-03');
    expect(formatWeek(2024, 5)).toBe('2024-W05');
  });
});

describe('ISO weeks', () => {
  it('number weekdays Monday 1 … Sunday 7 (1970-01-01 was a Thursday)', () => {
    expect(isoWeekday(0)).toBe(4);
    expect(isoWeekday(dayFromCivil(2024, 3, 18))).toBe(1);
    expect(isoWeekday(dayFromCivil(2024, 3, 17))).toBe(7);
    expect(isoWeekday(-1)).toBe(3);
  });
  it('start week 1 on the Monday of the week holding 4 January: 2021-W01 starts 2021-01-04', () => {
    expect(formatDay(isoWeekStart(2021, 1))).toBe('2021-01-04');
    expect(formatDay(isoWeekStart(2020, 1))).toBe('2019-12-30');
    expect(formatDay(isoWeekStart(2024, 5))).toBe('2024-01-29');
  });
  it('give 2020 53 weeks and 2021 52', () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2021)).toBe(52);
    expect(isoWeeksInYear(2015)).toBe(53);
    expect(isoWeeksInYear(2024)).toBe(52);
  });
  it('place the days around new year in the right ISO year', () => {
    expect(isoWeekOf(dayFromCivil(2021, 1, 3))).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf(dayFromCivil(2021, 1, 4))).toEqual({ year: 2021, week: 1 });
    expect(isoWeekOf(dayFromCivil(2024, 12, 30))).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf(dayFromCivil(2024, 1, 29))).toEqual({ year: 2024, week: 5 });
  });
});

describe('Sheets serial numbers', () => {
  it('count from 1899-12-30', () => {
    expect(formatDay(dayFromSerial(0))).toBe('1899-12-30');
    expect(formatDay(dayFromSerial(25569))).toBe('1970-01-01');
    expect(formatDay(dayFromSerial(45366))).toBe('2024-03-15');
    expect(formatDay(dayFromSerial(45366.999))).toBe('2024-03-15');
    expect(serialFromDay(dayFromCivil(2024, 3, 15))).toBe(45366);
  });
});
