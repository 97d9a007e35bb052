/**
 * LTV with `method` "bgnbd" (§8): the mean 12-month CLV, undiscounted, of the customers whose first purchase is in a
 * slice's period, with the models calibrated at that period's end and each customer in the group of their first purchase.
 */
import { noValue, type KpiValue } from '../kpi';
import { describePeriod, type Period } from '../period';
import type { Slicing } from '../slicing';
import type { DealTable } from '../table';
import { KpiError } from '../errors';
import { customerHistory, lastPurchaseDay, type CustomerHistory } from './history';
import { customerValues, modelsFor, purchaseMargin, type FitOptions } from './value';

/** The LTV horizon and discount of §8. */
const TERMS = { horizonMonths: 12, discountRate: 0 } as const;

/** The calibration end of a period: its last day, or the last purchase's day over the whole table. */
function calibrationEndOf(table: DealTable, p: Period): number {
  return p.kind === 'all' ? lastPurchaseDay(table) : p.end - 1;
}

/** Each customer's CLV at one calibration end, or the reason the models could not be fitted there. */
function clvsAt(table: DealTable, end: number, margin: () => number, fit: FitOptions): { h: CustomerHistory; clv: Float64Array } | { reason: string } {
  if (!(end === end)) return { reason: 'there are no purchases: won deals with a customer, a close date and an amount of 0 or more' };
  const h = customerHistory(table, 'week', end);
  try {
    const m = modelsFor(h, fit);
    return { h, clv: customerValues(h, m.bgnbd, m.gammaGamma, { ...TERMS, margin: margin() }).clv };
  } catch (e) {
    if (e instanceof Error && e.name === 'KpiError') return { reason: e.message };
    throw e;
  }
}

/** The mean of the CLVs of the customers `keep` selects, or why there is none. */
function meanClv(clv: Float64Array, keep: (i: number) => boolean, p: Period): KpiValue {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < clv.length; i++) {
    if (!keep(i)) continue;
    sum += clv[i];
    n++;
  }
  if (n === 0) return noValue(`no customer made a first purchase in ${describePeriod(p)}`);
  return Number.isFinite(sum) ? sum / n : noValue('Gamma-Gamma gives no expected value for one-time buyers (q ≤ 1)');
}

/** LTV by BG/NBD and Gamma-Gamma for each slice of `s`, with the models `fit` allows (a deadline, saved fits). */
export function bgnbdLtv(table: DealTable, s: Slicing, fit: FitOptions = {}): KpiValue[] {
  let marginValue: number | undefined;
  const margin = (): number => (marginValue ??= purchaseMargin(table));
  const inPeriod = (h: CustomerHistory, p: Period) => (i: number): boolean =>
    p.kind === 'all' || (h.firstDay[i] >= p.start && h.firstDay[i] < p.end);
  if (s.by === 'time') {
    // Every bucket is its own calibration: the customers it acquired, valued at its end.
    return s.periods.map((p) => {
      const at = clvsAt(table, calibrationEndOf(table, p), margin, fit);
      return 'reason' in at ? noValue(at.reason) : meanClv(at.clv, inPeriod(at.h, p), p);
    });
  }
  const at = clvsAt(table, calibrationEndOf(table, s.period), margin, fit);
  if ('reason' in at) {
    if (s.by === 'whole') throw new KpiError(at.reason);
    return s.periods.map(() => noValue(at.reason));
  }
  const { h, clv } = at;
  const inP = inPeriod(h, s.period);
  if (s.by === 'whole') return [meanClv(clv, inP, s.period)];
  // A customer belongs to the group of their first purchase's row.
  return s.labels.map((_, k) => meanClv(clv, (i) => inP(i) && s.slotOfRow[h.firstRow[i]] === k, s.period));
}
