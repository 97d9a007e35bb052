import { describe, expect, it } from 'vitest';
import { rowCounts, reasonIn } from '../../../src/engine/summary/dataQuality';
import { d, grid, referenceDeals, table } from '../../helpers';
import { build, rowsOf, vs } from './summaryHelpers';

describe('summary: data quality', () => {
  const g = grid(['Deal', 'Created', 'Closed', 'Amount', 'Status'], [
    ['D1', d('2024-03-01'), d('2024-03-05'), 100, 'won'],
    ['D2', d('2024-03-01'), d('2024-03-06'), '=HYPERLINK("http://x.test","click")', 'won'],
    ['', '', '', '', ''],
    ['D4', d('2024-03-01'), '32.13.2024', 50, 'lost'],
    ['D5', d('2024-03-01'), d('2024-03-07'), 80, 'maybe'],
  ]);
  const layout = build(g);

  it('counts rows read, used, blank and with issues: 5 read = 1 used + 1 blank + 3 with issues', () => {
    // Five rows under the header: one blank, three with an issue (D2, D4, D5), one clean (D1).
    const rows = rowsOf(layout, 'dataQuality');
    expect(vs(rows[1])).toEqual(['Measure', 'Rows']);
    expect(rows.slice(2, 6).map(vs)).toEqual([['Rows read', 5], ['Rows used', 1], ['Blank rows', 1], ['Rows with issues', 3]]);
  });
  it('lists every issue with its row, column, value and reason', () => {
    const rows = rowsOf(layout, 'dataQuality');
    const head = rows.findIndex((r) => r[0]?.v === 'Row');
    expect(vs(rows[head])).toEqual(['Row', 'Column', 'Value', 'Reason']);
    expect(rows.slice(head + 1).map(vs)).toEqual([
      [3, 'Amount', '=HYPERLINK("http://x.test","click")', 'not a number'],
      [5, 'Closed', '32.13.2024', 'not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)'],
      [6, 'Status', 'maybe', 'unknown status (expected won, lost or open)'],
    ]);
  });
  it('writes user text that starts with = as a value, never as a formula (§5)', () => {
    const cell = layout.rows.find((r) => r[2]?.v === '=HYPERLINK("http://x.test","click")')?.[2];
    expect(cell).toEqual({ v: '=HYPERLINK("http://x.test","click")', style: 'value', fmt: 'text' });
    expect(cell?.f).toBeUndefined();
  });
  it('says so when every cell was read', () => {
    const clean = rowsOf(build(referenceDeals()), 'dataQuality');
    expect(clean[clean.length - 1]).toEqual([{ v: 'No issues: every cell was read.', style: 'note' }]);
  });
});

describe('rowCounts', () => {
  it('read = used + blank + with issues, a row with two issues counted once', () => {
    // Rows 2–6: one clean, one with two issues (amount and status), one blank, one with one issue, one clean.
    const t = table(grid(['Closed', 'Amount', 'Status'], [
      [d('2024-03-01'), 100, 'won'],
      [d('2024-03-02'), 'lots', 'maybe'],
      ['', '', ''],
      ['someday', 50, 'lost'],
      [d('2024-03-05'), 70, 'open'],
    ]));
    expect(rowCounts(t)).toEqual({ read: 5, used: 2, blank: 1, withIssues: 2 });
  });
});

describe('reasonIn', () => {
  it('gives an issue\'s reason in the summary\'s language', () => {
    const t = table(grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 'lots', 'won']]));
    const issue = t.issues.find((i) => i.field === 'amount')!;
    expect(reasonIn('en', issue)).toBe('not a number');
    expect(reasonIn('ru', issue)).toBe('не число');
  });
});
