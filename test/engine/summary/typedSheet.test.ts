import { describe, expect, it } from 'vitest';
import { copyColumns, dateOfDay, typedDealsSheet } from '../../../src/engine/summary/typedSheet';
import { d, grid, table } from '../../helpers';

describe('dateOfDay', () => {
  it('is UTC midnight of the day: day 19 783 is 2024-03-01', () => {
    expect(dateOfDay(19783).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(dateOfDay(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('typedDealsSheet: the deal sheet with the engine\'s values, for live formulas', () => {
  /** Sheet rows 2–6, as a person typed them. */
  const values = grid(['Deal', 'Closed', 'Amount', 'Probability', 'Qualified', 'Status'], [
    ['D1', '15.03.2024', '1 234,56', 60, true, 'won'],
    ['D2', d('2024-03-16'), 'lots', '', 'maybe', 'lost'],
    ['D3', d('2024-03-17'), 500, 0.25, d('2024-03-10'), 'open'],
    ['', '', '', '', '', ''],
    ['D5', d('2027-01-05'), 80, '', '', 'won'],
  ]);
  const typed = typedDealsSheet(table(values), values);

  it('writes dates as Dates, numbers as numbers and probabilities as fractions', () => {
    // "15.03.2024" → 2024-03-15; "1 234,56" → 1234.56; 60 → 0.6 (§6: above 1 is a percentage).
    expect(typed[1]).toEqual(['D1', d('2024-03-15'), 1234.56, 0.6, true, 'won']);
  });
  it('keeps a qualified TRUE as it is, and an unreadable cell as its text, so criteria skip it as the engine does', () => {
    expect(typed[2]).toEqual(['D2', d('2024-03-16'), 'lots', '', 'maybe', 'lost']);
  });
  it('writes a date the engine rejects (a close date in the future) as its text', () => {
    expect(typed[5]).toEqual(['D5', '2027-01-05', 80, '', '', 'won']);
  });
  it('keeps the header and blank rows, shares a row that needs no change and never modifies the input', () => {
    expect(typed[0]).toBe(values[0]);
    expect(typed[3]).toBe(values[3]);
    expect(typed[4]).toBe(values[4]);
    expect(values[1]).toEqual(['D1', '15.03.2024', '1 234,56', 60, true, 'won']);
  });
});

describe('typedDealsSheet: close dates put together from won and lost times (Pipedrive)', () => {
  const values = grid(['Deal - Status', 'Deal - Value', 'Deal - Won time', 'Deal - Lost time'], [
    ['Won', 100, '2024-03-05 10:00:00', ''],
    ['Lost', 50, '', '2024-03-06 11:00:00'],
    ['Open', 70, '', ''],
  ]);
  const t = table(values);
  const typed = typedDealsSheet(t, values);

  it('leaves the won and lost times as they are and writes the close dates in a column of their own', () => {
    expect(t.closedComposed).toBe(true);
    expect(typed[0]).toEqual(['Deal - Status', 'Deal - Value', 'Deal - Won time', 'Deal - Lost time', 'Close date']);
    // The lost deal's date is not written as a won time.
    expect(typed[1]).toEqual(['Won', 100, '2024-03-05 10:00:00', '', d('2024-03-05')]);
    expect(typed[2]).toEqual(['Lost', 50, '', '2024-03-06 11:00:00', d('2024-03-06')]);
    expect(typed[3]).toEqual(['Open', 70, '', '', '']);
  });
  it('tells live formulas where that column is: after the last one', () => {
    expect(copyColumns(t, values)).toEqual({ closed: { index: 4, header: 'Close date' } });
    expect(copyColumns(table(grid(['Status', 'Closed'], [['won', d('2024-03-05')]])), [])).toEqual({});
  });
});
