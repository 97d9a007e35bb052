/**
 * The LTV window (§3 LTV, §6 LTV window) checked part by part: worked examples by hand, then every field of
 * ltvWindows against a slow reference written straight from the definition, over many small random tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kind } from '../../../src/engine/fields';
import { noValue, type KpiValue } from '../../../src/engine/kpi';
import { ltvWindows, type LtvWindow } from '../../../src/engine/kpis/ltvWindow';
import { parsePeriodText, type Period } from '../../../src/engine/period';
import { makeSlicing, type GroupBy, type Slicing } from '../../../src/engine/slicing';
import type { DealTable } from '../../../src/engine/table';
import { d, grid, table } from '../../helpers';

const DAY_MS = 86400000;

/** Month number (year × 12 + month − 1) of a day number, by the JavaScript calendar rather than the engine's. */
function monthOf(day: number): number {
  const t = new Date(day * DAY_MS);
  return t.getUTCFullYear() * 12 + t.getUTCMonth();
}

/** `2024-03` of a month number. */
function label(m: number): string {
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

/** Customers with a won deal (not a refund) closed in month `m`, of the rows `inGroup` accepts. */
function activeIn(t: DealTable, m: number, inGroup: (i: number) => boolean): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < t.n; i++) {
    const c = t.labels.customer.codes[i];
    const day = t.dates.closed[i];
    if (t.kind[i] === Kind.Won && c >= 0 && !Number.isNaN(day) && monthOf(day) === m && inGroup(i)) out.add(c);
  }
  return out;
}

/**
 * The window of one slice, from the definition: the 12 months ending with the month of the period's last
 * day (of the last won deal with a customer over the whole table); ARPA = Σ revenue / Σ active customers,
 * churn = Σ lost / Σ active the month before, margin = Σ (amount − cost) / Σ amount; a group counts its own
 * rows, and its customer is lost in m when they bought in the group in m − 1 and from nobody in m.
 */
function referenceWindow(t: DealTable, period: Period, inGroup: (i: number) => boolean): LtvWindow {
  let end: number;
  if (period.kind === 'all') {
    let last = -Infinity;
    for (let i = 0; i < t.n; i++) {
      if (t.kind[i] === Kind.Won && t.labels.customer.codes[i] >= 0 && t.dates.closed[i] > last) last = t.dates.closed[i];
    }
    if (last === -Infinity) {
      const why = noValue('the table has no won deals with a customer and a close date');
      return { arpa: why, churn: why, margin: why, lastMonth: '' };
    }
    end = monthOf(last);
  } else {
    end = monthOf(period.end - 1);
  }
  const months = Array.from({ length: 12 }, (_, j) => end - 11 + j);
  let revenue = 0;
  let marginAmount = 0;
  let marginProfit = 0;
  for (let i = 0; i < t.n; i++) {
    const k = t.kind[i];
    const day = t.dates.closed[i];
    const a = t.numbers.amount[i];
    if ((k !== Kind.Won && k !== Kind.Refund) || t.labels.customer.codes[i] < 0 || Number.isNaN(day) || !inGroup(i)) continue;
    if (!months.includes(monthOf(day)) || Number.isNaN(a)) continue;
    revenue += a;
    const cost = t.numbers.cost[i];
    if (t.columns.cost && !Number.isNaN(cost)) {
      marginAmount += a;
      marginProfit += a - cost;
    }
  }
  let active = 0;
  let base = 0;
  let lost = 0;
  const everyone = (): boolean => true;
  for (const m of months) {
    active += activeIn(t, m, inGroup).size;
    const before = activeIn(t, m - 1, inGroup);
    const now = activeIn(t, m, everyone);
    base += before.size;
    for (const c of before) if (!now.has(c)) lost++;
  }
  const span = `the 12 months to ${label(end)}`;
  const arpa: KpiValue = active > 0 ? revenue / active : noValue(`no customers with a won deal in ${span}`);
  const churn: KpiValue = base > 0 ? lost / base
    : noValue(`no customers were active in the 12 months to ${label(end - 1)}, so churn in ${span} cannot be measured`);
  let margin: KpiValue = 1;
  if (t.columns.cost) margin = marginAmount !== 0 ? marginProfit / marginAmount : noValue(`no won deals with an amount and a cost in ${span}`);
  return { arpa, churn, margin, lastMonth: label(end) };
}

/** Every slice's reference window. */
function reference(t: DealTable, s: Slicing): LtvWindow[] {
  return s.periods.map((p, k) => referenceWindow(t, p, s.by === 'category' ? (i) => s.slotOfRow[i] === k : () => true));
}

/** The window of one slice by its period text and group_by, as a value to compare. */
function windowsOf(t: DealTable, period: string, groupBy: GroupBy = ''): LtvWindow[] {
  return ltvWindows(t, makeSlicing(t, parsePeriodText(period), groupBy));
}

