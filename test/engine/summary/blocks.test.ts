import { describe, expect, it } from 'vitest';
import { d, grid, referenceDeals } from '../../helpers';
import { build, cellAt, rowIn, rowsOf, vs } from './summaryHelpers';

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

/**
 * Sheet rows 2–8: three Web leads and one Ads lead created in March, an Ads refund in March, an Ads sale
 * in February, and a Web deal created in February and lost in March.
 */
function sourceDeals(): unknown[][] {
  return grid(['Created', 'Closed', 'Amount', 'Status', 'Source', 'Customer'], [
    [d('2024-03-01'), d('2024-03-10'), 100, 'won', 'Web', 'W1'],
    [d('2024-03-02'), d('2024-03-12'), 40, 'lost', 'Web', 'W2'],
    [d('2024-03-03'), '', 70, 'open', 'Web', 'W3'],
    [d('2024-03-05'), d('2024-03-20'), 200, 'won', 'Ads', 'A2'],
    [d('2024-03-06'), d('2024-03-25'), -50, 'won', 'Ads', 'A2'],
    [d('2024-02-01'), d('2024-02-10'), 100, 'won', 'Ads', 'A1'],
    [d('2024-02-15'), d('2024-03-15'), 500, 'lost', 'Web', 'W4'],
  ]);
}

describe('summary: by source', () => {
  const spend = [['Month', 'Source', 'Spend'], ['2024-03', 'Web', 300], ['2024-03', 'Ads', 600]];
  const layout = build(sourceDeals(), { period: '2024-03', spend });

  it('counts leads created in the period, refunds not: Web 3, Ads 1', () => {
    expect(vs(rowsOf(layout, 'bySource')[1])).toEqual([
      'Source / campaign', 'Leads', 'Lead conversion', 'Sales volume', 'Incremental sales', 'Customer acquisition cost',
    ]);
    expect(cellAt(layout, 'bySource', 'Web', 'Leads').v).toBe(3);
    expect(cellAt(layout, 'bySource', 'Ads', 'Leads').v).toBe(1);
  });
  it('gives conversion, sales, incremental sales against February and CAC per source', () => {
    // Web: 1 of 3 leads won; sales 100, February 0; 300 spent on 1 new customer (W1).
    const web = vs(rowIn(layout, 'bySource', 'Web').cells);
    expect(web[2]).toBeCloseTo(1 / 3, 12);
    expect(web.slice(3)).toEqual([100, 100, 300]);
    // Ads: 1 of 1 lead won; sales 200 − 50 = 150, February 100; 600 spent on 1 new customer (A2).
    expect(vs(rowIn(layout, 'bySource', 'Ads').cells)).toEqual(['Ads', 1, 1, 150, 50, 600]);
    expect(cellAt(layout, 'bySource', 'Ads', 'Customer acquisition cost').fmt).toBe('money');
  });
  it('has no CAC column when the spend has no source column', () => {
    const noSource = build(sourceDeals(), { period: '2024-03', spend: 900 });
    expect(vs(rowsOf(noSource, 'bySource')[1])).not.toContain('Customer acquisition cost');
    // The overview has CAC for the whole period: 900 / 2 new customers (W1, A2).
    expect(cellAt(noSource, 'overview', 'Customer acquisition cost', 'Value: 2024-03').v).toBe(450);
  });
});

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
    expect(log.blocks.map((b) => b.id)).toEqual(['overview', 'byPeriod', 'dataQuality']);
  });
});

describe('summary: data quality', () => {
  const g = grid(['Deal', 'Created', 'Closed', 'Amount', 'Status'], [
    ['D1', d('2024-03-01'), d('2024-03-05'), 100, 'won'],
    ['D2', d('2024-03-01'), d('2024-03-06'), '=HYPERLINK("http://x.test","click")', 'won'],
    ['', '', '', '', ''],
    ['D4', d('2024-03-01'), '32.13.2024', 50, 'lost'],
    ['D5', d('2024-03-01'), d('2024-03-07'), 80, 'maybe'],
  ]);
  const layout = build(g);

  it('counts rows read, used, blank and with issues: 5 read = 1 used + 1 blank + 3 with issues', () => {
    // Five rows under the header: one blank, three with an issue (D2, D4, D5), one clean (D1).
    const rows = rowsOf(layout, 'dataQuality');
    expect(vs(rows[1])).toEqual(['Measure', 'Rows']);
    expect(rows.slice(2, 6).map(vs)).toEqual([['Rows read', 5], ['Rows used', 1], ['Blank rows', 1], ['Rows with issues', 3]]);
  });
  it('lists every issue with its row, column, value and reason', () => {
    const rows = rowsOf(layout, 'dataQuality');
    const head = rows.findIndex((r) => r[0]?.v === 'Row');
    expect(vs(rows[head])).toEqual(['Row', 'Column', 'Value', 'Reason']);
    expect(rows.slice(head + 1).map(vs)).toEqual([
      [3, 'Amount', '=HYPERLINK("http://x.test","click")', 'not a number'],
      [5, 'Closed', '32.13.2024', 'not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)'],
      [6, 'Status', 'maybe', 'unknown status (expected won, lost or open)'],
    ]);
  });
  it('writes user text that starts with = as a value, never as a formula (§5)', () => {
    const cell = layout.rows.find((r) => r[2]?.v === '=HYPERLINK("http://x.test","click")')?.[2];
    expect(cell).toEqual({ v: '=HYPERLINK("http://x.test","click")', style: 'value', fmt: 'text' });
    expect(cell?.f).toBeUndefined();
  });
  it('says so when every cell was read', () => {
    const clean = rowsOf(build(referenceDeals()), 'dataQuality');
    expect(clean[clean.length - 1]).toEqual([{ v: 'No issues: every cell was read.', style: 'note' }]);
  });
});
