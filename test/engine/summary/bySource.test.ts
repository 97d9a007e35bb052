import { describe, expect, it } from 'vitest';
import { build, cellAt, rowIn, rowsOf, vs } from './summaryHelpers';
import { sourceDeals } from './sourceDeals';

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
