/**
 * A seeded generator of purchase histories drawn from the customer-value models' own generative process, shaped as a
 * deal grid like the CDNOW one (`customer`, `close date`, `amount`: a sales log, every row a won sale), exactly as
 * `Range.getValues()` hands it to a script: `Date`s at UTC midnight, numbers, strings.
 *
 * Per customer (Fader, Hardie & Lee 2005, times in weeks):
 * - acquired at a uniform instant of the first `acquisitionWeeks` weeks, with a first purchase then;
 * - a purchase rate λ ~ Gamma(r, α) (shape r, rate α) and a dropout probability p ~ Beta(a, b): repeat purchases
 *   arrive as a Poisson process of rate λ, and after each repeat purchase the customer drops out with probability p
 *   (BG/NBD: no dropout at the first purchase);
 * - a spend scale ν ~ Gamma(q, γ) and every purchase's amount ~ Gamma(p, ν) (Gamma-Gamma), in whole cents;
 * - observed until `weeks` weeks after the start of the span.
 *
 * Customers are drawn one after another until the purchases reach `purchases` (the last customer's history is kept
 * whole, so a grid has `purchases` rows or a few more), which takes about purchases / 3 customers with the default
 * CDNOW-like parameters. The rows are in date order (a sales log as it grows), customers in order of acquisition within
 * a day. The same options always give the same grid.
 */
import { mulberry32 } from './generate';

/** The header row: the CDNOW grid's. */
export const PURCHASE_HEADER = ['customer', 'close date', 'amount'] as const;

/** BG/NBD and Gamma-Gamma parameters near the CDNOW master file's fits (weeks, dollars). */
export const CDNOW_LIKE = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.2, p: 6.3, q: 3.6, gamma: 15 } as const;

/** The default first day of the span. */
export const PURCHASES_START = new Date(Date.UTC(2024, 0, 1));

const DAY_MS = 86400000;

/** How to generate a purchase history. */
export interface PurchaseGenOptions {
  /** Purchases (rows) wanted: the grid has this many or a few more. Default 1 000 000. */
  readonly purchases?: number;
  /** Any 32-bit integer; the same seed always gives the same grid. */
  readonly seed: number;
  /** The models' parameters. Default `CDNOW_LIKE`. */
  readonly params?: Partial<typeof CDNOW_LIKE>;
  /** Weeks over which customers are acquired. Default 12. */
  readonly acquisitionWeeks?: number;
  /** Weeks observed from the start of the span. Default 78. */
  readonly weeks?: number;
  /** First day of the span, read at UTC midnight. Default 2024-01-01. */
  readonly start?: Date;
}

/** A generated grid and what made it. */
export interface PurchaseHistory {
  /** The header row, then one row per purchase. */
  readonly grid: unknown[][];
  readonly customers: number;
  readonly purchases: number;
  /** UTC day numbers of the span's first day and of its last (inclusive). */
  readonly firstDay: number;
  readonly lastDay: number;
  /** An instant after every date of the grid: pass it as `ReadOptions.now`. */
  readonly now: number;
}

/** A standard normal deviate (Box–Muller, one of the pair). */
function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A Gamma(shape, 1) deviate: Marsaglia & Tsang (2000), with the U^(1/k) boost for shape < 1. */
export function gammaDeviate(rand: () => number, shape: number): number {
  if (shape < 1) return gammaDeviate(rand, shape + 1) * Math.pow(1 - rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = gauss(rand);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rand(); // in (0, 1]
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) deviate, from two Gamma deviates. */
function betaDeviate(rand: () => number, a: number, b: number): number {
  const x = gammaDeviate(rand, a);
  const y = gammaDeviate(rand, b);
  return x / (x + y);
}

/** `C0000042`: a customer id, as one flat string (see `numbered` in generate.ts). */
const customerId = (n: number): string => ['C', String(n).padStart(7, '0')].join('');

/** Generates a purchase history; see the module comment. */
export function generatePurchases(options: PurchaseGenOptions): PurchaseHistory {
  const wanted = options.purchases ?? 1_000_000;
  const { r, alpha, a, b, p, q, gamma } = { ...CDNOW_LIKE, ...options.params };
  const acquisitionWeeks = options.acquisitionWeeks ?? 12;
  const weeks = options.weeks ?? 78;
  const firstDay = Math.floor((options.start ?? PURCHASES_START).getTime() / DAY_MS);
  const spanDays = Math.round(weeks * 7);
  const rand = mulberry32(options.seed);

  // Every purchase as (day offset, customer number, amount), in customer order; sorted by day below.
  let day = new Int32Array(Math.max(16, wanted + 64));
  let who = new Int32Array(day.length);
  let cents = new Float64Array(day.length);
  let n = 0;
  const push = (t: number, c: number, nu: number): void => {
    if (n === day.length) {
      const grow = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => (fresh.set(old), fresh);
      day = grow(day, new Int32Array(day.length * 2));
      who = grow(who, new Int32Array(who.length * 2));
      cents = grow(cents, new Float64Array(cents.length * 2));
    }
    day[n] = Math.min(spanDays - 1, Math.floor(t * 7));
    who[n] = c;
    cents[n] = Math.round((100 * gammaDeviate(rand, p)) / nu);
    n++;
  };

  let customers = 0;
  while (n < wanted) {
    const c = customers++;
    const acquired = acquisitionWeeks * rand();
    const lambda = gammaDeviate(rand, r) / alpha;
    const dropout = betaDeviate(rand, a, b);
    const nu = gammaDeviate(rand, q) / gamma;
    push(acquired, c, nu);
    let t = acquired;
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (!(t < weeks)) break; // also ends a customer whose λ is 0
      push(t, c, nu);
      if (rand() < dropout) break;
    }
  }

  // A counting sort by day: stable, so customers stay in order of acquisition within a day.
  const start = new Int32Array(spanDays + 1);
  for (let i = 0; i < n; i++) start[day[i] + 1]++;
  for (let d = 0; d < spanDays; d++) start[d + 1] += start[d];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[day[i]]++] = i;

  const names = Array.from({ length: customers }, (_, c) => customerId(c + 1));
  const grid: unknown[][] = new Array(n + 1);
  grid[0] = PURCHASE_HEADER.slice();
  let lastDay = firstDay;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const d = firstDay + day[i];
    if (d > lastDay) lastDay = d;
    grid[k + 1] = [names[who[i]], new Date(d * DAY_MS), cents[i] / 100];
  }
  return { grid, customers, purchases: n, firstDay, lastDay, now: (firstDay + spanDays + 1) * DAY_MS };
}
