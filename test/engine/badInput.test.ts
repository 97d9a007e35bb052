/**
 * The bad-input suite (§5): each kind of bad cell a sheet can hold, the row issue the user sees
 * (row number, column header, value, reason) and the KPI computed from the readable rows.
 */
import { describe, expect, it } from 'vitest';
import { callKpiTable } from '../../src/engine/call';
import { call, d, ENV, grid, referenceDeals, table } from '../helpers';

const HEADER = ['Deal ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep'];
/** A deal row: created on 1 March, closed on `closed`. */
const row = (id: string, closed: unknown, amount: unknown, status: unknown, rep = 'Anna'): unknown[] =>
  [id, d('2024-03-01'), closed, amount, status, rep];

describe('text in the amount column', () => {
  const g = grid(HEADER, [
    row('D1', d('2024-03-05'), 100, 'won'),
    row('D2', d('2024-03-06'), 'about 500', 'won'),
    row('D3', d('2024-03-07'), '250 ₽', 'won'),
    row('D4', d('2024-03-08'), 'tbd', 'lost'),
  ]);
  it('lists the row, the column, the value and why', () => {
    expect(table(g).issues).toEqual([
      { row: 3, column: 'Amount', field: 'amount', value: 'about 500', reason: 'not a number' },
      { row: 5, column: 'Amount', field: 'amount', value: 'tbd', reason: 'not a number' },
    ]);
  });
  it('sums the readable amounts only, never a silent 0 or a guess', () => {
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(350); // 100 + 250; D2 is skipped
  });
  it('still counts the deal where its amount is not needed (§6 Skipping)', () => {
    expect(call('DEALS_WON', g, '2024-03')).toBe(3); // D1, D2, D3
    expect(call('WIN_RATE', g, '2024-03')).toBe(0.75); // 3 won / (3 won + 1 lost)
  });
});

describe('formula errors #N/A and #REF! arriving as strings', () => {
  const g = grid(HEADER, [
    row('D1', d('2024-03-05'), 100, 'won'),
    row('D2', d('2024-03-06'), '#N/A', 'won'),
    row('D3', '#REF!', 200, 'won'),
    row('D4', d('2024-03-08'), 40, 'lost', '#N/A'),
    row('D5', d('2024-03-09'), 60, '#REF!'),
  ]);
  it('lists each as a formula error in its column', () => {
    expect(table(g).issues).toEqual([
      { row: 3, column: 'Amount', field: 'amount', value: '#N/A', reason: 'formula error #N/A' },
      { row: 4, column: 'Closed', field: 'closed', value: '#REF!', reason: 'formula error #REF!' },
      { row: 5, column: 'Rep', field: 'rep', value: '#N/A', reason: 'formula error #N/A' },
      { row: 6, column: 'Status', field: 'status', value: '#REF!', reason: 'formula error #REF!' },
    ]);
  });
  it('computes from the readable rows', () => {
    // March: D1 100 (D2's amount and D3's date are errors; D5's status is unknown).
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(100);
    // With period "" a row without a readable date is left out too, so the total is still 100.
    expect(call('SALES_VOLUME', g)).toBe(100);
    expect(call('DEALS_WON', g, '2024-03')).toBe(2); // D1, D2
    expect(call('WIN_RATE', g, '2024-03')).toBeCloseTo(2 / 3, 12); // D1, D2 won; D4 lost
  });
  it('puts a row whose group label is an error in no group: (blank) is for empty cells (§3, §5)', () => {
    // D4's rep is #N/A: it is in no group, and no row has an empty rep, so there is no (blank) group.
    expect(call('DEALS_WON', g, '2024-03', 'rep')).toEqual([['rep', 'Deals won'], ['Anna', 2]]);
    expect(call('DEALS_LOST', g, '2024-03', 'rep')).toEqual([['rep', 'Deals lost'], ['Anna', 0]]);
  });
});

