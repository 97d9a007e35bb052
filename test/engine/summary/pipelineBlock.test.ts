import { describe, expect, it } from 'vitest';
import { d, grid } from '../../helpers';
import { build, cellAt, rowIn, rowsOf, vs } from './summaryHelpers';
import { sourceDeals } from './sourceDeals';

describe('summary: pipeline', () => {
  const layout = build(sourceDeals(), { period: '2024-03' });

  it('shows open deals and their value at the end of the period and of the previous one', () => {
    const rows = rowsOf(layout, 'pipeline');
    expect(vs(rows[1])).toEqual(['Measure', 'At the end of 2024-03', 'At the end of 2024-02', 'Change']);
    // End of March: only W3 is open (70). End of February: W4, created 15 Feb and lost 15 March (500).
    expect(vs(rowIn(layout, 'pipeline', 'Open deals').cells)).toEqual(['Open deals', 1, 1, 0]);
    const value = vs(rowIn(layout, 'pipeline', 'Pipeline value').cells);
    expect(value.slice(0, 3)).toEqual(['Pipeline value', 70, 500]);
    expect(value[3]).toBeCloseTo((70 - 500) / 500, 12);
  });
  it('gives velocity: 1 open × win rate 2/4 × average deal 250/2 / cycle (9 + 15)/2 days', () => {
    expect(cellAt(layout, 'pipeline', 'Pipeline velocity', 'At the end of 2024-03').v).toBeCloseTo((1 * 0.5 * 125) / 12, 9);
  });
  it('lists the open deals with their expected value and DEAL_SCORE', () => {
    const rows = rowsOf(layout, 'pipeline');
    const at = rows.findIndex((r) => r[0]?.v === 'Open deals at the end of 2024-03, by DEAL_SCORE');
    expect(vs(rows[at + 1])).toEqual(['Row', 'Created', 'Source / campaign', 'Amount', 'Expected value', 'DEAL_SCORE']);
    // W3 on sheet row 4: no probability column, so 70 × Web's (1 won + 1) / (3 closed + 2) = 28; the only open deal scores 1.
    // Created 2024-03-03 is serial 45354.
    expect(vs(rows[at + 2])).toEqual([4, 45354, 'Web', 70, 28, 1]);
    expect(rows[at + 2][1].fmt).toBe('date');
  });
  it('lists at most 50 deals, best score then largest expected value first, and says how many more', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [d('2024-03-01'), '', (i + 1) * 10, 'open', 0.5]);
    const big = build(grid(['Created', 'Closed', 'Amount', 'Status', 'Probability'], rows), { period: '2024-03' });
    const list = rowsOf(big, 'pipeline');
    const head = list.findIndex((r) => r[0]?.v === 'Row');
    // Amounts 10…600 at p = 0.5; the 600 deal (sheet row 61) has 59 of 60 below it: score 1 + ⌊5 × 59 / 60⌋ = 5.
    expect(vs(list[head + 1])).toEqual([61, 45352, 600, 0.5, 300, 5]);
    expect(vs(list[head + 2]).slice(0, 1)).toEqual([60]);
    expect(list[head + 50][0].v).toBe(12);
    expect(list[head + 51]).toEqual([{ v: '10 more open deals are not listed.', style: 'note' }]);
    expect(big.rows.find((r) => r[0]?.v === 'Weighted pipeline value')?.[1].v).toBe((10 * 60 * 61) / 2 / 2);
  });
  it('is absent without a status column (a sales log has no open deals)', () => {
    const log = build(grid(['Date', 'Amount'], [[d('2024-03-01'), 100]]));
    expect(log.blocks.map((b) => b.id)).toEqual(['overview', 'byPeriod', 'customerValue', 'dataQuality']);
  });
});
