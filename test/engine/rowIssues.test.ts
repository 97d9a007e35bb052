import { describe, expect, it } from 'vitest';
import { bad } from '../../src/engine/coerce';
import { formatDay } from '../../src/engine/days';
import { NO_PARAMS } from '../../src/engine/issueReasons';
import { cellText, RowIssueList } from '../../src/engine/rowIssues';
import { dayOfInstantIn } from '../../src/engine/timezone';

const moscow = dayOfInstantIn('Europe/Moscow');
const formatDate = (ms: number): string => formatDay(moscow(ms));
const AMOUNT = { index: 3, header: 'Amount' };
const CLOSED = { index: 1, header: 'Close date' };

describe('RowIssueList', () => {
  it('names an issue by its sheet row, column header, field, cell text and reason, with its code and params', () => {
    const list = new RowIssueList(Int32Array.from([2, 5, 6]), formatDate);
    list.add(1, 'amount', AMOUNT, 'about 500', bad('not_number', NO_PARAMS));
    list.flag(2, 'closed', CLOSED, new Date('2025-03-31T21:00:00Z'), 'future_close_date', { date: '2025-04-01' });
    const [a, b] = list.sorted();
    expect(a).toEqual({ row: 5, column: 'Amount', field: 'amount', value: 'about 500', reason: 'not a number' });
    expect([a.code, a.params]).toEqual(['not_number', {}]);
    // A Date cell shows as its day in the sheet's zone: Moscow's 1 April.
    expect(b).toEqual({ row: 6, column: 'Close date', field: 'closed', value: '2025-04-01', reason: 'close date 2025-04-01 is in the future' });
    expect([b.code, b.params]).toEqual(['future_close_date', { date: '2025-04-01' }]);
  });
  it('lists the issues by row, then left to right, and two of one cell in the order they were found', () => {
    const list = new RowIssueList(Int32Array.from([2, 3]), formatDate);
    list.add(1, 'amount', AMOUNT, 'x', bad('not_number', NO_PARAMS));
    list.add(0, 'amount', AMOUNT, 'y', bad('not_number', NO_PARAMS));
    list.add(1, 'closed', CLOSED, 'z', bad('not_date', NO_PARAMS));
    list.flag(1, 'closed', CLOSED, '', 'missing_close_date', { kind: 'won' });
    expect(list.sorted().map((i) => `${i.row} ${i.column} ${i.value || '(blank)'}`)).toEqual([
      '2 Amount y', '3 Close date z', '3 Close date (blank)', '3 Amount x',
    ]);
  });
});

describe('cellText', () => {
  it('shows a Date as its day in the sheet\'s zone, a blank as "", and anything else as text', () => {
    expect(cellText(new Date('2024-02-29T21:00:00Z'), formatDate)).toBe('2024-03-01');
    expect(cellText(new Date(NaN), formatDate)).toBe('Invalid Date');
    expect(['', '  ', null, undefined].map((c) => cellText(c, formatDate))).toEqual(['', '', '', '']);
    expect([12.5, true, ' Anna ', '#N/A'].map((c) => cellText(c, formatDate))).toEqual(['12.5', 'true', ' Anna ', '#N/A']);
  });
});
