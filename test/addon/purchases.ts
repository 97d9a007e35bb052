/** A small customer base for the customer-value models' add-on and sidebar tests (test/addon/clvFits.test.ts, test/sidebar). */

const DAY = 86_400_000;

/**
 * 30 customers' purchases in 2024 (won deals, one a row: customer, close date, amount, status), made by a fixed
 * pseudo-random walk: each customer buys every so many days and drops out after a purchase with a chance of their own;
 * 15 of them buy again. 58 data rows (A1:D59); the last purchase is on 2024-12-07. `label(i)` names customer i (1-based).
 */
export function purchases(
  header: readonly string[] = ['Customer', 'Closed', 'Amount', 'Status'],
  label: (i: number) => string = (i) => `Customer ${String(i).padStart(2, '0')}`,
): unknown[][] {
  const rows: unknown[][] = [[...header]];
  let seed = 8;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let c = 1; c <= 30; c++) {
    const name = label(c);
    let day = Date.UTC(2024, 0, 1) + Math.floor(rnd() * 90) * DAY;
    const gap = 15 + Math.floor(rnd() * 90);
    const dropout = 0.2 + rnd() * 0.6;
    const mean = 80 + Math.round(rnd() * 400);
    rows.push([name, new Date(day), mean, 'won']);
    for (;;) {
      if (rnd() < dropout) break;
      day += Math.round(gap * (0.3 + rnd() * 1.4)) * DAY;
      if (day > Date.UTC(2024, 11, 31)) break;
      rows.push([name, new Date(day), Math.round(mean * (0.6 + rnd() * 0.8)), 'won']);
    }
  }
  return rows;
}
