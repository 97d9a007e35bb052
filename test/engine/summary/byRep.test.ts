import { describe, expect, it } from 'vitest';
import { d, grid, referenceDeals } from '../../helpers';
import { build, cellAt, rowIn, rowsOf, vs } from './summaryHelpers';

describe('summary: by rep', () => {
  // March: Anna won 8 for 400 000 (created 20 Feb, closed 2–9 March: 11–18 days, mean 14.5) and lost L2;
  // Boris lost L1 and won nothing.
  const plan = [['Month', 'Manager', 'Plan'], ['2024-03', 'Anna', 500000], ['2024-03', 'Boris', 100000]];
  const layout = build(referenceDeals(), { plan });

  it('has a row per rep with sales, plan, attainment, deals, rates and cycle', () => {
    const rows = rowsOf(layout, 'byRep');
    expect(rows[0][0].v).toBe('By rep for 2024-03');
    expect(vs(rows[1])).toEqual([
      'Rep', 'Sales volume', 'Plan', 'Plan attainment', 'Deals won', 'Win rate', 'Average deal', 'Sales cycle',
    ]);
    const anna = vs(rowIn(layout, 'byRep', 'Anna').cells);
    expect(anna.slice(0, 5)).toEqual(['Anna', 400000, 500000, 0.8, 8]);
    expect(anna[5]).toBeCloseTo(8 / 9, 12);
    expect(anna.slice(6)).toEqual([50000, 14.5]);
    expect(vs(rowIn(layout, 'byRep', 'Boris').cells)).toEqual(['Boris', 0, 100000, 0, 0, 0, null, null]);
  });
  it('leaves the plan of a rep the plan does not name empty, with the reason, instead of 0', () => {
    const onlyAnna = build(referenceDeals(), { plan: [['Month', 'Manager', 'Plan'], ['2024-03', 'Anna', 500000]] });
    const boris = rowIn(onlyAnna, 'byRep', 'Boris').cells;
    expect(boris[2].v).toBeNull();
    expect(boris[2].note).toBe('the plan has no target for Boris in 2024-03');
    expect(boris[3].v).toBeNull();
  });
  it('colours attainment against the plan and win rate against its benchmark', () => {
    expect(cellAt(layout, 'byRep', 'Anna', 'Plan attainment')).toMatchObject({ status: 'bad', fmt: 'percent' });
    expect(cellAt(layout, 'byRep', 'Anna', 'Win rate').status).toBeUndefined();
    // Boris: 0 won of 1 closed, below 15 %.
    expect(cellAt(layout, 'byRep', 'Boris', 'Win rate').status).toBe('bad');
    expect(cellAt(layout, 'byRep', 'Boris', 'Sales cycle')).toMatchObject({ v: null, fmt: 'days', note: 'no won deals with a creation date closed in 2024-03' });
  });
  it('charts sales against the plan as bars', () => {
    const b = layout.blocks.find((x) => x.id === 'byRep')!;
    expect(layout.charts[1]).toMatchObject({
      kind: 'bar',
      title: 'Sales by rep against plan',
      categories: { row: b.firstRow + 2, col: 0, lastRow: b.firstRow + 3, lastCol: 0 },
      series: [
        { name: 'Sales volume', values: { row: b.firstRow + 2, col: 1, lastRow: b.firstRow + 3, lastCol: 1 } },
        { name: 'Plan', values: { row: b.firstRow + 2, col: 2, lastRow: b.firstRow + 3, lastCol: 2 } },
      ],
    });
    // Charts do not overlap: the second starts below the first.
    const first = layout.charts[0];
    expect(layout.charts[1].anchor.row).toBeGreaterThan(first.anchor.row + first.height / 25);
  });
  it('has no plan columns without a plan by rep, and lists profit, margin and mix when the columns allow', () => {
    const g = grid(['Closed', 'Amount', 'Cost', 'Status', 'Rep', 'Type'], [
      [d('2024-03-01'), 100, 60, 'won', 'Anna', 'upsell'],
      [d('2024-03-02'), 300, 240, 'won', 'Anna', 'new'],
      [d('2024-03-03'), 50, 10, 'won', 'Boris', 'cross-sell'],
    ]);
    const layout2 = build(g, { plan: [['Month', 'Plan'], ['2024-03', 1000]] });
    expect(vs(rowsOf(layout2, 'byRep')[1])).toEqual([
      'Rep', 'Sales volume', 'Deals won', 'Win rate', 'Average deal', 'Profit', 'Margin', 'Upsell rate', 'Cross-sell rate',
    ]);
    // Anna: profit 40 + 60 = 100 of 400 (25 %); 1 upsell of 2.
    expect(vs(rowIn(layout2, 'byRep', 'Anna').cells)).toEqual(['Anna', 400, 2, 1, 200, 100, 0.25, 0.5, 0]);
    expect(vs(rowIn(layout2, 'byRep', 'Boris').cells)).toEqual(['Boris', 50, 1, 1, 50, 40, 0.8, 0, 1]);
    expect(layout2.charts[1].title).toBe('Sales by rep');
  });
  it('names the rows without a rep (blank)', () => {
    const g = grid(['Closed', 'Amount', 'Status', 'Rep'], [[d('2024-03-01'), 100, 'won', 'Anna'], [d('2024-03-02'), 70, 'won', '']]);
    expect(vs(rowIn(build(g), 'byRep', '(blank)').cells).slice(0, 2)).toEqual(['(blank)', 70]);
  });
});
