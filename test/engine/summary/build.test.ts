import { describe, expect, it } from 'vitest';
import { ALL_TIME, parsePeriodText } from '../../../src/engine/period';
import { buildSummary, chosenPeriod } from '../../../src/engine/summary/build';
import { SUMMARY_MARKER } from '../../../src/engine/summary/layout';
import { d, grid, referenceDeals, table } from '../../helpers';
import { build, rowIn, rowsOf, vs } from './summaryHelpers';

describe('chosenPeriod: the overview\'s period', () => {
  it('is the asked period as it is', () => {
    expect(chosenPeriod(table(referenceDeals()), parsePeriodText('2024-02'))).toEqual({ period: parsePeriodText('2024-02'), auto: false });
  });
  it('over the whole table, the last whole month with data: March 2024 for the reference deals (today 2025-01-01)', () => {
    expect(chosenPeriod(table(referenceDeals()), ALL_TIME)).toEqual({ period: parsePeriodText('2024-03'), auto: true });
  });
  it('the month before today\'s when today\'s month is the latest with data', () => {
    // Closed on 2025-01-01, today: January is still running, so December 2024.
    const g = grid(['Closed', 'Amount', 'Status'], [[d('2024-11-20'), 10, 'won'], [d('2025-01-01'), 20, 'won']]);
    expect(chosenPeriod(table(g), ALL_TIME)).toEqual({ period: parsePeriodText('2024-12'), auto: true });
  });
  it('the whole table when the table has no readable date', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [['soon', 10, 'won']]);
    expect(chosenPeriod(table(g), ALL_TIME)).toEqual({ period: ALL_TIME, auto: false });
  });
});

describe('buildSummary: the sheet', () => {
  const layout = buildSummary({
    table: table(referenceDeals()), dealsSheet: { name: 'Deals' }, period: ALL_TIME, locale: 'ru', live: false,
    generatedAt: new Date(Date.UTC(2025, 0, 1, 12)),
  });
  it('is named in the summary\'s language and marked as the add-on\'s own', () => {
    expect(layout.name).toBe('Сводка KPI');
    expect(layout.marker).toBe(SUMMARY_MARKER);
    expect(layout.rows[0]).toEqual([{ v: 'Сводка KPI продаж', style: 'title' }]);
  });
  it('ends with the last block\'s last row, not a blank row', () => {
    const last = layout.blocks[layout.blocks.length - 1];
    expect(last.id).toBe('dataQuality');
    expect(layout.rows.length).toBe(last.lastRow + 1);
  });
  it('places each chart right of the widest block, below the one before', () => {
    const width = layout.columnWidths.length;
    expect(layout.charts.map((c) => c.anchor.col)).toEqual(layout.charts.map(() => width + 1));
    // A 21-pixel row: a chart covers ⌈height / 21⌉ rows, and the next starts a row below that at the earliest.
    const [a, b] = layout.charts;
    expect(b.anchor.row).toBeGreaterThanOrEqual(a.anchor.row + Math.ceil(a.height / 21) + 1);
  });
  it('is at least 7 columns wide: the label column 220 pixels, the others 120', () => {
    expect(layout.columnWidths.length).toBeGreaterThanOrEqual(7);
    expect(layout.columnWidths.slice(0, 3)).toEqual([220, 120, 120]);
  });
});

