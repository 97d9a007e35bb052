import { describe, expect, it } from 'vitest';
import type { Failed, Read } from '../../src/engine/coerce';
import { dayFromCivil, formatDay } from '../../src/engine/days';
import { cellText } from '../../src/engine/rowIssues';
import { dataRows } from '../../src/engine/rows';
import type { ColumnRef } from '../../src/engine/table';
import { dayOfInstantIn } from '../../src/engine/timezone';
import {
  dateReader, readCells, readDates, readLabels, readNumbers, readProbabilities, readQualified, readTypes, slashDateOrderOf, unknownValues,
  type ReportFailure,
} from '../../src/engine/typedColumns';
import { d } from '../helpers';

const day = (iso: string): number => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromCivil(y, m, dd);
};
const days = (col: Float64Array): string[] => Array.from(col, (v) => (v === v ? formatDay(v) : ''));
const utc = dayOfInstantIn('UTC');
const formatDate = (ms: number): string => formatDay(utc(ms));
/** Column `header` holding `cells`, one a data row (a second column numbers the rows, so that a blank cell's row stays). */
const column = (header: string, cells: unknown[]) => ({
  rows: dataRows([[header, 'Row'], ...cells.map((c, i) => [c, i])], cells.length + 1), ref: { index: 0, header },
});
/** A failure report that writes each failed read down as "data row: cell → reason". */
const failures = (): { fail: ReportFailure; seen: string[] } => {
  const seen: string[] = [];
  return { seen, fail: (i, cell, why) => seen.push(`${i}: ${cellText(cell, formatDate)} → ${why.reason}`) };
};

describe('readCells', () => {
  const notX = { ok: false, reason: 'not x', code: 'not_number', params: {} } as Failed;
  const twice = (c: unknown): Read<number> => (c === 'x' ? notX : { ok: true, value: Number(c) * 2 });
  it('stores each read value, reports each failed read, and leaves blank cells alone', () => {
    const { rows, ref } = column('N', ['1', 'x', '', '3', ' ']);
    const out: number[] = [];
    const { fail, seen } = failures();
    readCells(rows, ref, twice, (i, v) => { out[i] = v; }, fail);
    expect(out).toEqual([2, undefined, undefined, 6]);
    expect(seen).toEqual(['1: x → not x']);
  });
  it('takes a cell the fast path knows without calling the reader, and reads each distinct text once when remembering', () => {
    const { rows, ref } = column('N', [5, '7', 5, '7', '7']);
    const calls: unknown[] = [];
    const read = (c: unknown): Read<number> => { calls.push(c); return { ok: true, value: Number(c) }; };
    const out: number[] = [];
    const fast = (c: unknown): number | undefined => (typeof c === 'number' ? c : undefined);
    readCells(rows, ref, read, (i, v) => { out[i] = v; }, () => {}, fast);
    expect(out).toEqual([5, 7, 5, 7, 7]);
    expect(calls).toEqual(['7']);
    readCells(rows, ref, read, () => {}, () => {}, fast, false);
    expect(calls).toEqual(['7', '7', '7', '7']);
  });
  it('reads only the rows `only` marks, and nothing without a column', () => {
    const { rows, ref } = column('N', ['1', '2', '3']);
    const out: number[] = [];
    readCells(rows, ref, twice, (i, v) => { out[i] = v; }, () => {}, undefined, true, (i) => i !== 1);
    expect(out).toEqual([2, undefined, 6]);
    readCells(rows, undefined, twice, () => { throw new Error('read'); }, () => {});
  });
});

describe('unknownValues', () => {
  it('is a column of NaN', () => {
    expect(Array.from(unknownValues(3))).toEqual([NaN, NaN, NaN]);
  });
});