describe('blank rows', () => {
  const g = grid(HEADER, [
    row('D1', d('2024-03-05'), 100, 'won'),
    ['', '', '', '', '', ''],
    [null, undefined, '  ', '\u00a0', '', ''],
    [],
    row('D2', d('2024-03-06'), 'x', 'won'),
  ]);
  it('are skipped, not issues, and later rows keep their sheet row numbers', () => {
    const t = table(g);
    expect(t.n).toBe(2);
    expect(t.blankRows).toBe(3);
    expect(Array.from(t.rowNumbers)).toEqual([2, 6]);
    expect(t.issues).toEqual([{ row: 6, column: 'Amount', field: 'amount', value: 'x', reason: 'not a number' }]);
  });
  it('do not change a result', () => {
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(100);
    expect(call('DEALS_WON', g, '2024-03')).toBe(2);
  });
});

describe('unknown status values', () => {
  const g = grid(HEADER, [
    row('D1', d('2024-03-05'), 100, 'won'),
    row('D2', d('2024-03-06'), 200, 'maybe'),
    row('D3', d('2024-03-07'), 300, ''),
    row('D4', d('2024-03-08'), 400, 'lost'),
  ]);
  it('are row issues; a blank status on a non-blank row is one too, not "open" (§6)', () => {
    expect(table(g).issues).toEqual([
      { row: 3, column: 'Status', field: 'status', value: 'maybe', reason: 'unknown status (expected won, lost or open)' },
      { row: 4, column: 'Status', field: 'status', value: '', reason: 'no status (expected won, lost or open)' },
    ]);
  });
  it('leave the row out of every outcome', () => {
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(100);
    expect(call('DEALS_WON', g, '2024-03')).toBe(1);
    expect(call('WIN_RATE', g, '2024-03')).toBe(0.5); // 1 won / (1 won + 1 lost)
  });
});

describe('dates in the future', () => {
  // "Now" in the tests is 2025-01-01 00:00 UTC.
  const g = grid(HEADER, [
    row('D1', d('2024-12-31'), 100, 'won'),
    row('D2', d('2025-02-01'), 200, 'won'),
    ['D3', d('2025-03-01'), d('2024-12-20'), 300, 'won', 'Anna'],
    row('D4', d('2025-01-01'), 400, 'lost'),
  ]);
  it('are row issues naming the date', () => {
    expect(table(g).issues).toEqual([
      { row: 3, column: 'Closed', field: 'closed', value: '2025-02-01', reason: 'close date 2025-02-01 is in the future' },
      { row: 4, column: 'Created', field: 'created', value: '2025-03-01', reason: 'creation date 2025-03-01 is in the future' },
    ]);
  });
  it('leave the deal out of closed-date KPIs; today itself is not the future', () => {
    expect(call('SALES_VOLUME', g)).toBe(400); // D1 100 + D3 300 (its creation date is not needed)
    expect(call('SALES_VOLUME', g, '2025-02')).toBe(0);
    expect(call('DEALS_WON', g)).toBe(2);
    expect(call('WIN_RATE', g, '2025-01')).toBe(0); // D4, lost on 2025-01-01 = today
  });
  it('do not stretch the time groups into the future', () => {
    expect(call('DEALS_WON', g, '', 'month')).toEqual([
      ['month', 'Deals won'], ['2024-03', 0], ['2024-04', 0], ['2024-05', 0], ['2024-06', 0], ['2024-07', 0],
      ['2024-08', 0], ['2024-09', 0], ['2024-10', 0], ['2024-11', 0], ['2024-12', 2], ['2025-01', 0],
    ]);
  });
});

describe('negative amounts (refunds, §6)', () => {
  const g = grid(HEADER, [
    row('D1', d('2024-03-05'), 100, 'won'),
    row('R1', d('2024-03-20'), -30, 'won'),
    row('D2', d('2024-03-21'), 50, 'lost'),
  ]);
  it('are not issues', () => {
    expect(table(g).issues).toEqual([]);
  });
  it('count in money and not as deals', () => {
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(70); // 100 − 30
    expect(call('DEALS_WON', g, '2024-03')).toBe(1);
    expect(call('WIN_RATE', g, '2024-03')).toBe(0.5); // 1 won / (1 won + 1 lost); the refund is neither
  });
});

