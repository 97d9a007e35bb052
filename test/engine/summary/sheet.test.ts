import { describe, expect, it } from 'vitest';
import { noValue } from '../../../src/engine/kpi';
import {
  EMPTY, SheetBuilder, a1, cellAt, columnLetters, formatOfUnit, formatsFor, numberOf, reasonOf, text, valueCell,
} from '../../../src/engine/summary/sheet';

describe('formatOfUnit', () => {
  it('maps each KPI unit to its number format', () => {
    expect((['money', 'money_per_day', 'count', 'rate', 'days', 'months', 'ratio'] as const).map(formatOfUnit)).toEqual([
      'money', 'moneyPerDay', 'integer', 'percent', 'days', 'months', 'ratio',
    ]);
  });
});

describe('formatsFor', () => {
  it('writes units in the locale\'s words and dates in its order', () => {
    expect(formatsFor('en')).toMatchObject({ days: '0.0" days"', moneyPerDay: '#,##0.00" /day"', date: 'yyyy-mm-dd' });
    expect(formatsFor('ru')).toMatchObject({ days: '0.0" дн."', months: '0.0" мес."', date: 'dd.mm.yyyy' });
  });
  it('signs a change in points: positive, negative and zero sections', () => {
    expect(formatsFor('en').points).toBe('+0.0" pp";-0.0" pp";0.0" pp"');
  });
});

describe('numberOf and reasonOf', () => {
  it('numberOf is a finite number or undefined', () => {
    expect([numberOf(2.5), numberOf(noValue('why')), numberOf(Infinity), numberOf(NaN), numberOf(undefined)]).toEqual([2.5, undefined, undefined, undefined, undefined]);
  });
  it('reasonOf says why there is no number', () => {
    expect(reasonOf(noValue('no won deals'))).toBe('no won deals');
    expect(reasonOf(Infinity)).toBe('the result is not a finite number');
    expect(reasonOf(3)).toBeUndefined();
    expect(reasonOf(undefined)).toBeUndefined();
  });
});

describe('cells', () => {
  it('text: a label by default, with a note when given', () => {
    expect(text('Win rate')).toEqual({ v: 'Win rate', style: 'label' });
    expect(text('Row', 'header', 'sheet row')).toEqual({ v: 'Row', style: 'header', note: 'sheet row' });
    expect(EMPTY).toEqual({});
  });
  it('valueCell: the number with its format, or null with the reason as a note', () => {
    expect(valueCell(0.8, 'percent')).toEqual({ v: 0.8, fmt: 'percent', style: 'value' });
    expect(valueCell(noValue('no deals in 2024-04'), 'money', { style: 'muted' })).toEqual({
      v: null, fmt: 'money', style: 'muted', note: 'no deals in 2024-04',
    });
  });
  it('valueCell: a status only on a number; with a formula, "" where there is no number', () => {
    expect(valueCell(0.1, 'percent', { status: 'bad' })).toEqual({ v: 0.1, fmt: 'percent', style: 'value', status: 'bad' });
    expect(valueCell(noValue('none'), 'percent', { status: 'bad' })).toEqual({ v: null, fmt: 'percent', style: 'value', note: 'none' });
    expect(valueCell(noValue('none'), 'money', { f: '=B2/C2' })).toEqual({ f: '=B2/C2', v: '', fmt: 'money', style: 'value', note: 'none' });
    expect(valueCell(4, 'integer', { f: '=COUNTIFS(A:A,"won")' })).toEqual({ f: '=COUNTIFS(A:A,"won")', v: 4, fmt: 'integer', style: 'value' });
  });
});

describe('A1 references', () => {
  it('columnLetters: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('a1: row and column from 0, the sheet\'s rows from 1', () => {
    expect(a1(0, 0)).toBe('A1');
    expect(a1(9, 27)).toBe('AB10');
  });
  it('cellAt: the range of one cell', () => {
    expect(cellAt(4, 2)).toEqual({ row: 4, col: 2, lastRow: 4, lastCol: 2 });
  });
});

describe('SheetBuilder', () => {
  it('adds rows, says where the next goes, and how wide the widest is', () => {
    const b = new SheetBuilder();
    expect(b.next).toBe(0);
    expect(b.push([text('a')])).toBe(0);
    expect(b.push([text('a'), text('b'), text('c')])).toBe(1);
    b.push([]);
    expect(b.next).toBe(3);
    expect(b.width()).toBe(3);
  });
});