describe('readDates', () => {
  it('reads Dates in the sheet\'s zone, date text, date-times and Sheets serials; names what is not a date', () => {
    const { rows, ref } = column('Created', [
      new Date('2024-02-29T21:00:00Z'), '15.03.2024', '2024-03-15 14:05', 45366, 'soon', 1, '15.03.1024', '', true,
    ]);
    const out = unknownValues(rows.n);
    const { fail, seen } = failures();
    // Moscow's midnight of 1 March is 21:00 UTC on 29 February.
    readDates(rows, ref, dateReader(dayOfInstantIn('Europe/Moscow'), 'dmy'), out, fail);
    expect(days(out)).toEqual(['2024-03-01', '2024-03-15', '2024-03-15', '2024-03-15', '', '', '', '', '']);
    expect(seen).toEqual([
      '4: soon → not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)', '5: 1 → a number that is not a date',
      '6: 15.03.1024 → a date before 1900 (1024-03-15): is the year mistyped?', '8: true → TRUE/FALSE where a date was expected',
    ]);
  });
  it('reads 05/03/2024 in the order it is given: 5 March day first, 3 May month first', () => {
    const { rows, ref } = column('Closed', ['05/03/2024']);
    const out = unknownValues(1);
    readDates(rows, ref, dateReader(utc, 'dmy'), out, () => {});
    expect(days(out)).toEqual(['2024-03-05']);
    readDates(rows, ref, dateReader(utc, 'mdy'), out, () => {});
    expect(days(out)).toEqual(['2024-05-03']);
  });
});

describe('slashDateOrderOf', () => {
  const g = (created: unknown[], closed: unknown[]) =>
    dataRows([['Created', 'Closed'], ...created.map((c, i) => [c, closed[i]])], created.length + 1);
  const CREATED: ColumnRef = { index: 0, header: 'Created' };
  const CLOSED: ColumnRef = { index: 1, header: 'Closed' };
  it('is day first (§1) unless a slash date reads only month first', () => {
    expect(slashDateOrderOf(g(['05/03/2024'], ['06/03/2024']), [CREATED, CLOSED])).toBe('dmy');
    expect(slashDateOrderOf(g(['05/03/2024'], ['3/15/2024']), [CREATED, CLOSED])).toBe('mdy');
  });
  it('stays day first when another date reads only day first, and looks only at the columns it is given', () => {
    expect(slashDateOrderOf(g(['15/03/2024'], ['3/15/2024']), [CREATED, CLOSED])).toBe('dmy');
    expect(slashDateOrderOf(g(['15/03/2024'], ['3/15/2024']), [CLOSED, undefined])).toBe('mdy');
  });
  it('ignores Dates, numbers and text that is not a slash date', () => {
    expect(slashDateOrderOf(g([d('2024-03-15'), 45366, '2024/13/01', 'n/a'], ['3/15/2024', '', '', '']), [CREATED, CLOSED])).toBe('mdy');
  });
});

describe('readQualified', () => {
  it('reads a date as the day the lead was qualified, TRUE/yes/1 as qualified on an unknown day, FALSE/no/0 as not qualified', () => {
    const { rows, ref } = column('Qualified', [d('2024-03-05'), true, 'да', 1, false, 'no', 0, '15.03.2024', 'maybe']);
    const out = unknownValues(rows.n);
    const flag = new Uint8Array(rows.n);
    const { fail, seen } = failures();
    readQualified(rows, ref, dateReader(utc, 'dmy'), out, flag, fail);
    expect(days(out)).toEqual(['2024-03-05', '', '', '', '', '', '', '2024-03-15', '']);
    expect(Array.from(flag)).toEqual([1, 1, 1, 1, 0, 0, 0, 1, 0]);
    expect(seen).toEqual(['8: maybe → not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)']);
  });
});

describe('readNumbers', () => {
  it('reads numbers and number text (§6 Numbers); names text, Dates, TRUE/FALSE and infinities', () => {
    const { rows, ref } = column('Amount', [100, '1 234,56 ₽', '$1,000.00', '-50', 'about 500', d('2024-03-01'), true, Infinity]);
    const out = unknownValues(rows.n);
    const { fail, seen } = failures();
    readNumbers(rows, ref, out, fail);
    expect(Array.from(out)).toEqual([100, 1234.56, 1000, -50, NaN, NaN, NaN, NaN]);
    expect(seen).toEqual([
      '4: about 500 → not a number', '5: 2024-03-01 → a date where a number was expected', '6: true → TRUE/FALSE where a number was expected',
      '7: Infinity → not a finite number',
    ]);
  });
});