describe('a range without a header row', () => {
  const g = [
    [d('2024-03-05'), 100, 'won'],
    [d('2024-03-06'), 200, 'won'],
  ];
  const message =
    'the first row must be the header: none of its cells ("2024-03-05", "100", "won") names a known column; ' +
    'looked for: id, created, qualified, closed, amount, cost, status, stage, probability, rep, customer, source, type';
  it('is an error naming the columns looked for', () => {
    expect(() => table(g)).toThrow(message);
    expect(() => call('SALES_VOLUME', g)).toThrow(`SALES_VOLUME: ${message}`);
  });
  it('says so for an empty range', () => {
    expect(() => call('DEALS_WON', [])).toThrow('DEALS_WON: the first row must be the header: none of its cells (nothing)');
  });
});

describe('missing columns (§5)', () => {
  const g = grid(['Closed', 'Status'], [[d('2024-03-05'), 'won'], [d('2024-03-06'), 'lost']]);
  it('are an error for a KPI that needs them, naming the column and its synonyms', () => {
    expect(() => call('SALES_VOLUME', g)).toThrow(
      'SALES_VOLUME: the deal table has no `amount` column (looked for: amount, value, revenue, deal value, sum, total, сумма, выручка, стоимость, сумма сделки)',
    );
  });
  it('do not stop a KPI that does not need them: WIN_RATE needs no amount', () => {
    expect(call('WIN_RATE', g)).toBe(0.5);
  });
});

describe('duplicate headers', () => {
  it('read the leftmost column of a field and ignore the other', () => {
    const g = grid(['Closed', 'Amount', 'Amount', 'Status'], [[d('2024-03-05'), 100, 999, 'won'], [d('2024-03-06'), 'x', 5, 'won']]);
    const t = table(g);
    expect(t.columns.amount).toEqual({ index: 1, header: 'Amount' });
    // The second Amount column is not a fallback: the unreadable first one is an issue.
    expect(t.issues).toEqual([{ row: 3, column: 'Amount', field: 'amount', value: 'x', reason: 'not a number' }]);
    expect(call('SALES_VOLUME', g)).toBe(100);
  });
  it('let a generic Date yield to Close date', () => {
    const g = grid(['Date', 'Close date', 'Amount', 'Status'], [[d('2024-02-01'), d('2024-03-05'), 100, 'won']]);
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(100);
    expect(call('SALES_VOLUME', g, '2024-02')).toBe(0);
  });
});

describe('a 1-cell range', () => {
  it('as a scalar is not a deal table', () => {
    expect(() => call('SALES_VOLUME', 'Amount')).toThrow(
      'SALES_VOLUME: deals must be the deal table range with its header row, such as Deals!A1:M',
    );
  });
  it('as [[header]] is a table without rows: missing columns are named, present ones give 0', () => {
    expect(() => call('SALES_VOLUME', [['Amount']])).toThrow('SALES_VOLUME: the deal table has no `closed` column');
    expect(call('DEALS_WON', [['Closed', 'Amount']])).toBe(0);
    // Without status and amount nothing says which rows are sales (§1).
    expect(() => call('DEALS_WON', [['Closed']])).toThrow('DEALS_WON: the deal table has no `status` column, so its sales are');
    expect(() => call('WIN_RATE', [['Closed']])).toThrow('WIN_RATE: the deal table has no `status` column');
  });
  it('as [[value]] that is no header is the header error', () => {
    expect(() => call('DEALS_WON', [['hello']])).toThrow('DEALS_WON: the first row must be the header: none of its cells ("hello")');
    expect(() => call('SALES_VOLUME', [[5]])).toThrow('SALES_VOLUME: the first row must be the header: none of its cells ("5")');
  });
  it('as [[number]] is the calculator form of a KPI that has one, asking for the rest', () => {
    expect(() => call('WIN_RATE', [[5]])).toThrow('WIN_RATE: lost is missing');
  });
});

describe('a whole-column range (A1:F) with 1000 trailing blank rows', () => {
  const rows = [
    row('D1', d('2024-03-05'), 100, 'won'),
    row('D2', d('2024-03-06'), 200, 'won'),
    row('D3', d('2024-03-07'), 50, 'lost'),
  ];
  const blanks = Array.from({ length: 1000 }, () => ['', '', '', '', '', '']);
  const g = grid(HEADER, [...rows, ...blanks]);
  it('reads the used rows only, without issues', () => {
    const t = table(g);
    expect(t.n).toBe(3);
    expect(t.issues).toEqual([]);
    // Trailing blank rows are the rest of the column, not skipped rows worth reporting.
    expect(t.blankRows).toBe(0);
  });
  it('gives the same results as the used range', () => {
    expect(call('SALES_VOLUME', g)).toBe(300);
    expect(call('DEALS_WON', g, '2024-03')).toBe(2);
    expect(call('WIN_RATE', g)).toBeCloseTo(2 / 3, 12);
    expect(call('SALES_VOLUME', g, '', 'month')).toEqual([['month', 'Sales volume'], ['2024-03', 300]]);
  });
});

