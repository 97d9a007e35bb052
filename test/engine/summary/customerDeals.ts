/** A deal table of 32 customers, 12 of them repeat buyers, for the customer-value block's tests and its writers'. */
import { d, grid } from '../../helpers';

/** Reps and sources by k % 3 and k % 4: C01 is Anna's and Web's, a source of '' is a blank cell. */
export const REPS = ['Vera', 'Anna', 'Boris'] as const;
export const SOURCES = ['', 'Web', 'Ads', 'Referral'] as const;

/** The repeat buyers: customer number → [repeat purchases, days between purchases]; every other customer bought once. */
export const REPEATS: Readonly<Record<number, readonly [number, number]>> = {
  1: [3, 10], 2: [2, 12], 3: [12, 14], 4: [3, 9], 5: [11, 14], 7: [2, 10], 8: [9, 15], 10: [1, 30], 11: [8, 14], 13: [2, 8],
  16: [1, 20], 20: [3, 14],
};

/** The summary's period: the models are calibrated at its last day, 2024-06-30. */
export const PERIOD = '2024-06';

/** `C01` … `C32`. */
export const customerName = (k: number): string => `C${String(k).padStart(2, '0')}`;

/** ISO day `n` days after 2024-01-01. */
function dayAfterNewYear(n: number): string {
  return new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
}

/**
 * Customer Ck (k = 1…32) first buys on 2024-01-01 + 5(k − 1) days for 100 + 10k, with rep REPS[k % 3] and source
 * SOURCES[k % 4]; a repeat buyer then buys REPEATS[k][0] more times, every REPEATS[k][1] days, for 50 + 5k + 10 (j % 3)
 * at the j-th time, always with the next rep (REPS[(k + 1) % 3]) and from Ads. All of it by 2024-06-30 but for three
 * rows that must not count: C02's purchase on 2024-07-10 (after the calibration end), C01's refund of −30 and a lost
 * deal of C40 (who never bought).
 * So by the first purchase Vera has 10 customers (k = 3, 6 … 30), Anna 11 (1, 4 … 31), Boris 11 (2, 5 … 32); each
 * source 8, the blank one k = 4, 8 … 32. C01 (Anna, Web; then Boris, Ads) has revenue 110 + 65 + 75 + 55 = 305 to date.
 * Some frequent buyers stopped early (C01, C04), some still buy (C03, C05): BG/NBD's fit is inside its range
 * (a ≈ 0.63, b ≈ 2.7), and every P(alive) band has customers.
 */
export function customerDeals(): unknown[][] {
  const rows: unknown[][] = [];
  for (let k = 1; k <= 32; k++) {
    const first = 5 * (k - 1);
    rows.push([customerName(k), d(dayAfterNewYear(first)), 100 + 10 * k, REPS[k % 3], SOURCES[k % 4], 'won']);
    const [times, gap] = REPEATS[k] ?? [0, 0];
    for (let j = 1; j <= times; j++) {
      rows.push([customerName(k), d(dayAfterNewYear(first + gap * j)), 50 + 5 * k + 10 * (j % 3), REPS[(k + 1) % 3], 'Ads', 'won']);
    }
  }
  rows.push(['C02', d('2024-07-10'), 999, 'Vera', 'Web', 'won']);
  rows.push(['C01', d('2024-03-01'), -30, 'Anna', 'Web', 'won']);
  rows.push(['C40', d('2024-05-01'), 400, 'Anna', 'Web', 'lost']);
  return grid(['Customer', 'Close date', 'Amount', 'Rep', 'Source', 'Status'], rows);
}