/**
 * The LTV worked example of value.test.ts. Won deals (refunds are revenue, not activity):
 *   E 2023-03: 50 (cost 10), Boris
 *   A 2024-01, 2024-02, 2024-03: 100 each (cost 60 each), Anna
 *   B 2024-01, 2024-02: 200 each (cost 100 each), Boris
 *   C 2024-02: 300 (cost 150), Anna; C 2024-03: refund −50 (cost 0), Anna
 */
function ltvDeals(): DealTable {
  return table(grid(['Closed', 'Amount', 'Cost', 'Status', 'Customer', 'Rep'], [
    [d('2023-03-10'), 50, 10, 'won', 'E', 'Boris'],
    [d('2024-01-05'), 100, 60, 'won', 'A', 'Anna'],
    [d('2024-02-05'), 100, 60, 'won', 'A', 'Anna'],
    [d('2024-03-05'), 100, 60, 'won', 'A', 'Anna'],
    [d('2024-01-15'), 200, 100, 'won', 'B', 'Boris'],
    [d('2024-02-15'), 200, 100, 'won', 'B', 'Boris'],
    [d('2024-02-20'), 300, 150, 'won', 'C', 'Anna'],
    [d('2024-03-20'), -50, 0, 'won', 'C', 'Anna'],
  ]));
}