describe('a won deal closed before it was created', () => {
  it('is a row issue on the close date, and SALES_CYCLE leaves it out (§6)', () => {
    // Row 2: 10 days (2024-03-01 → 03-11); row 3 closed 4 days before it was created: skipped.
    const g = grid(['Created', 'Closed', 'Amount', 'Status'], [
      [d('2024-03-01'), d('2024-03-11'), 100, 'won'],
      [d('2024-03-10'), d('2024-03-06'), 200, 'won'],
    ]);
    expect(table(g).issues).toEqual([
      { row: 3, column: 'Closed', field: 'closed', value: '2024-03-06', reason: 'closed (2024-03-06) before it was created (2024-03-10)' },
    ]);
    expect(call('SALES_CYCLE', g, '2024-03')).toBe(10);
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(300);
  });
});

describe('a sales log without an amount column', () => {
  it('is an error for the KPIs that count sales: without a status, the sales are the rows with an amount (§1)', () => {
    const g = grid(['Date', 'Customer', 'Rep'], [[d('2024-03-01'), 'c1', 'A'], [d('2024-03-05'), 'c2', 'B']]);
    expect(() => call('DEALS_WON', g, '2024-03')).toThrow(
      'DEALS_WON: the deal table has no `status` column, so its sales are the rows with an amount, but it has no `amount` column either',
    );
    expect(() => call('NEW_CUSTOMERS', g, '2024-03')).toThrow('NEW_CUSTOMERS: the deal table has no `status` column');
  });
});

describe('a group cell that cannot be read', () => {
  // Rows: Anna 100, a #N/A rep 200, a blank rep 50; types: upsell 100, "junk" 200, blank 50.
  const g = grid(['Closed', 'Amount', 'Status', 'Rep', 'Type'], [
    [d('2024-03-01'), 100, 'won', 'Anna', 'upsell'],
    [d('2024-03-02'), 200, 'won', '#N/A', 'junk'],
    [d('2024-03-03'), 50, 'won', '', ''],
  ]);
  it('is in no group, not in (blank), which is for empty cells (§3, §5)', () => {
    expect(call('SALES_VOLUME', g, '2024-03', 'rep')).toEqual([['rep', 'Sales volume'], ['Anna', 100], ['(blank)', 50]]);
    expect(call('SALES_VOLUME', g, '2024-03', 'type')).toEqual([['type', 'Sales volume'], ['upsell', 100], ['(blank)', 50]]);
  });
  it('still counts in the whole-table value, where the group is not asked for', () => {
    expect(call('SALES_VOLUME', g, '2024-03')).toBe(350);
  });
});

describe('arguments a call cannot use', () => {
  it('names the calculator argument when the first one is text or blank', () => {
    expect(() => call('WIN_RATE', '8', 2)).toThrow('WIN_RATE: won must be a number, got "8"');
    expect(() => call('WIN_RATE', '', 2)).toThrow('WIN_RATE: won is missing');
  });
  it('refuses extra arguments instead of ignoring them, showing the form', () => {
    expect(() => call('SALES_VOLUME', referenceDeals(), '2024-03', '', 'oops')).toThrow(
      'SALES_VOLUME: takes at most 3 arguments: SALES_VOLUME(deals, [period], [group_by])',
    );
    expect(() => call('SALES_CYCLE', referenceDeals(), '2024-03', '', 'median', 'x')).toThrow(
      'SALES_CYCLE: takes at most 4 arguments: SALES_CYCLE(deals, [period], [group_by], [stat])',
    );
  });
  it('lists the KPI names when KPI_TABLE is given an unknown one', () => {
    expect(() => callKpiTable([referenceDeals(), 'month', 'sales_volume, winrate'], ENV)).toThrow(
      'KPI_TABLE: unknown KPI "winrate"; one of: sales_volume, deals_won',
    );
  });
});
