import { describe, expect, it } from 'vitest';
import { groupThousands, label, percentText } from '../../../src/engine/summary/labels';

describe('label', () => {
  it('gives a label in English or Russian', () => {
    expect(label('en', 'title')).toBe('Sales KPI summary');
    expect(label('ru', 'title')).toBe('Сводка KPI продаж');
    expect(label('ru', 'blankGroup')).toBe('(пусто)');
  });
  it('fills each {name} from the values given, and leaves one without a value as it is', () => {
    expect(label('en', 'moreIssues', { n: 12 })).toBe('12 more issues are not listed.');
    expect(label('ru', 'moreIssues', { n: 12 })).toBe('Ещё ошибок, не показанных здесь: 12.');
    expect(label('en', 'valuesNote')).toBe('Written as values, not formulas: {list}.');
  });
});

describe('groupThousands', () => {
  it('groups by three with a comma in English and a non-breaking space in Russian, rounding to a whole number', () => {
    expect(groupThousands('en', 2612)).toBe('2,612');
    expect(groupThousands('ru', 1234567)).toBe('1\u00a0234\u00a0567');
    expect(groupThousands('en', 999.6)).toBe('1,000');
    expect(groupThousands('en', 15)).toBe('15');
  });
});

describe('percentText', () => {
  it('writes a fraction as a percentage to one decimal at most: 0.9 → 90 %, 0.125 → 12.5 %, 0.1234 → 12.3 %', () => {
    expect(percentText(0.9)).toBe('90 %');
    expect(percentText(0.125)).toBe('12.5 %');
    expect(percentText(0.1234)).toBe('12.3 %');
    expect(percentText(1)).toBe('100 %');
  });
});
