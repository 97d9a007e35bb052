import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/generate';
import { CDNOW_LIKE, PURCHASE_HEADER, gammaDeviate, generatePurchases } from '../../bench/purchases';
import { customerHistory } from '../../src/engine/clv/history';
import { Kind } from '../../src/engine/fields';
import { readDeals } from '../../src/engine/read';

const DAY = 86400000;
const N = 5000;
/** One generated history shared by the shape tests. */
const GEN = generatePurchases({ purchases: N, seed: 7 });
const ROWS = GEN.grid.slice(1);
const dayOf = (v: unknown): number => (v as Date).getTime() / DAY;

describe('gammaDeviate', () => {
  it('draws Gamma(k, 1): mean k and variance k, below and above shape 1', () => {
    const rand = mulberry32(11);
    for (const k of [0.25, 0.72, 3.6, 6.3]) {
      const xs = Array.from({ length: 20_000 }, () => gammaDeviate(rand, k));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
      expect(xs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
      expect(Math.abs(mean - k) / k).toBeLessThan(0.05);
      expect(Math.abs(variance - k) / k).toBeLessThan(0.15);
    }
  });
});

describe('generatePurchases', () => {
  it('gives the same grid for the same seed and another for another seed', () => {
    const a = generatePurchases({ purchases: 800, seed: 3 });
    expect(generatePurchases({ purchases: 800, seed: 3 })).toEqual(a);
    expect(generatePurchases({ purchases: 800, seed: 4 }).grid).not.toEqual(a.grid);
  });

  it('has the header, then at least the purchases asked for (the last customer kept whole), 3 cells a row', () => {
    expect(GEN.grid[0]).toEqual([...PURCHASE_HEADER]);
    expect(GEN.grid[0]).toEqual(['customer', 'close date', 'amount']);
    expect(GEN.purchases).toBe(ROWS.length);
    expect(ROWS.length).toBeGreaterThanOrEqual(N);
    expect(ROWS.length).toBeLessThan(N + 100);
    expect(ROWS.every((r) => r.length === 3)).toBe(true);
  });

  it('hands cells over as getValues() does: customer ids, Dates at UTC midnight, amounts in whole cents', () => {
    const bad = ROWS.filter((r) =>
      typeof r[0] !== 'string' || !/^C\d{7}$/.test(r[0])
      || !(r[1] instanceof Date) || r[1].getTime() % DAY !== 0
      || typeof r[2] !== 'number' || !(r[2] >= 0) || Math.abs(r[2] * 100 - Math.round(r[2] * 100)) > 1e-6);
    expect(bad).toEqual([]);
  });

  it('spans 78 weeks in date order, every customer first buying in the first 12 weeks', () => {
    const days = ROWS.map((r) => dayOf(r[1]));
    expect(days.every((d, i) => i === 0 || d >= days[i - 1])).toBe(true);
    expect(days[0]).toBe(GEN.firstDay);
    expect(GEN.firstDay).toBe(Date.UTC(2024, 0, 1) / DAY);
    expect(days[days.length - 1]).toBe(GEN.lastDay);
    expect(GEN.lastDay).toBeLessThan(GEN.firstDay + 78 * 7);
    expect(GEN.lastDay).toBeGreaterThan(GEN.firstDay + 77 * 7);
    expect(GEN.now).toBeGreaterThan(GEN.lastDay * DAY);
    const first = new Map<unknown, number>();
    for (const r of ROWS) if (!first.has(r[0])) first.set(r[0], dayOf(r[1]));
    expect(first.size).toBe(GEN.customers);
    expect(Math.max(...first.values()) - GEN.firstDay).toBeLessThan(12 * 7);
  });

  it('looks like CDNOW: about 3 purchases a customer, most never come back, a mean spend near pγ/(q − 1)', () => {
    const perCustomer = ROWS.length / GEN.customers;
    expect(perCustomer).toBeGreaterThan(2);
    expect(perCustomer).toBeLessThan(4);
    const mean = ROWS.reduce((s, r) => s + (r[2] as number), 0) / ROWS.length;
    const { p, q, gamma } = CDNOW_LIKE;
    expect(Math.abs(mean / ((p * gamma) / (q - 1)) - 1)).toBeLessThan(0.15);
    const table = readDeals(GEN.grid, { timeZone: 'UTC', now: GEN.now });
    const h = customerHistory(table, 'week');
    const once = h.x.filter((x) => x === 0).length / h.x.length;
    expect(once).toBeGreaterThan(0.4);
    expect(once).toBeLessThan(0.75);
  });

  it('is read by the engine as a sales log with zero row issues, every row a won sale', () => {
    const table = readDeals(GEN.grid, { timeZone: 'UTC', now: GEN.now });
    expect(table.issues).toEqual([]);
    expect(table.n).toBe(ROWS.length);
    expect(table.isSalesLog).toBe(true);
    expect(new Set(table.kind)).toEqual(new Set([Kind.Won]));
    expect(customerHistory(table, 'week').labels).toHaveLength(GEN.customers);
  });
});
