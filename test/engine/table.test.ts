import { describe, expect, it } from 'vitest';
import { categoryColumn, unreadableRows } from '../../src/engine/table';
import { d, grid, table } from '../helpers';

/** Sheet rows 2–5: an upsell, a blank type, an unreadable type and amount, a repeat with a blank amount. */
const deals = table(grid(['Closed', 'Amount', 'Status', 'Type', 'Rep'], [
  [d('2024-03-01'), 100, 'won', 'Up-sell', 'Anna'],
  [d('2024-03-02'), 200, 'won', '', 'Boris'],
  [d('2024-03-03'), 'lots', 'won', 'partner', 'Anna'],
  [d('2024-03-04'), '', 'lost', 'повторная', ''],
]));

describe('categoryColumn', () => {
  it('gives the type column in canonical names, -1 for a blank or unreadable type', () => {
    const col = categoryColumn(deals, 'type');
    expect(col.labels).toEqual(['new', 'repeat', 'upsell', 'cross-sell']);
    // Up-sell → upsell (2); blank → -1; partner → -1; повторная → repeat (1).
    expect(Array.from(col.codes)).toEqual([2, -1, -1, 1]);
  });
  it('gives a text column its labels as written, -1 for blank', () => {
    const col = categoryColumn(deals, 'rep');
    expect(Array.from(col.codes).map((c) => (c < 0 ? '' : col.labels[c]))).toEqual(['Anna', 'Boris', 'Anna', '']);
  });
});

describe('unreadableRows', () => {
  it('marks the rows whose cell in a field could not be read, not the blank ones', () => {
    // Row 3 (index 2) has "lots" as the amount; row 5's blank amount of a lost deal is no issue.
    expect(Array.from(unreadableRows(deals, 'amount'))).toEqual([0, 0, 1, 0]);
    expect(Array.from(unreadableRows(deals, 'type'))).toEqual([0, 0, 1, 0]);
    expect(Array.from(unreadableRows(deals, 'closed'))).toEqual([0, 0, 0, 0]);
  });
  it('does not mark a missing value: a won deal without an amount is an issue, but nothing was misread', () => {
    const t = table(grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), '', 'won'], [d('2024-03-02'), 'x', 'won']]));
    expect(t.issues.map((i) => [i.row, i.field, i.value])).toEqual([[2, 'amount', ''], [3, 'amount', 'x']]);
    expect(Array.from(unreadableRows(t, 'amount'))).toEqual([0, 1]);
  });
  it('finds the rows by sheet row number when blank rows were dropped between them', () => {
    const t = table(grid(['Closed', 'Amount', 'Status'], [
      [d('2024-03-01'), 'x', 'won'],
      ['', '', ''],
      [d('2024-03-02'), 10, 'won'],
      [d('2024-03-03'), 'y', 'won'],
    ]));
    expect(Array.from(t.rowNumbers)).toEqual([2, 4, 5]);
    expect(Array.from(unreadableRows(t, 'amount'))).toEqual([1, 0, 1]);
  });
});
