import { describe, expect, it } from 'vitest';
import { formatDay } from '../../src/engine/days';
import { ALL_TIME, parsePeriod, type Period } from '../../src/engine/period';
import {
  BLANK_GROUP, forEachOpenAt, groupOfRow, isOpenAt, makeSlicing, parseGroupBy, previousSlicing, rowSlots,
  snapshotEnds, type Slicing,
} from '../../src/engine/slicing';
import type { DealTable } from '../../src/engine/table';
import { call, d, grid, table } from '../helpers';

const period = (t: DealTable, text: string): Period => parsePeriod(text, t.dayOf);
/** The slices as `label: first .. last` (inclusive). */
const spans = (s: Slicing): string[] =>
  s.periods.map((p, k) => (p.kind === 'all' ? `${s.labels[k]}: all` : `${s.labels[k]}: ${formatDay(p.start)} .. ${formatDay(p.end - 1)}`));

/** Created 2024-01-20 … closed 2024-03-05: the table's dates span January to March. */
function deals(): DealTable {
  return table(grid(['Created', 'Closed', 'Amount', 'Status', 'Rep', 'Type'], [
    [d('2024-01-20'), d('2024-02-10'), 100, 'won', 'boris', 'upsell'],
    [d('2024-02-01'), d('2024-03-05'), 200, 'won', 'Anna', 'new'],
    [d('2024-02-15'), '', 300, 'open', '', ''],
    [d('2024-02-20'), d('2024-03-01'), 50, 'lost', 'Rep 10', 'cross-sell'],
    [d('2024-02-21'), d('2024-02-25'), 70, 'won', 'Rep 9', 'new'],
  ]));
}

describe('parseGroupBy', () => {
  it('accepts the §3 values in any case, and rejects others listing them', () => {
    expect(parseGroupBy(' Month ')).toBe('month');
    expect(parseGroupBy(undefined)).toBe('');
    expect(() => parseGroupBy('region')).toThrow(
      'group_by "region" is not one of: rep, source, customer, stage, type, day, week, month, quarter, year',
    );
  });
});

describe('time slicing', () => {
  it('spans the whole table from the bucket of its earliest date to that of its latest, empty buckets included', () => {
    const t = deals();
    const s = makeSlicing(t, ALL_TIME, 'month');
    expect(spans(s)).toEqual([
      '2024-01: 2024-01-01 .. 2024-01-31',
      '2024-02: 2024-02-01 .. 2024-02-29',
      '2024-03: 2024-03-01 .. 2024-03-31',
    ]);
    expect(makeSlicing(t, ALL_TIME, 'quarter').labels).toEqual(['2024-Q1']);
    // Weeks are whole over the whole table: 2024-01-20 is in W03 (15–21 January), 2024-03-05 in W10.
    const weeks = makeSlicing(t, ALL_TIME, 'week');
    expect(weeks.labels).toEqual(['2024-W03', '2024-W04', '2024-W05', '2024-W06', '2024-W07', '2024-W08', '2024-W09', '2024-W10']);
    expect(spans(weeks)[0]).toBe('2024-W03: 2024-01-15 .. 2024-01-21');
  });
  it('clips the week buckets to an asked period', () => {
    const t = deals();
    const s = makeSlicing(t, period(t, '2024-02'), 'week');
    // February 2024 starts on a Thursday (W05) and ends on a Thursday (W09).
    expect(spans(s)).toEqual([
      '2024-W05: 2024-02-01 .. 2024-02-04',
      '2024-W06: 2024-02-05 .. 2024-02-11',
      '2024-W07: 2024-02-12 .. 2024-02-18',
      '2024-W08: 2024-02-19 .. 2024-02-25',
      '2024-W09: 2024-02-26 .. 2024-02-29',
    ]);
  });
  it('lists every bucket of an asked period, even outside the table\'s dates', () => {
    const t = deals();
    expect(makeSlicing(t, period(t, '2024'), 'quarter').labels).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
  });
  it('has no buckets over a table without dates', () => {
    const t = table(grid(['Closed', 'Status'], [['', 'open']]));
    expect(makeSlicing(t, ALL_TIME, 'month').labels).toEqual([]);
    expect(Array.from(rowSlots(t, makeSlicing(t, ALL_TIME, 'month'), 'closed'))).toEqual([-1]);
  });
  it('places each row in the bucket of its date, -1 without one', () => {
    const t = deals();
    const s = makeSlicing(t, ALL_TIME, 'month');
    expect(Array.from(rowSlots(t, s, 'closed'))).toEqual([1, 2, -1, 2, 1]);
    expect(Array.from(rowSlots(t, s, 'created'))).toEqual([0, 1, 1, 1, 1]);
    const feb = makeSlicing(t, period(t, '2024-02'), 'week');
    expect(Array.from(rowSlots(t, feb, 'closed'))).toEqual([1, -1, -1, -1, 3]);
  });
  it('shifts every bucket back by its own kind for the previous slices', () => {
    const t = deals();
    const prev = previousSlicing(makeSlicing(t, period(t, '2024-Q1'), 'month')) as Slicing;
    expect(prev.labels).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(spans(prev).map((x) => x.split(': ')[1])).toEqual([
      '2023-12-01 .. 2023-12-31', '2024-01-01 .. 2024-01-31', '2024-02-01 .. 2024-02-29',
    ]);
  });
  it('shifts a bucket clipped by the period to the same stretch of the bucket before', () => {
    const t = deals();
    const prev = previousSlicing(makeSlicing(t, period(t, '2024-02'), 'week')) as Slicing;
    // 1–4 February (Thu–Sun of W05) → 25–28 January; 26–29 February (Mon–Thu of W09) → 19–22 February.
    expect(spans(prev)).toEqual([
      '2024-W05: 2024-01-25 .. 2024-01-28',
      '2024-W06: 2024-01-29 .. 2024-02-04',
      '2024-W07: 2024-02-05 .. 2024-02-11',
      '2024-W08: 2024-02-12 .. 2024-02-18',
      '2024-W09: 2024-02-19 .. 2024-02-22',
    ]);
    expect(prev.period.label).toBe('2024-01');
  });
});