describe('summary: title and subtitle', () => {
  it('takes the last month with data when the period is the whole table, and says so', () => {
    const layout = build(referenceDeals());
    expect(layout.rows[0]).toEqual([{ v: 'Sales KPI summary', style: 'title' }]);
    // 15 deals, none blank, none with an issue; the latest date is the close date 2024-03-20.
    expect(layout.rows[1][0].v).toBe(
      'Deal sheet: Deals · Period: 2024-03 (the last whole month with data) · 15 rows read, 15 used · generated 2025-01-01',
    );
    expect(layout.rows[1][0].style).toBe('subtitle');
  });
  it('merges the title and subtitle across the used columns and freezes them', () => {
    const layout = build(referenceDeals());
    const width = layout.columnWidths.length;
    expect(width).toBeGreaterThanOrEqual(7);
    expect(layout.merges).toEqual([
      { row: 0, col: 0, rows: 1, cols: width },
      { row: 1, col: 0, rows: 1, cols: width },
    ]);
    expect(layout.frozenRows).toBe(2);
    expect(layout.columnWidths[0]).toBeGreaterThan(layout.columnWidths[1]);
  });
  it('keeps an asked period as it is', () => {
    const layout = build(referenceDeals(), { period: '2024-02' });
    expect(layout.rows[1][0].v).toContain('Period: 2024-02 ·');
    expect(rowsOf(layout, 'overview')[1][1].v).toBe('Value: 2024-02');
  });
  it('summarises the whole table when it has no readable dates, with no previous period', () => {
    const layout = build(grid(['Closed', 'Amount', 'Status'], [['soon', 100, 'won'], ['', 50, 'open']]));
    expect(layout.rows[1][0].v).toContain('Period: the whole table: it has no readable dates ·');
    expect(vs(rowsOf(layout, 'overview')[1]).slice(1, 3)).toEqual(['Value: the whole table', 'Previous']);
    // Sales volume needs a close date (§6 Skipping): no readable one, so 0; the previous cell says why it is empty.
    const { cells } = rowIn(layout, 'overview', 'Sales volume');
    expect(cells[1].v).toBe(0);
    expect(cells[2]).toEqual({ style: 'muted', note: 'the whole table has no previous period' });
    expect(rowsOf(layout, 'byPeriod')[2]).toEqual([{ v: 'The table has no readable dates, so it has no periods.', style: 'note' }]);
  });
  it('names the number formats with patterns every spreadsheet reads, durations and velocity with their unit', () => {
    expect(build(referenceDeals()).formats).toEqual({
      money: '#,##0.00', moneyPerDay: '#,##0.00" /day"', percent: '0.0%', points: '+0.0" pp";-0.0" pp";0.0" pp"',
      days: '0.0" days"', months: '0.0" months"',
      integer: '#,##0', decimal: '#,##0.00', ratio: '0.00', date: 'yyyy-mm-dd', text: '@',
    });
    expect(build(referenceDeals(), { locale: 'ru' }).formats).toMatchObject({
      moneyPerDay: '#,##0.00" /день"', days: '0.0" дн."', months: '0.0" мес."', date: 'dd.mm.yyyy',
      // The pattern's decimal mark is always "."; the spreadsheet shows "-16,4 п.п." in a Russian locale.
      points: '+0.0" п.п.";-0.0" п.п.";0.0" п.п."',
    });
  });
  it('lays out the blocks top to bottom in the order of §4', () => {
    const layout = build(grid(['Created', 'Closed', 'Amount', 'Status', 'Rep', 'Source'], [
      [d('2024-03-01'), d('2024-03-05'), 100, 'won', 'Anna', 'Web'],
    ]));
    expect(layout.blocks.map((b) => b.id)).toEqual(['overview', 'byPeriod', 'byRep', 'bySource', 'pipeline', 'customerValue', 'dataQuality']);
    for (const b of layout.blocks) {
      expect(layout.rows[b.firstRow][0].style).toBe('section');
      const second = layout.rows[b.firstRow + 1];
      // Customer value without a customer column is the one line that says why; every other block starts with its header.
      if (b.id === 'customerValue') {
        expect(second).toHaveLength(1);
        expect(second[0]).toMatchObject({ style: 'note' });
        expect(second[0].v).toMatch(/^Customer value cannot be predicted: the deal table has no `customer` column/);
        expect(b.lastRow).toBe(b.firstRow + 1);
      } else {
        expect(second.every((c) => c.style === 'header')).toBe(true);
      }
    }
  });
});
