/** A deal table shared by the by-source and pipeline block tests. */
import { d, grid } from '../../helpers';

/**
 * Sheet rows 2–8: three Web leads and one Ads lead created in March, an Ads refund in March, an Ads sale
 * in February, and a Web deal created in February and lost in March.
 */
export function sourceDeals(): unknown[][] {
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
