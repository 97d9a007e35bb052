import { describe, expect, it } from 'vitest';
import { referenceDeals } from '../../helpers';
import { build, rowsOf, vs } from './summaryHelpers';

describe('summary: by period', () => {
  const layout = build(referenceDeals());
  const rows = rowsOf(layout, 'byPeriod');

  it('has a row per month of the table\'s span, January (a creation date) to March', () => {
    expect(vs(rows[1])).toEqual([
      'Month', 'Sales volume', 'Deals won', 'Deals lost', 'Win rate', 'Average deal', 'New customers', 'Active customers',
    ]);
    // January: nothing closed. February: 5 won for 250 000 by C1–C5, all new.
    // March: 8 won for 400 000 by C1–C8 (C6–C8 new), 2 lost: win rate 8/10.
    expect(vs(rows[2])).toEqual(['2024-01', 0, 0, 0, null, null, 0, 0]);
    expect(vs(rows[3])).toEqual(['2024-02', 250000, 5, 0, 1, 50000, 5, 5]);
    expect(vs(rows[4])).toEqual(['2024-03', 400000, 8, 2, 0.8, 50000, 3, 8]);
    expect(rows.length).toBe(5);
  });
  it('formats each column by its unit and keeps period labels as text', () => {
    expect(rows[3].map((c) => c.fmt)).toEqual(['text', 'money', 'integer', 'integer', 'percent', 'money', 'integer', 'integer']);
    expect(rows[2][4].note).toBe('no won or lost deals closed in 2024-01');
  });
  it('sums over the buckets to the whole table: 650 000 by quarter', () => {
    const q = rowsOf(build(referenceDeals(), { granularity: 'quarter' }), 'byPeriod');
    expect(q[1][0].v).toBe('Quarter');
    expect(vs(q[2]).slice(0, 4)).toEqual(['2024-Q1', 650000, 13, 2]);
  });
  it('charts sales volume as columns and deals won as a line, beside the blocks', () => {
    const top = layout.blocks.find((b) => b.id === 'byPeriod')!.firstRow + 2;
    const chart = layout.charts[0];
    expect(chart).toMatchObject({
      kind: 'combo',
      title: 'Sales volume and deals won by period',
      categories: { row: top, col: 0, lastRow: top + 2, lastCol: 0 },
      series: [
        { name: 'Sales volume', values: { row: top, col: 1, lastRow: top + 2, lastCol: 1 }, as: 'column' },
        { name: 'Deals won', values: { row: top, col: 2, lastRow: top + 2, lastCol: 2 }, as: 'line' },
      ],
    });
    expect(chart.anchor.col).toBe(layout.columnWidths.length + 1);
  });
});