describe('readProbabilities', () => {
  it('reads 0–1 as a fraction and more as percents; a `Probability (%)` column holds percents throughout', () => {
    const cells = [0.4, 1, 60, '35%', 120];
    const plain = column('Probability', cells);
    const out = unknownValues(cells.length);
    const { fail, seen } = failures();
    readProbabilities(plain.rows, plain.ref, out, fail);
    expect(Array.from(out)).toEqual([0.4, 1, 0.6, 0.35, NaN]);
    const pct = column('Probability (%)', cells);
    readProbabilities(pct.rows, pct.ref, out, fail);
    expect(Array.from(out)).toEqual([0.004, 0.01, 0.6, 0.35, NaN]);
    expect(seen).toEqual([
      '4: 120 → a probability must be between 0 and 1 (or 0 % and 100 %)', '4: 120 → a probability must be between 0 and 1 (or 0 % and 100 %)',
    ]);
  });
});

describe('readLabels', () => {
  it('codes each distinct label once, trimmed and with its spaces collapsed; a Date is its day, a number as typed', () => {
    const { rows, ref } = column('Rep', ['Anna', ' Anna ', 'Boris  Ivanov', '', 'Boris Ivanov', d('2024-03-15'), 42, '#N/A', 'Anna']);
    const { fail, seen } = failures();
    const col = readLabels(rows, ref, false, formatDate, fail);
    expect(col.labels).toEqual(['Anna', 'Boris Ivanov', '2024-03-15', '42']);
    expect(Array.from(col.codes)).toEqual([0, 0, 1, -1, 1, 2, 3, -1, 0]);
    expect(seen).toEqual(['7: #N/A → formula error #N/A']);
  });
  it('gives ids a code per row, and a column that is not there no labels', () => {
    const { rows, ref } = column('ID', ['D1', 'D1', 'D2']);
    const ids = readLabels(rows, ref, true, formatDate, () => {});
    expect([ids.labels, Array.from(ids.codes)]).toEqual([['D1', 'D1', 'D2'], [0, 1, 2]]);
    const none = readLabels(rows, undefined, false, formatDate, () => {});
    expect([none.labels, Array.from(none.codes)]).toEqual([[], [-1, -1, -1]]);
  });
});

describe('readTypes', () => {
  it('reads §1\'s and the CRMs\' type words into codes 1–4; Zoho\'s -None- is no type, an unknown word an issue', () => {
    const { rows, ref } = column('Type', ['new', 'Повторная', 'Up-sell', 'cross sell', 'New Business', 'Renewal', '-None-', 'partner', '#REF!']);
    const { fail, seen } = failures();
    expect(Array.from(readTypes(rows, ref, undefined, fail))).toEqual([1, 2, 3, 4, 1, 2, 0, 0, 0]);
    expect(seen).toEqual(['7: partner → unknown deal type (expected new, repeat, upsell, cross-sell)', '8: #REF! → formula error #REF!']);
  });
  it('takes new or repeat from Bitrix24\'s repeat-deal flag where there is no type column; an unreadable flag is no type', () => {
    const g = [['Тип', 'Повторная сделка'], ['Продажа', 'Да'], ['Продажа', 'Нет'], ['Продажа', 'может быть']];
    const rows = dataRows(g, g.length);
    const flag = { index: 1, header: 'Повторная сделка' };
    expect(Array.from(readTypes(rows, undefined, flag, () => {}))).toEqual([2, 1, 0]);
    // A type column, when there is one, decides alone.
    expect(Array.from(readTypes(rows, { index: 0, header: 'Тип' }, flag, () => {}))).toEqual([0, 0, 0]);
  });
});

describe('dateReader', () => {
  it('takes a Date cell\'s day in the sheet\'s zone on the fast path, and leaves any other cell to `read`', () => {
    expect(dateReader(dayOfInstantIn('Europe/Moscow'), 'dmy').fast(new Date('2024-02-29T21:00:00Z'))).toBe(day('2024-03-01'));
    expect(dateReader(utc, 'dmy').fast(new Date(NaN))).toBeUndefined();
    expect(dateReader(utc, 'dmy').fast('2024-03-01')).toBeUndefined();
  });
});
