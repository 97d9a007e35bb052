import { describe, expect, it } from 'vitest';
import { NO_VALUE, cellText, formatNumber, renderTable } from '../../src/local/terminalTable';

describe('renderTable', () => {
  it('formats numbers by the cell format and locale, aligns numbers right, and shows — for a missing value', () => {
    const rows = [
      [{ v: 'KPI' }, { v: 'Value' }, { v: 'Trend' }],
      [{ v: 'Sales volume' }, { v: 1234567.5, fmt: 'money' as const }, { v: '▲' }],
      [{ v: 'Win rate' }, { v: 0.125, fmt: 'percent' as const }, { v: '▼' }],
      [{ v: 'CAC' }, { v: null, fmt: 'money' as const, note: 'no spend' }],
    ];
    expect(renderTable(rows, { locale: 'en' })).toBe(
      [
        'KPI                  Value  Trend',
        '------------  ------------  -----',
        'Sales volume  1,234,567.50  ▲',
        'Win rate             12.5%  ▼',
        `CAC                      ${NO_VALUE}`,
        '',
      ].join('\n'),
    );
  });

  it('writes Russian numbers with non-breaking spaces and a decimal comma', () => {
    expect(formatNumber(1234567.5, 'money', 'ru')).toBe('1\u00a0234\u00a0567,50');
    expect(formatNumber(0.125, 'percent', 'ru')).toBe('12,5\u00a0%');
    expect(formatNumber(2600, 'integer', 'en')).toBe('2,600');
  });

  it('writes durations and velocity with their unit, as the sheet formats do', () => {
    expect(formatNumber(37.5, 'days', 'en')).toBe('37.5 days');
    expect(formatNumber(0.14, 'months', 'ru')).toBe('0,1 мес.');
    expect(formatNumber(10224.114, 'moneyPerDay', 'en')).toBe('10,224.11 /day');
  });

  it('colours status cells only when asked', () => {
    const rows = [[{ v: 'Status' }], [{ v: 'Poor', status: 'bad' as const }]];
    expect(renderTable(rows, { locale: 'en', color: true })).toContain('\u001b[31mPoor  \u001b[0m');
    expect(renderTable(rows, { locale: 'en' })).not.toContain('\u001b');
  });

  it('writes a change in points with its sign and unit: +2.5 pp, -16.4 pp, 0.0 pp', () => {
    expect(formatNumber(2.5, 'points', 'en')).toBe('+2.5 pp');
    expect(formatNumber(-16.4, 'points', 'en')).toBe('-16.4 pp');
    expect(formatNumber(0, 'points', 'ru')).toBe('0,0 п.п.');
  });

  it('writes a number without a format as it is, to six decimals', () => {
    expect(formatNumber(3, undefined, 'en')).toBe('3');
    expect(formatNumber(1 / 3, 'text', 'en')).toBe('0.333333');
  });

  it('right-aligns a header over a column of numbers and drops trailing empty columns', () => {
    const rows = [
      [{ v: 'Rep' }, { v: 'Deals' }, {}],
      [{ v: 'Anna' }, { v: 12, fmt: 'integer' as const }, {}],
      [{ v: 'Boris' }, { v: 3, fmt: 'integer' as const }, { v: '' }],
    ];
    expect(renderTable(rows, { locale: 'en' })).toBe(['Rep    Deals', '-----  -----', 'Anna      12', 'Boris      3', ''].join('\n'));
  });
});

describe('cellText', () => {
  it('shows a formula cell\'s expected result, TRUE/FALSE, text on one line, and — for a value cell without a number', () => {
    expect(cellText({ f: '=B2*2', v: 0.25, fmt: 'percent' }, 'en')).toBe('25.0%');
    expect(cellText({ v: true }, 'en')).toBe('TRUE');
    expect(cellText({ v: 'two\nlines' }, 'en')).toBe('two lines');
    expect(cellText({ v: null, fmt: 'money', note: 'no spend' }, 'en')).toBe(NO_VALUE);
    expect(cellText({ v: '', fmt: 'text' }, 'en')).toBe('');
    expect(cellText(undefined, 'en')).toBe('');
  });
});
