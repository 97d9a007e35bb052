import { describe, expect, it } from 'vitest';
import { closeDateColumn, closeDateSource, readCloseDates, type CloseDateColumns, type ReportCloseDate } from '../../src/engine/closeDates';
import { formatDay } from '../../src/engine/days';
import { Kind } from '../../src/engine/fields';
import { dataRows } from '../../src/engine/rows';
import { dayOfInstantIn } from '../../src/engine/timezone';
import { dateReader, unknownValues } from '../../src/engine/typedColumns';

const { Unknown, Won, Lost, Open } = Kind;
const days = (col: Float64Array): string[] => Array.from(col, (v) => (v === v ? formatDay(v) : ''));
const DATES = dateReader(dayOfInstantIn('UTC'), 'dmy');

/**
 * Reads the close dates of a table whose header is `header` and whose rows have the outcomes `kind`; `cols`
 * names the close-date columns by their headers. Returns the dates, the column standing for `closed`, and the
 * issues as "data row column: cell → reason".
 */
function read(header: string[], rows: unknown[][], kind: number[], fields: Partial<Record<keyof CloseDateColumns, string>>, isSalesLog = false) {
  const data = dataRows([header, ...rows], rows.length + 1);
  const cols = Object.fromEntries(Object.entries(fields).map(([f, h]) => [f, { index: header.indexOf(h), header: h }])) as CloseDateColumns;
  const out = unknownValues(data.n);
  const issues: string[] = [];
  const report: ReportCloseDate = (i, ref, cell, why) => issues.push(`${i} ${ref.header}: ${String(cell)} → ${why.reason}`);
  const ref = readCloseDates(data, cols, Uint8Array.from(kind), isSalesLog, DATES, out, report);
  return { closed: days(out), column: ref?.header, issues };
}

describe('readCloseDates', () => {
  it('reads the `closed` column; text in an open deal\'s close date is a blank, a formula error still an issue', () => {
    const r = read(['Closed', 'Deal'], [
      ['15.03.2024', 'D1'], ['не закрыта', 'D2'], ['не закрыта', 'D3'], ['#N/A', 'D4'], ['', 'D5'], ['30.06.2024', 'D6'],
    ], [Won, Open, Won, Open, Lost, Open], { closed: 'Closed' });
    // An open deal's date is read (its expected close), and left to the KPIs to ignore.
    expect(r.closed).toEqual(['2024-03-15', '', '', '', '', '2024-06-30']);
    expect(r.column).toBe('Closed');
    expect(r.issues).toEqual([
      '2 Closed: не закрыта → not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)', '3 Closed: #N/A → formula error #N/A',
    ]);
  });
  it('takes a closed deal\'s won or lost time (Pipedrive): its own outcome\'s first, then the other one\'s; an open deal takes neither', () => {
    const r = read(['Deal - Won time', 'Deal - Lost time', 'Deal'], [
      ['15.03.2024', '', 'won'],
      ['', '20.03.2024', 'lost'],
      ['15.03.2024', '10.03.2024', 'won with both'],
      ['15.03.2024', '10.03.2024', 'lost with both'],
      ['', '12.03.2024', 'won with a lost time only'],
      ['15.03.2024', '', 'open'],
      ['15.03.2024', '', 'no outcome'],
    ], [Won, Lost, Won, Lost, Won, Open, Unknown], { wonTime: 'Deal - Won time', lostTime: 'Deal - Lost time' });
    expect(r.closed).toEqual(['2024-03-15', '2024-03-20', '2024-03-15', '2024-03-10', '2024-03-12', '', '']);
    expect(r.column).toBe('Deal - Won time');
    expect(r.issues).toEqual([]);
  });
  it('fills from the won time only where the `closed` cell is blank', () => {
    const r = read(['Closed', 'Won time'], [['01.03.2024', '15.03.2024'], ['', '15.03.2024'], ['soon', '15.03.2024']], [Won, Won, Won],
      { closed: 'Closed', wonTime: 'Won time' });
    expect(r.closed).toEqual(['2024-03-01', '2024-03-15', '']);
    expect(r.column).toBe('Closed');
    expect(r.issues).toEqual(['2 Closed: soon → not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)']);
  });
  it('takes an expected close date (Bitrix24) for closed deals only, and only without another close-date column', () => {
    const bitrix = read(['Предполагаемая дата закрытия', 'Сделка'], [['15.03.2024', 'A'], ['20.03.2024', 'B'], ['30.06.2024', 'C']],
      [Won, Lost, Open], { expectedClose: 'Предполагаемая дата закрытия' });
    expect(bitrix.closed).toEqual(['2024-03-15', '2024-03-20', '']);
    expect(bitrix.column).toBe('Предполагаемая дата закрытия');
    const both = read(['Close date', 'Expected close date'], [['15.03.2024', '31.03.2024'], ['', '31.03.2024']], [Won, Won],
      { closed: 'Close date', expectedClose: 'Expected close date' });
    expect(both.closed).toEqual(['2024-03-15', '']);
    expect(both.column).toBe('Close date');
  });
  it('in a sales log, takes the won time of every row', () => {
    const r = read(['Won time', 'Amount'], [['15.03.2024', 100], ['16.03.2024', '']], [Unknown, Unknown], { wonTime: 'Won time' }, true);
    expect(r.closed).toEqual(['2024-03-15', '2024-03-16']);
  });
  it('reads nothing and names no column without a close-date column', () => {
    expect(read(['Amount'], [[100]], [Won], {})).toEqual({ closed: [''], column: undefined, issues: [] });
  });
});

describe('closeDateColumn', () => {
  const ref = (header: string) => ({ index: 0, header });
  it('is the first of closed, won time, lost time and expected close date the table has', () => {
    expect(closeDateColumn({})).toBeUndefined();
    expect(closeDateColumn({ expectedClose: ref('E') })?.header).toBe('E');
    expect(closeDateColumn({ lostTime: ref('L'), expectedClose: ref('E') })?.header).toBe('L');
    expect(closeDateColumn({ closed: ref('C'), wonTime: ref('W'), lostTime: ref('L') })?.header).toBe('C');
  });
});

describe('closeDateSource', () => {
  it('names the close-date column that has a value in the row, else the one that stands for `closed`', () => {
    const header = ['Won time', 'Lost time', 'Expected close'];
    const rows = dataRows([header, ['', '20.03.2024', ''], ['', '', '31.03.2024'], ['15.03.2024', '20.03.2024', '']], 4);
    const cols: CloseDateColumns = { wonTime: { index: 0, header: 'Won time' }, lostTime: { index: 1, header: 'Lost time' } };
    expect([0, 1, 2].map((i) => closeDateSource(rows, cols, i).header)).toEqual(['Lost time', 'Won time', 'Won time']);
    // An expected close date is a source only in a table without another close-date column.
    const withExpected = { ...cols, expectedClose: { index: 2, header: 'Expected close' } };
    expect(closeDateSource(rows, withExpected, 1).header).toBe('Won time');
    expect(closeDateSource(rows, { expectedClose: withExpected.expectedClose }, 1).header).toBe('Expected close');
  });
});