describe('ltvWindows', () => {
  it('pools ARPA, churn and margin over the 12 months to the period\'s last month (worked example)', () => {
    // Window 2023-04 … 2024-03: active 2024-01 {A, B}, 2024-02 {A, B, C}, 2024-03 {A} → 6; revenue 950.
    // Churn: 2023-04 {E} lost E (1 of 1); 2024-02 none of {A, B}; 2024-03 B and C of {A, B, C} → 3 / 6.
    // Margin: (950 − (180 + 200 + 150 + 0)) / 950 = 420 / 950.
    const [w] = windowsOf(ltvDeals(), '2024-03');
    expect(w).toEqual({ arpa: 950 / 6, churn: 0.5, margin: 420 / 950, lastMonth: '2024-03' });
    expect(windowsOf(ltvDeals(), '')).toEqual([w]); // the last won deal closed in 2024-03
    expect(reference(ltvDeals(), makeSlicing(ltvDeals(), parsePeriodText('2024-03'), ''))).toEqual([w]);
  });
  it('gives each month its own window', () => {
    // 2024-01, window 2023-02 … 2024-01: active 2023-03 {E}, 2024-01 {A, B} → 3; revenue 50 + 300 = 350;
    //   churn 2023-04 (E lost, 1 of 1); margin (350 − 10 − 160) / 350 = 180 / 350.
    // 2024-02, window 2023-03 … 2024-02: active 1 + 2 + 3 = 6; revenue 50 + 300 + 600 = 950;
    //   churn 2023-04 (1 of 1), 2024-02 (0 of 2) → 1 / 3; margin (950 − 10 − 160 − 310) / 950 = 470 / 950.
    const byMonth = windowsOf(ltvDeals(), '2024-Q1', 'month');
    expect(byMonth.map((w) => w.lastMonth)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(byMonth[0]).toEqual({ arpa: 350 / 3, churn: 1, margin: 180 / 350, lastMonth: '2024-01' });
    expect(byMonth[1]).toEqual({ arpa: 950 / 6, churn: 1 / 3, margin: 470 / 950, lastMonth: '2024-02' });
  });
  it('by rep counts the rep\'s customers and revenue, and loses a customer only to no one (§6)', () => {
    // Anna: active 2024-01 {A}, 2024-02 {A, C}, 2024-03 {A} → 4; revenue 550; churn 2024-02 (0 of 1), 2024-03 (C of 2) → 1 / 3;
    //   margin (550 − 180 − 150) / 550 = 220 / 550.
    // Boris: active 2024-01 {B}, 2024-02 {B} → 2; revenue 400; churn 2023-04 (E), 2024-02 (0 of 1), 2024-03 (B) → 2 / 3;
    //   margin (400 − 200) / 400 = 0.5.
    expect(windowsOf(ltvDeals(), '2024-03', 'rep')).toEqual([
      { arpa: 137.5, churn: 1 / 3, margin: 220 / 550, lastMonth: '2024-03' },
      { arpa: 200, churn: 2 / 3, margin: 0.5, lastMonth: '2024-03' },
    ]);
    // X moves from Boris to Anna in March, Y stops: Boris loses Y only (1 of 2); Anna had nobody in February.
    const moved = table(grid(['Closed', 'Amount', 'Status', 'Customer', 'Rep'], [
      [d('2024-02-01'), 100, 'won', 'X', 'Boris'],
      [d('2024-02-02'), 100, 'won', 'Y', 'Boris'],
      [d('2024-03-01'), 100, 'won', 'X', 'Anna'],
    ]));
    const [anna, boris] = windowsOf(moved, '2024-03', 'rep');
    expect(anna.churn).toEqual(noValue('no customers were active in the 12 months to 2024-02, so churn in the 12 months to 2024-03 cannot be measured'));
    expect(boris).toEqual({ arpa: 100, churn: 0.5, margin: 1, lastMonth: '2024-03' });
  });
  it('says why a part has no value, naming the window', () => {
    const [early] = windowsOf(ltvDeals(), '2022-03');
    expect(early.arpa).toEqual(noValue('no customers with a won deal in the 12 months to 2022-03'));
    expect(early.margin).toEqual(noValue('no won deals with an amount and a cost in the 12 months to 2022-03'));
    const none = table(grid(['Closed', 'Amount', 'Status', 'Customer'], [[d('2024-03-01'), 100, 'lost', 'A']]));
    const why = noValue('the table has no won deals with a customer and a close date');
    expect(windowsOf(none, '')).toEqual([{ arpa: why, churn: why, margin: why, lastMonth: '' }]);
  });

  describe('equals the definition on random tables', () => {
    const START = Date.UTC(2023, 0, 1);
    /** A row closed 0–899 days after 2023-01-01 (about 30 months, some after "now"), or with no close date. */
    const row = fc.record({
      closed: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 899 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
      status: fc.constantFrom('won', 'won', 'won', 'lost', 'open'),
      amount: fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 1000 }) },
        { weight: 2, arbitrary: fc.integer({ min: -300, max: -1 }) },
        { weight: 1, arbitrary: fc.constant('') },
      ),
      cost: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 800 }) }, { weight: 1, arbitrary: fc.constant('') }),
      customer: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5', ''),
      rep: fc.constantFrom('Anna', 'Boris', 'Vera', ''),
      source: fc.constantFrom('Ads', 'Web', ''),
    });
    /**
     * A table whose dates fill a stretch of 2, 13 or 30 months from a random first day, so that customers
     * come back in the next month often, also at a window's first month.
     */
    const deals = fc.record({
      rows: fc.array(row, { maxLength: 80 }),
      stretch: fc.constantFrom(60, 400, 900),
      from: fc.integer({ min: 0, max: 840 }),
      withCost: fc.boolean(),
    }).map(({ rows, stretch, from, withCost }) => {
      const header = ['Closed', 'Amount', 'Cost', 'Status', 'Customer', 'Rep', 'Source'];
      const dayOf = (n: number): Date => new Date(START + Math.min(899, from + (n % stretch)) * DAY_MS);
      const cells = rows.map((r) => [r.closed < 0 ? '' : dayOf(r.closed), r.amount, r.cost, r.status, r.customer, r.rep, r.source]);
      return table(withCost ? grid(header, cells) : grid(header.filter((h) => h !== 'Cost'), cells.map((c) => c.filter((_, j) => j !== 2))));
    });
    const RUNS = { seed: 20240315, numRuns: 150 };
    /** Integer amounts and costs keep every sum exact, so the two ways of adding agree to the last bit. */
    const check = (period: string, groupBy: GroupBy) => (t: DealTable): void => {
      const s = makeSlicing(t, parsePeriodText(period), groupBy);
      expect(ltvWindows(t, s)).toEqual(reference(t, s));
    };
    const cases: [string, GroupBy][] = [
      ['', ''], ['2024-03', ''], ['2024-Q2', ''], ['2023', ''], ['2024-03-10..2024-04-20', ''], ['2022-06', ''], ['2030-01', ''],
      ['', 'month'], ['', 'quarter'], ['2024', 'month'], ['2024-Q2', 'week'],
      ['', 'rep'], ['2024-Q2', 'rep'], ['', 'source'], ['2024-03', 'source'], ['2024-06', 'customer'],
    ];
    for (const [period, groupBy] of cases) {
      it(`period "${period}", group_by "${groupBy}"`, () => {
        fc.assert(fc.property(deals, check(period, groupBy)), RUNS);
      });
    }
  });
});

describe('ltvWindows cache', () => {
  it('keeps tables apart when one slicing object is used on two tables', () => {
    const a = table(grid(['Closed', 'Amount', 'Status', 'Customer'], [[d('2024-01-10'), 100, 'won', 'c1']]));
    const b = table(grid(['Closed', 'Amount', 'Status', 'Customer'], [[d('2024-01-10'), 300, 'won', 'c1'], [d('2024-01-11'), 100, 'won', 'c2']]));
    const s = makeSlicing(a, parsePeriodText('2024-01'), '');
    // January: a has 100 from 1 customer-month; b has 400 from 2.
    expect(ltvWindows(a, s)[0].arpa).toBe(100);
    expect(ltvWindows(b, s)[0].arpa).toBe(200);
  });
});