describe('category slicing', () => {
  it('sorts labels naturally and case-insensitively, with (blank) last', () => {
    const t = deals();
    const s = makeSlicing(t, ALL_TIME, 'rep');
    expect(s.labels).toEqual(['Anna', 'boris', 'Rep 9', 'Rep 10', BLANK_GROUP]);
    expect(BLANK_GROUP).toBe('(blank)');
    const group = groupOfRow(t, s);
    expect([0, 1, 2, 3, 4].map(group)).toEqual([1, 0, 4, 3, 2]);
  });
  it('groups types by their canonical names, sorted', () => {
    const t = deals();
    expect(makeSlicing(t, ALL_TIME, 'type').labels).toEqual(['cross-sell', 'new', 'upsell', BLANK_GROUP]);
  });
  it('has no (blank) group when every row has a label', () => {
    const t = table(grid(['Rep', 'Status'], [['B', 'open'], ['A', 'open']]));
    expect(makeSlicing(t, ALL_TIME, 'rep').labels).toEqual(['A', 'B']);
  });
  it('lists every label of the whole table, whatever the period', () => {
    const t = deals();
    const s = makeSlicing(t, period(t, '2023'), 'rep');
    expect(s.labels).toHaveLength(5);
    expect(Array.from(rowSlots(t, s, 'closed'))).toEqual([-1, -1, -1, -1, -1]);
  });
  it('places rows by date within the period, in their group', () => {
    const t = deals();
    const s = makeSlicing(t, period(t, '2024-03'), 'rep');
    expect(Array.from(rowSlots(t, s, 'closed'))).toEqual([-1, 0, -1, 3, -1]);
  });
  it('has no previous slices over the whole table', () => {
    const t = deals();
    expect(previousSlicing(makeSlicing(t, ALL_TIME, 'rep'))).toBeNull();
    expect(previousSlicing(makeSlicing(t, ALL_TIME, ''))).toBeNull();
    const prev = previousSlicing(makeSlicing(t, period(t, '2024-03'), 'rep')) as Slicing;
    expect(prev.periods.map((p) => p.label)).toEqual(['2024-02', '2024-02', '2024-02', '2024-02', '2024-02']);
  });
});

describe('whole slicing', () => {
  it('is one slice; with period "" it takes every row with a readable date', () => {
    const t = deals();
    const s = makeSlicing(t, ALL_TIME, '');
    expect(s.labels).toEqual(['']);
    expect(Array.from(rowSlots(t, s, 'closed'))).toEqual([0, 0, -1, 0, 0]);
  });
  it('computes row slots for the table it is given, even when a slicing is reused on another table', () => {
    const a = deals();
    const b = table(grid(['Closed', 'Status'], [['', 'open'], [d('2024-03-01'), 'won']]));
    const s = makeSlicing(a, ALL_TIME, '');
    expect(Array.from(rowSlots(a, s, 'closed'))).toEqual([0, 0, -1, 0, 0]);
    expect(Array.from(rowSlots(b, s, 'closed'))).toEqual([-1, 0]);
  });
});

