/**
 * What each customer is worth (§8): both models fitted on a deal table's customer summary, then per customer
 * P(alive), expected purchases, the expected value of a purchase and the CLV over a horizon of months.
 */
import { KpiError } from '../errors';
import { Kind } from '../fields';
import type { DealTable } from '../table';
import { expectedPurchases, fitBgNbd, pAlive, type BgNbdFit, type BgNbdParams } from './bgnbd';
import { expectedValue, fitGammaGamma, type GammaGammaFit, type GammaGammaParams } from './gammaGamma';
import { UNIT_DAYS, type CustomerHistory } from './history';
import { FitTimeout } from './optimise';
import { savedFitFor, type SavedFit } from './savedFits';

/** Days in a CLV month: a twelfth of a Julian year. */
export const MONTH_DAYS = 365.25 / 12;

/** How CLV is summed (§8): months ahead, the annual discount rate and the gross margin of a purchase. */
export interface ClvTerms {
  readonly horizonMonths: number;
  readonly discountRate: number;
  readonly margin: number;
}

/**
 * The margin CLV applies (§8): MARGIN over the table's purchases — won deals with a customer, a close date and an amount
 * ≥ 0 — that have a readable cost, i.e. Σ(amount − cost) / Σ amount; 1 without a `cost` column.
 */
export function purchaseMargin(table: DealTable): number {
  if (!table.columns.cost) return 1;
  const { amount, cost } = table.numbers;
  const closed = table.dates.closed;
  const customer = table.labels.customer.codes;
  let sales = 0;
  let profit = 0;
  for (let i = 0; i < table.n; i++) {
    if (table.kind[i] !== Kind.Won || customer[i] < 0 || !(closed[i] === closed[i])) continue;
    const a = amount[i];
    const c = cost[i];
    if (!(a >= 0) || !(c === c)) continue;
    sales += a;
    profit += a - c;
  }
  if (sales === 0) throw new KpiError('the purchases with a cost sum to 0, so their margin, which CLV is multiplied by, is undefined');
  return profit / sales;
}

/**
 * E[X(t) | x, t_x, T] − E[X(s) | …] summed into CLV: Σₖ₌₁..H (E[X(k months)] − E[X(k−1 months)]) × value × margin
 * / (1 + d)^k with d the monthly rate of the annual discount rate.
 */
export function customerClv(
  bg: BgNbdParams, x: number, tx: number, T: number, value: number, unitDays: number, terms: ClvTerms,
): number {
  const d = Math.pow(1 + terms.discountRate, 1 / 12) - 1;
  const month = MONTH_DAYS / unitDays;
  let sum = 0;
  let before = 0;
  for (let k = 1; k <= terms.horizonMonths; k++) {
    const now = expectedPurchases(bg, x, tx, T, k * month);
    sum += (now - before) / Math.pow(1 + d, k);
    before = now;
  }
  return sum * value * terms.margin;
}

/** Both fits of a customer summary, and the number of customers and repeat buyers they saw. */
export interface ClvModels {
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly bgnbd: BgNbdFit;
  readonly gammaGamma: GammaGammaFit;
}

/** Runs a fit of `customers` customers, turning a timeout into what to do about it. */
export function fitting<T>(customers: number, fit: () => T): T {
  try {
    return fit();
  } catch (e) {
    if (!(e instanceof FitTimeout)) throw e;
    throw new KpiError(
      `fitting the models to ${customers} customers takes longer than the 30 s a custom function may run: ` +
      'fit them in the sidebar (Customer value → Fit and save), and the functions will use the saved fit',
    );
  }
}

/** How a call may get its models: fit by `deadline` (epoch ms), unless a saved fit was made from the same summary. */
export interface FitOptions {
  readonly deadline?: number;
  readonly saved?: readonly SavedFit[];
}

/** The models of a customer summary: the document's saved fit of it, else a fit made now. */
export function modelsFor(h: CustomerHistory, options: FitOptions = {}): ClvModels {
  const saved = savedFitFor(h, options.saved);
  if (saved) return { customers: saved.customers, repeatCustomers: saved.repeatCustomers, bgnbd: saved.bgnbd, gammaGamma: saved.gammaGamma };
  return fitModels(h, options.deadline);
}

/** BG/NBD alone (P_ALIVE and EXPECTED_PURCHASES need no more): the saved fit of the summary, else one made now. */
export function bgnbdFor(h: CustomerHistory, options: FitOptions = {}): BgNbdFit {
  const saved = savedFitFor(h, options.saved);
  return saved ? saved.bgnbd : fitting(h.x.length, () => fitBgNbd(h, options.deadline));
}

/** Fits BG/NBD and Gamma-Gamma on a customer summary, by `deadline` (errors say which model had too few customers). */
export function fitModels(h: CustomerHistory, deadline?: number): ClvModels {
  let repeat = 0;
  for (let i = 0; i < h.x.length; i++) if (h.x[i] > 0) repeat++;
  return fitting(h.x.length, () => {
    const bgnbd = fitBgNbd(h, deadline);
    const gammaGamma = fitGammaGamma(h, deadline);
    return { customers: h.x.length, repeatCustomers: repeat, bgnbd, gammaGamma };
  });
}

/** Per customer of a summary (in its order): the models' answers. */
export interface CustomerValues {
  readonly pAlive: Float64Array;
  /** Purchases expected over the horizon. */
  readonly expectedPurchases: Float64Array;
  readonly expectedValue: Float64Array;
  readonly clv: Float64Array;
}

/** The models' answers for every customer of `h`, with expected purchases over `terms.horizonMonths`. */
export function customerValues(h: CustomerHistory, bg: BgNbdParams, gg: GammaGammaParams, terms: ClvTerms): CustomerValues {
  const n = h.x.length;
  const unitDays = UNIT_DAYS[h.unit];
  const horizon = (terms.horizonMonths * MONTH_DAYS) / unitDays;
  const out = { pAlive: new Float64Array(n), expectedPurchases: new Float64Array(n), expectedValue: new Float64Array(n), clv: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const x = h.x[i];
    out.pAlive[i] = pAlive(bg, x, h.tx[i], h.T[i]);
    out.expectedPurchases[i] = expectedPurchases(bg, x, h.tx[i], h.T[i], horizon);
    out.expectedValue[i] = expectedValue(gg, x, h.m[i]);
    out.clv[i] = customerClv(bg, x, h.tx[i], h.T[i], out.expectedValue[i], unitDays, terms);
  }
  return out;
}
