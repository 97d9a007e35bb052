import { describe, expect, it } from 'vitest';
import { dayFromCivil, serialFromDay } from '../../src/engine/days';
import { ALL_TIME, parsePeriodText } from '../../src/engine/period';
import { assertSplittable, readPlan, readSpend, spendFor, targetFor } from '../../src/engine/sideTables';
import { makeSlicing } from '../../src/engine/slicing';
import { dayOfInstantIn } from '../../src/engine/timezone';
import { d, grid, table } from '../helpers';

const dayOf = dayOfInstantIn('UTC');
const P = parsePeriodText;
const plan = (g: unknown) => readPlan(g, dayOf);
const spend = (g: unknown) => readSpend(g, dayOf);

describe('readPlan', () => {
  it('reads a single number, also from a one-cell range or number text', () => {
    expect(plan(100000)).toEqual({ side: 'plan', kind: 'number', value: 100000 });
    expect(plan([[100000]])).toEqual({ side: 'plan', kind: 'number', value: 100000 });
    expect(plan('100 000')).toEqual({ side: 'plan', kind: 'number', value: 100000 });
  });
  it('applies a single number to the asked period as a whole', () => {
    expect(targetFor(plan(500), P('2024-03'))).toBe(500);
    expect(targetFor(plan(500), P('2024'))).toBe(500);
    expect(targetFor(plan(500), ALL_TIME)).toBe(500);
  });
  it('sums monthly targets over a quarter', () => {
    const p = plan(grid(['Month', 'Target'], [['2024-01', 100], ['2024-02', 200], ['2024-03', 300], ['2024-04', 400]]));
    expect(targetFor(p, P('2024-Q1'))).toBe(600); // 100 + 200 + 300
    expect(targetFor(p, P('2024-02'))).toBe(200);
    expect(targetFor(p, ALL_TIME)).toBe(1000); // the whole table: 100 + 200 + 300 + 400
  });
  it('counts a monthly target pro rata by days over a 10-day range', () => {
    const p = plan(grid(['Period', 'Plan'], [['2024-03', 310]]));
    // March has 31 days: 310 × 10 / 31 = 100.
    expect(targetFor(p, P('2024-03-01..2024-03-10'))).toBeCloseTo(100, 9);
    // A range across two months takes a share of each: 2024-02-25..2024-03-05 has 5 March days → 310 × 5 / 31 = 50.
    expect(targetFor(p, P('2024-02-25..2024-03-05'))).toBeCloseTo(50, 9);
  });
  it('reads a Date as its month (§6), and so a serial number', () => {
    const p = plan(grid(['Month', 'Target'], [[d('2024-03-15'), 310], [serialFromDay(dayFromCivil(2024, 4, 20)), 300]]));
    expect(targetFor(p, P('2024-03'))).toBe(310);
    expect(targetFor(p, P('2024-03-01..2024-03-10'))).toBeCloseTo(100, 9); // 310 × 10 / 31, not 0 and not 310
    expect(targetFor(p, P('2024-04-01..2024-04-03'))).toBeCloseTo(30, 9); // 300 × 3 / 30
  });
  it('reads quarter and year text as the period argument does, day text as its month (as a Date); 2024 is a year', () => {
    const q = plan(grid(['Period', 'Target'], [['2024-Q1', 910]]));
    expect(targetFor(q, P('2024-02'))).toBeCloseTo(290, 9); // Q1 2024 has 31 + 29 + 31 = 91 days; February 29 → 910 × 29 / 91
    const y = plan(grid(['Period', 'Target'], [[2024, 366]]));
    expect(targetFor(y, P('2024-03'))).toBeCloseTo(31, 9); // 2024 has 366 days: 366 × 31 / 366
    // §6: a date in a plan means its month, whether a Date or text (CSV plans are all text).
    for (const text of ['2024-03-15', '15.03.2024']) {
      const day = plan(grid(['Date', 'Target'], [[text, 31]]));
      expect(targetFor(day, P('2024-03-01..2024-03-10'))).toBeCloseTo(10, 9); // 31 × 10 / 31
      expect(targetFor(day, P('2024-03'))).toBe(31);
    }
  });
  it('reads Russian headers and splits by rep, matching names regardless of case and spaces', () => {
    const p = plan(grid(['Месяц', 'Менеджер', 'План'], [
      ['2024-03', 'Анна', 500], ['2024-03', 'Борис', 100], ['2024-04', ' анна ', 50],
    ]));
    expect(targetFor(p, P('2024-03'), 'Анна')).toBe(500);
    expect(targetFor(p, P('2024-03'), 'Борис')).toBe(100);
    expect(targetFor(p, P('2024-03'))).toBe(600); // no rep: all reps, 500 + 100
    expect(targetFor(p, ALL_TIME, 'АННА')).toBe(550); // 500 + 50
    expect(targetFor(p, P('2024-03'), 'Вера')).toBe(0);
  });
  it('skips a row without a target: a plan may leave months empty', () => {
    const p = plan(grid(['Month', 'Target'], [['2024-03', 300], ['2024-04', ''], ['', '']]));
    expect(targetFor(p, P('2024-04'))).toBe(0);
    expect(targetFor(p, ALL_TIME)).toBe(300);
  });
  it('names the row and column of an unreadable cell', () => {
    const g = grid(['Month', 'Target'], [['2024-01', 1], ['2024-02', 2], ['2024-03', 'abc']]);
    expect(() => plan(g)).toThrow('plan row 4, column Target: "abc" is not a number');
    expect(() => plan(grid(['Month', 'Target'], [['March', 1]]))).toThrow(
      'plan row 2, column Month: "March" is not a period (use 2024-03, 2024-Q1, 2024, 2024-W05, FY2024-Q1, a date or 2024-03-01..2024-03-10)',
    );
    expect(() => plan(grid(['Month', 'Target'], [['', 5]]))).toThrow('plan row 2, column Month: no period for the target 5');
    expect(() => plan(grid(['Month', 'Target'], [['2024-03', -5]]))).toThrow('plan row 2, column Target: a target cannot be negative (-5)');
    expect(() => plan(grid(['Month', 'Target'], [['2024-03', '#N/A']]))).toThrow('plan row 2, column Target: "#N/A" is a formula error #N/A');
  });
  it('needs a header row with a period and a target column', () => {
    expect(() => plan(grid(['Month', 'Rep'], [['2024-03', 'Anna']]))).toThrow(
      'the plan table has no target column (looked for: target, plan, quota, goal, план, цель)',
    );
    expect(() => plan(grid(['Rep', 'Target'], [['Anna', 5]]))).toThrow(
      'the plan table has no period column (looked for: period, month, date, период, месяц, дата)',
    );
    expect(() => plan([['2024-03', 5], ['2024-04', 6]])).toThrow('the plan table\'s first row must be its header (period, [rep], target)');
  });
  it('is an error when missing or not a number', () => {
    expect(() => plan('')).toThrow('plan is missing: give a number or a plan table (period, [rep], target) with a header row');
    expect(() => plan(undefined)).toThrow('plan is missing');
    expect(() => plan('lots')).toThrow('plan "lots" is not a number');
  });
});