describe('snapshots (§6)', () => {
  it('counts a deal open at an end if created before it and open now or closed on or after it', () => {
    const t = deals();
    const feb = period(t, '2024-02');
    const end = (feb as { end: number }).end; // 2024-03-01, exclusive
    // Row 0 closed 2024-02-10 (before); row 1 closes 2024-03-05 (after); row 2 is open;
    // row 3 (lost) closed exactly on 2024-03-01, so still open at that end; row 4 closed 2024-02-25.
    expect([0, 1, 2, 3, 4].map((i) => isOpenAt(t, i, end))).toEqual([false, true, true, true, false]);
    expect([0, 1, 2, 3, 4].map((i) => isOpenAt(t, i, Infinity))).toEqual([false, false, true, false, false]);
    expect(snapshotEnds(makeSlicing(t, ALL_TIME, ''))).toEqual([Infinity]);
  });
  it('visits a deal once per bucket whose end falls in its open interval', () => {
    const t = deals();
    const s = makeSlicing(t, ALL_TIME, 'month'); // ends 2024-02-01, 2024-03-01, 2024-04-01
    const seen: string[] = [];
    forEachOpenAt(t, s, (row, slot) => seen.push(`${row}@${s.labels[slot]}`));
    // Row 0: created 01-20, closed 02-10 → open at 02-01. Row 1: 02-01 … 03-05 → open at 03-01.
    // Row 2: open since 02-15 → at 03-01 and 04-01. Row 3: 02-20 … 03-01 → at 03-01. Row 4: closed before 03-01.
    expect(seen.sort()).toEqual(['0@2024-01', '1@2024-02', '2@2024-02', '2@2024-03', '3@2024-02'].sort());
  });
  it('visits the deals open now over the whole table, in their groups', () => {
    const t = deals();
    const s = makeSlicing(t, ALL_TIME, 'rep');
    const seen: string[] = [];
    forEachOpenAt(t, s, (row, slot) => seen.push(`${row}@${s.labels[slot]}`));
    expect(seen).toEqual(['2@(blank)']);
  });
});

describe('a category group_by whose column the table does not have', () => {
  it('is an error naming the column and its synonyms, never one (blank) group of every row', () => {
    const g = grid(['Closed', 'Amount', 'Status', 'Rep'], [[d('2024-03-01'), 100, 'won', 'Anna'], [d('2024-03-02'), 50, 'lost', 'Anna']]);
    expect(() => call('WIN_RATE', g, '', 'stage')).toThrow(
      'WIN_RATE: the deal table has no `stage` column to group by (looked for: stage, pipeline stage, этап,',
    );
    for (const field of ['source', 'customer', 'type']) {
      expect(() => call('SALES_VOLUME', g, '2024-03', field)).toThrow(`SALES_VOLUME: the deal table has no \`${field}\` column to group by`);
    }
    // The column it has still groups: Anna's 1 won of 2 closed.
    expect(call('WIN_RATE', g, '', 'rep')).toEqual([['rep', 'Win rate'], ['Anna', 0.5]]);
  });
  it('is an error for a sales log grouped by rep without a rep column', () => {
    const log = grid(['Date', 'Amount', 'Customer'], [[d('2024-03-01'), 100, 'C1'], [d('2024-03-05'), 200, 'C2']]);
    expect(() => call('SALES_VOLUME', log, '2024-03', 'rep')).toThrow(
      'SALES_VOLUME: the deal table has no `rep` column to group by (looked for: rep, owner, manager',
    );
    expect(call('SALES_VOLUME', log, '2024-03', 'customer')).toEqual([['customer', 'Sales volume'], ['C1', 100], ['C2', 200]]);
  });
  it('does not touch time groups, which need no column of their own', () => {
    const log = grid(['Date', 'Amount'], [[d('2024-03-01'), 100]]);
    expect(call('SALES_VOLUME', log, '2024-03', 'week')).toEqual([
      ['week', 'Sales volume'], ['2024-W09', 100], ['2024-W10', 0], ['2024-W11', 0], ['2024-W12', 0], ['2024-W13', 0],
    ]);
  });
});
