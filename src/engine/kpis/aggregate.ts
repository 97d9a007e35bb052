/** Per-slice value helpers of the hand-written KPIs: numbers as values, ratios with reasons, combining two lists. */
import { describePeriod } from '../period';
import { noValue, type KpiValue } from '../kpi';
import type { Slicing } from '../slicing';

/** Numbers as KPI values. */
export function values(xs: ArrayLike<number>): KpiValue[] {
  return Array.from(xs);
}

/** num / den per slice; where den is 0, no value with `why(period)` as the reason. */
export function ratio(
  s: Slicing,
  num: ArrayLike<number>,
  den: ArrayLike<number>,
  why: (period: string) => string,
): KpiValue[] {
  return s.periods.map((p, k) => (den[k] === 0 ? noValue(why(describePeriod(p))) : num[k] / den[k]));
}

/** Maps two per-slice value lists into one, passing the first missing reason through. */
export function combine(a: KpiValue[], b: KpiValue[], f: (x: number, y: number) => KpiValue): KpiValue[] {
  return a.map((x, k) => {
    const y = b[k];
    if (typeof x !== 'number') return x;
    if (typeof y !== 'number') return y;
    return f(x, y);
  });
}