describe('readSpend', () => {
  it('reads a Date as that day (§6), not its month', () => {
    const s = spend(grid(['Date', 'Spend'], [[d('2024-03-15'), 500]]));
    expect(spendFor(s, P('2024-03-01..2024-03-10'))).toBe(0);
    expect(spendFor(s, P('2024-03-11..2024-03-20'))).toBe(500);
    expect(spendFor(s, P('2024-03'))).toBe(500);
  });
  it('spreads a month of spend pro rata by days', () => {
    const s = spend(grid(['Период', 'Расходы'], [['2024-03', 3100]]));
    expect(spendFor(s, P('2024-03-01..2024-03-10'))).toBeCloseTo(1000, 9); // 3100 × 10 / 31
  });
  it('splits by source, matching the deal table\'s labels regardless of case', () => {
    const s = spend(grid(['Month', 'Budget', 'Channel'], [['2024-03', 300, 'Ads'], ['2024-03', 100, 'seo'], ['2024-03', 7, '']]));
    expect(spendFor(s, P('2024-03'), 'ADS')).toBe(300);
    expect(spendFor(s, P('2024-03'), 'SEO')).toBe(100);
    expect(spendFor(s, P('2024-03'), '')).toBe(7); // the (blank) source
    expect(spendFor(s, P('2024-03'))).toBe(407);
  });
  it('reads a number', () => {
    expect(spend(4000)).toEqual({ side: 'spend', kind: 'number', value: 4000 });
  });
  it('names the row and column of an unreadable cell', () => {
    expect(() => spend(grid(['Date', 'Cost'], [[d('2024-03-01'), 'n/a']]))).toThrow('spend row 2, column Cost: "n/a" is not a number');
    expect(() => spend(grid(['Cost'], [[5]]))).toThrow('the spend table has no period column');
  });
});

describe('assertSplittable', () => {
  const deals = table(grid(['Closed', 'Amount', 'Rep', 'Source'], [[d('2024-03-01'), 100, 'Anna', 'Ads']]));
  const by = (g: 'rep' | 'source' | 'month') => makeSlicing(deals, P('2024-Q1'), g);
  it('refuses to split a single number by a group_by (§6)', () => {
    expect(() => assertSplittable(plan(500), by('rep'))).toThrow(
      'a single plan number cannot be split by rep: give a plan table (period, [rep], target) with a header row',
    );
    expect(() => assertSplittable(spend(500), by('source'))).toThrow(
      'a single spend number cannot be split by source: give a spend table (date or period, amount, [source]) with a header row',
    );
  });
  it('refuses to split a single number by time buckets: it has no dates', () => {
    expect(() => assertSplittable(plan(500), by('month'))).toThrow(
      'a single plan number has no dates, so it cannot be split by month: give a plan table (period, [rep], target) with a header row',
    );
    expect(() => assertSplittable(plan(500), makeSlicing(deals, P('2024-Q1'), ''))).not.toThrow();
  });
  it('splits a plan only by rep (when it has a rep column) and by time', () => {
    const monthly = plan(grid(['Month', 'Target'], [['2024-03', 1]]));
    expect(() => assertSplittable(monthly, by('month'))).not.toThrow();
    expect(() => assertSplittable(monthly, by('rep'))).toThrow(
      'the plan table has no rep column (looked for: rep, owner, manager, sales rep, salesperson, seller, менеджер, ответственный, продавец, сотрудник), so it cannot be split by rep',
    );
    expect(() => assertSplittable(monthly, by('source'))).toThrow('a plan table can be split by rep or by time, not by source');
  });
  it('splits a spend only by source (when it has a source column) and by time', () => {
    const s = spend(grid(['Date', 'Amount'], [[d('2024-03-01'), 1]]));
    expect(() => assertSplittable(s, by('source'))).toThrow('the spend table has no source column (looked for: source, lead source,');
    expect(() => assertSplittable(s, by('rep'))).toThrow('a spend table can be split by source or by time, not by rep');
  });
});
